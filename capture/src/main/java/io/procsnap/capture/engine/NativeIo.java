package io.procsnap.capture.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The reader's syscalls through the bundle's small JNI library ({@code src/main/c/procsnap-io.c}): one
 * call per file makes open, read to EOF and close; one makes readlink, one lstat, one lists a
 * directory. The same syscalls as the NIO path, without its Java work per file (path objects, channel,
 * cleaner, interruptible begin/end) and the JIT compilation of that work: about a fifth of the capture's
 * CPU. The library is loaded from the path in the
 * {@value #PROPERTY} system property (the bundle's launcher sets it); without it, or when it does not
 * load, {@link #available()} is false and the reader uses NIO: the plain jar on any Java 17+ runtime.
 */
public final class NativeIo {
    /** System property naming the library file. */
    static final String PROPERTY = "procsnap.native";

    private static final String LOAD_PROBLEM;

    static {
        String problem = null;
        String lib = System.getProperty(PROPERTY, "");
        if (lib.isEmpty()) {
            problem = "not asked for: -D" + PROPERTY + " unset";
        } else {
            try {
                System.load(lib);
            } catch (UnsatisfiedLinkError | SecurityException e) {
                problem = "not loaded: " + e.getMessage();
            }
        }
        LOAD_PROBLEM = problem;
    }

    private NativeIo() {
    }

    /** Whether the library is loaded. */
    public static boolean available() {
        return LOAD_PROBLEM == null;
    }

    /** Why the library is not used, or null when it is (also loads it, for the watcher's kmsg reader). */
    public static String problem() {
        return LOAD_PROBLEM;
    }

    /**
     * The file's content, at most {@code cap} bytes; null when it failed, then {@code status[0]} is the
     * errno. {@code status[1]} is 1 when more content followed the cap.
     */
    static native byte[] read0(byte[] path, int cap, int[] status);

    /** The link's target bytes; null when it failed, then {@code status[0]} is the errno. */
    static native byte[] readLink0(byte[] path, int[] status);

    /** lstat: {@code out} gets errno (0 on success), st_mode, st_uid, st_gid; returns the errno. */
    static native int lstat0(byte[] path, int[] out);

    /** The directory's names ("." and ".." left out), each followed by a NUL; null when it failed. */
    static native byte[] list0(byte[] path, int[] status);

    /** Adds the names of a {@link #list0} result to {@code names}. */
    static void names(byte[] list, java.util.List<String> names) {
        int from = 0;
        for (int i = 0; i < list.length; i++) {
            if (list[i] == 0) {
                names.add(new String(list, from, i - from, FILE_NAMES));
                from = i + 1;
            }
        }
    }

    private static final Charset FILE_NAMES = fileNameCharset();

    /**
     * The bytes the kernel gets for {@code path}: encoded as the JDK encodes file names
     * ({@code sun.jnu.encoding}); a name that charset cannot represent, or one with a NUL, fails as it
     * does in NIO ("Invalid file path").
     */
    static byte[] pathBytes(String path) throws IOException {
        int len = path.length();
        for (int i = 0; i < len; i++) {
            char c = path.charAt(i);
            if (c == 0 || c >= 0x80) {
                return strict(path);
            }
        }
        return path.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Decodes a link target as the JDK decodes file names. */
    static String fileName(byte[] bytes) {
        return new String(bytes, FILE_NAMES);
    }

    private static byte[] strict(String path) throws IOException {
        if (path.indexOf(0) >= 0) {
            throw new IOException("Invalid file path");
        }
        CharsetEncoder encoder = FILE_NAMES.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            ByteBuffer b = encoder.encode(CharBuffer.wrap(path));
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new IOException("Invalid file path");
        }
    }

    private static Charset fileNameCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
