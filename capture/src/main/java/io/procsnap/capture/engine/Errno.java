package io.procsnap.capture.engine;

import io.procsnap.format.Status;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.Map;

/**
 * Maps an I/O exception to an entry status and an errno name. Java reports errno only as
 * {@code strerror} text ({@code "/proc/1/stack (Permission denied)"}, {@code "No such process"}), so
 * the text is mapped back to the name; NIO exception types help where they exist.
 */
public final class Errno {

    /** @param status denied, vanished or error; @param name errno name, or "error: TEXT" when unknown */
    public record Failure(Status status, String name) { }

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("Permission denied", "EACCES"),
            Map.entry("Operation not permitted", "EPERM"),
            Map.entry("No such file or directory", "ENOENT"),
            Map.entry("No such process", "ESRCH"),
            Map.entry("Input/output error", "EIO"),
            Map.entry("Is a directory", "EISDIR"),
            Map.entry("Not a directory", "ENOTDIR"),
            Map.entry("Too many open files", "EMFILE"),
            Map.entry("Too many open files in system", "ENFILE"),
            Map.entry("Resource temporarily unavailable", "EAGAIN"),
            Map.entry("Interrupted system call", "EINTR"),
            Map.entry("Invalid argument", "EINVAL"),
            Map.entry("No space left on device", "ENOSPC"),
            Map.entry("Read-only file system", "EROFS"),
            Map.entry("Stale file handle", "ESTALE"),
            Map.entry("Too many levels of symbolic links", "ELOOP"),
            Map.entry("File name too long", "ENAMETOOLONG"),
            Map.entry("Operation not supported", "EOPNOTSUPP"),
            Map.entry("Bad address", "EFAULT"),
            Map.entry("Cannot allocate memory", "ENOMEM"),
            Map.entry("Device or resource busy", "EBUSY"),
            Map.entry("No such device", "ENODEV"),
            Map.entry("No such device or address", "ENXIO"),
            Map.entry("Connection timed out", "ETIMEDOUT"),
            Map.entry("Transport endpoint is not connected", "ENOTCONN"),
            Map.entry("Disk quota exceeded", "EDQUOT"),
            Map.entry("File too large", "EFBIG"),
            Map.entry("Text file busy", "ETXTBSY"),
            Map.entry("Broken pipe", "EPIPE"),
            Map.entry("Host is down", "EHOSTDOWN"),
            Map.entry("No data available", "ENODATA"),
            Map.entry("Function not implemented", "ENOSYS"));

    /** Linux errno numbers (asm-generic, as on x86-64 and arm64) of the names above, plus EBADF. */
    private static final String[] NUMBERED = new String[123];

    static {
        String[] byNumber = {"1 EPERM", "2 ENOENT", "3 ESRCH", "4 EINTR", "5 EIO", "6 ENXIO", "9 EBADF", "11 EAGAIN",
            "12 ENOMEM", "13 EACCES", "14 EFAULT", "16 EBUSY", "19 ENODEV", "20 ENOTDIR", "21 EISDIR", "22 EINVAL",
            "23 ENFILE", "24 EMFILE", "26 ETXTBSY", "27 EFBIG", "28 ENOSPC", "30 EROFS", "32 EPIPE", "36 ENAMETOOLONG",
            "38 ENOSYS", "40 ELOOP", "61 ENODATA", "95 EOPNOTSUPP", "107 ENOTCONN", "110 ETIMEDOUT", "112 EHOSTDOWN",
            "116 ESTALE", "122 EDQUOT"};
        for (String s : byNumber) {
            int space = s.indexOf(' ');
            NUMBERED[Integer.parseInt(s.substring(0, space))] = s.substring(space + 1);
        }
    }

    private static final String NIO_LOOP_SUFFIX = " or unable to access attributes of symbolic link";

    private Errno() {
    }

    public static Failure classify(IOException e) {
        String name;
        if (e instanceof NoSuchFileException) {
            name = "ENOENT";
        } else if (e instanceof AccessDeniedException) {
            name = "EACCES";
        } else if (e instanceof NotDirectoryException) {
            name = "ENOTDIR";
        } else if (e instanceof NotLinkException) {
            name = "EINVAL"; // what readlink(2) says of a file that is not a symbolic link
        } else if (e instanceof FileSystemException) {
            name = nameOf(((FileSystemException) e).getReason());
        } else {
            name = nameOf(e.getMessage());
        }
        return new Failure(statusOf(name), name);
    }

    /**
     * The name of a Linux errno number (the numbers shared by x86-64 and arm64), or
     * {@code "error: errno N"} for one not listed.
     */
    public static String nameOf(int errno) {
        String name = errno > 0 && errno < NUMBERED.length ? NUMBERED[errno] : null;
        return name != null ? name : "error: errno " + errno;
    }

    /** The errno name for a strerror text, possibly wrapped as {@code "path (text)"}. */
    public static String nameOf(String message) {
        if (message == null) {
            return "EIO";
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
        String name = NAMES.get(text);
        return name != null ? name : "error: " + text;
    }

    public static Status statusOf(String name) {
        switch (name) {
            case "EACCES":
            case "EPERM":
                return Status.DENIED;
            case "ENOENT":
            case "ESRCH":
                return Status.VANISHED;
            default:
                return Status.ERROR;
        }
    }

    /** True when the failure is the output's file system being full. */
    public static boolean isNoSpace(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IOException && "ENOSPC".equals(classify((IOException) c).name())) {
                return true;
            }
            String m = c.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }
}
