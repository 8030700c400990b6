/**
 * {@code procsnap-replay}: an application, not a library; it exports nothing. Open for reflection, as
 * picocli reads its commands' annotations and Jackson writes its records as JSON.
 */
open module io.procsnap.replay {
    requires io.procsnap.capture;
    requires io.procsnap.format;
    requires info.picocli;
    requires com.fasterxml.jackson.databind;
    requires org.cryptomator.jfuse.api;
    requires jdk.unsupported;
}
