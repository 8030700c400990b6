package io.procsnap.capture;

import io.procsnap.format.Manifest;

/**
 * What {@code procsnap --version} prints, without picocli: {@link Main} answers a lone {@code --version}
 * from here before any command line is built, and {@link CaptureCommand.Version} hands the same lines to
 * picocli for every other spelling.
 */
final class VersionText {
    private VersionText() {
    }

    /** The version from the jar manifest ({@code dev} outside a jar). */
    static String version() {
        String v = VersionText.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** The first line; a second names the bundle and its floor when the bundle's launcher started us. */
    static String[] lines() {
        String first = "procsnap " + version() + " (archive format " + Manifest.FORMAT_VERSION + ", Java "
                + System.getProperty("java.runtime.version") + ", " + System.getProperty("os.arch") + ")";
        String bundle = System.getProperty("procsnap.bundle");
        return bundle == null ? new String[] {first} : new String[] {first, "bundle " + bundle};
    }
}
