package io.procsnap.capture;

/** A failure that ends the run with a message and an exit code (never a stack trace). */
final class CaptureFailure extends Exception {
    private static final long serialVersionUID = 1L;
    final int exitCode;

    CaptureFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }
}
