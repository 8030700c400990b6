package io.procsnap.replay.fuse;

/** Tells a callback which process made the current request (a one-method seam; tests use a fixed caller). */
@FunctionalInterface
public interface CallerContext {
    Caller current();
}
