package io.procsnap.capture.engine;

import io.procsnap.format.Status;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.HashMap;
import java.util.Map;

/**
 * Maps an I/O exception to an entry status and an errno name. Java reports errno only as
 * {@code strerror} text ({@code "/proc/1/stack (Permission denied)"}, {@code "No such process"}), so
 * the text is mapped back to the name; NIO exception types help where they exist.
 */
public final class Errno {

    /** @param status denied, vanished or error; @param name errno name, or "error: TEXT" when unknown */
    public record Failure(Status status, String name) { }

    /**
     * Linux errno numbers (asm-generic, as on x86-64 and arm64), their names and their strerror texts:
     * the JNI reader reports numbers, Java's exceptions only the texts.
     */
    private static final String[][] TABLE = {
        {"1", "EPERM", "Operation not permitted"},
        {"2", "ENOENT", "No such file or directory"},
        {"3", "ESRCH", "No such process"},
        {"4", "EINTR", "Interrupted system call"},
        {"5", "EIO", "Input/output error"},
        {"6", "ENXIO", "No such device or address"},
        {"9", "EBADF", "Bad file descriptor"},
        {"11", "EAGAIN", "Resource temporarily unavailable"},
        {"12", "ENOMEM", "Cannot allocate memory"},
        {"13", "EACCES", "Permission denied"},
        {"14", "EFAULT", "Bad address"},
        {"16", "EBUSY", "Device or resource busy"},
        {"19", "ENODEV", "No such device"},
        {"20", "ENOTDIR", "Not a directory"},
        {"21", "EISDIR", "Is a directory"},
        {"22", "EINVAL", "Invalid argument"},
        {"23", "ENFILE", "Too many open files in system"},
        {"24", "EMFILE", "Too many open files"},
        {"26", "ETXTBSY", "Text file busy"},
        {"27", "EFBIG", "File too large"},
        {"28", "ENOSPC", "No space left on device"},
        {"30", "EROFS", "Read-only file system"},
        {"32", "EPIPE", "Broken pipe"},
        {"36", "ENAMETOOLONG", "File name too long"},
        {"38", "ENOSYS", "Function not implemented"},
        {"40", "ELOOP", "Too many levels of symbolic links"},
        {"61", "ENODATA", "No data available"},
        {"95", "EOPNOTSUPP", "Operation not supported"},
        {"107", "ENOTCONN", "Transport endpoint is not connected"},
        {"110", "ETIMEDOUT", "Connection timed out"},
        {"112", "EHOSTDOWN", "Host is down"},
        {"116", "ESTALE", "Stale file handle"},
        {"122", "EDQUOT", "Disk quota exceeded"},
    };
    /** strerror text to name. */
    private static final Map<String, String> NAMES = new HashMap<>();
    /** errno number to name. */
    private static final String[] NUMBERED = new String[123];

    static {
        for (String[] row : TABLE) {
            NUMBERED[Integer.parseInt(row[0])] = row[1];
            NAMES.put(row[2], row[1]);
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

    /** The failure a syscall's errno number stands for. */
    public static Failure classify(int errno) {
        String name = nameOf(errno);
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
