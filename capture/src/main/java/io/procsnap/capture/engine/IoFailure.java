package io.procsnap.capture.engine;

import io.procsnap.format.Status;
import io.procsnap.format.layout.Errno;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;

/**
 * How a read failed, as an entry records it: a status and an errno name from the format's {@link Errno}
 * table. The JNI reader reports errno numbers; Java reports errno only as {@code strerror} text
 * ({@code "/proc/1/stack (Permission denied)"}, {@code "No such process"}), so the text is mapped back to
 * the name; NIO exception types help where they exist.
 *
 * @param status denied, vanished or error
 * @param name   errno name, or {@code "error: TEXT"} when the table does not know it
 */
public record IoFailure(Status status, String name) {

    private static final String NIO_LOOP_SUFFIX = " or unable to access attributes of symbolic link";

    public static IoFailure classify(IOException e) {
        String name;
        if (e instanceof NoSuchFileException) {
            name = Errno.ENOENT.name();
        } else if (e instanceof AccessDeniedException) {
            name = Errno.EACCES.name();
        } else if (e instanceof NotDirectoryException) {
            name = Errno.ENOTDIR.name();
        } else if (e instanceof NotLinkException) {
            name = Errno.EINVAL.name(); // what readlink(2) says of a file that is not a symbolic link
        } else if (e instanceof FileSystemException) {
            name = nameOf(((FileSystemException) e).getReason());
        } else {
            name = nameOf(e.getMessage());
        }
        return new IoFailure(Errno.statusOf(name), name);
    }

    /** The failure a syscall's errno number stands for. */
    public static IoFailure classify(int errno) {
        String name = nameOf(errno);
        return new IoFailure(Errno.statusOf(name), name);
    }

    /** The name of an errno number, or {@code "error: errno N"} for one the table does not list. */
    public static String nameOf(int errno) {
        Errno e = Errno.ofNumber(errno);
        return e != null ? e.name() : "error: errno " + errno;
    }

    /** The errno name for a strerror text, possibly wrapped as {@code "path (text)"}. */
    public static String nameOf(String message) {
        if (message == null) {
            return Errno.EIO.name();
        }
        String text = message;
        if (text.endsWith(")")) {
            int open = text.lastIndexOf(" (");
            if (open >= 0) {
                text = text.substring(open + 2, text.length() - 1);
            }
        }
        if (text.endsWith(NIO_LOOP_SUFFIX)) {
            // NIO words ELOOP on open as "Too many levels of symbolic links or unable to access ..."
            text = text.substring(0, text.length() - NIO_LOOP_SUFFIX.length());
        }
        Errno e = Errno.ofText(text);
        return e != null ? e.name() : "error: " + text;
    }

    /** True when the failure is the output's file system being full (or over quota). */
    public static boolean isNoSpace(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IOException && Errno.ENOSPC.name().equals(classify((IOException) c).name())) {
                return true;
            }
            String m = c.getMessage();
            if (m != null && (m.contains(Errno.ENOSPC.text()) || m.contains(Errno.EDQUOT.text()))) {
                return true;
            }
        }
        return false;
    }
}
