/**
 * The capture program ({@code procsnap}) and its engine, which replay's {@code --live} runs too:
 * {@code io.procsnap.capture} (the capture, its plan and result, the command line), {@code collect} (what
 * to read) and {@code engine} (how it is read, where entries go). Redaction stays inside.
 */
module io.procsnap.capture {
    requires transitive io.procsnap.format;
    requires transitive info.picocli;

    exports io.procsnap.capture;
    exports io.procsnap.capture.collect;
    exports io.procsnap.capture.engine;
}
