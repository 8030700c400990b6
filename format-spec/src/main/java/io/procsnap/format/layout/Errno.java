package io.procsnap.format.layout;

import io.procsnap.format.Status;

import java.util.HashMap;
import java.util.Map;

/**
 * The errno values an archive names: number, name, strerror text (glibc's wording) and the entry
 * status a read failing with it is recorded as (SPEC.md, "Entry records": denied for EACCES/EPERM,
 * vanished for ENOENT/ESRCH, error with the name in the detail for every other). The one table for the
 * capture (its JNI reader reports numbers, Java's exceptions only the texts) and for replay (the mount
 * fails a read with the number of the name the archive holds).
 *
 * <p>Numbers are Linux's generic ones, shared by x86-64, arm64, 32-bit ARM and RISC-V (not by MIPS,
 * SPARC, Alpha or SunOS: a capture there stores names, never numbers, so archives stay comparable).
 */
public enum Errno {
    EPERM(1, "Operation not permitted", Status.DENIED),
    ENOENT(2, "No such file or directory", Status.VANISHED),
    ESRCH(3, "No such process", Status.VANISHED),
    EINTR(4, "Interrupted system call", Status.ERROR),
    EIO(5, "Input/output error", Status.ERROR),
    ENXIO(6, "No such device or address", Status.ERROR),
    E2BIG(7, "Argument list too long", Status.ERROR),
    EBADF(9, "Bad file descriptor", Status.ERROR),
    EAGAIN(11, "Resource temporarily unavailable", Status.ERROR),
    ENOMEM(12, "Cannot allocate memory", Status.ERROR),
    EACCES(13, "Permission denied", Status.DENIED),
    EFAULT(14, "Bad address", Status.ERROR),
    EBUSY(16, "Device or resource busy", Status.ERROR),
    ENODEV(19, "No such device", Status.ERROR),
    ENOTDIR(20, "Not a directory", Status.ERROR),
    EISDIR(21, "Is a directory", Status.ERROR),
    EINVAL(22, "Invalid argument", Status.ERROR),
    ENFILE(23, "Too many open files in system", Status.ERROR),
    EMFILE(24, "Too many open files", Status.ERROR),
    ETXTBSY(26, "Text file busy", Status.ERROR),
    EFBIG(27, "File too large", Status.ERROR),
    ENOSPC(28, "No space left on device", Status.ERROR),
    EROFS(30, "Read-only file system", Status.ERROR),
    EPIPE(32, "Broken pipe", Status.ERROR),
    ERANGE(34, "Numerical result out of range", Status.ERROR),
    EDEADLK(35, "Resource deadlock avoided", Status.ERROR),
    ENAMETOOLONG(36, "File name too long", Status.ERROR),
    ENOSYS(38, "Function not implemented", Status.ERROR),
    ELOOP(40, "Too many levels of symbolic links", Status.ERROR),
    ENODATA(61, "No data available", Status.ERROR),
    EOVERFLOW(75, "Value too large for defined data type", Status.ERROR),
    EOPNOTSUPP(95, "Operation not supported", Status.ERROR),
    ENOTCONN(107, "Transport endpoint is not connected", Status.ERROR),
    ETIMEDOUT(110, "Connection timed out", Status.ERROR),
    EHOSTDOWN(112, "Host is down", Status.ERROR),
    ESTALE(116, "Stale file handle", Status.ERROR),
    EDQUOT(122, "Disk quota exceeded", Status.ERROR);

    private static final Errno[] BY_NUMBER = new Errno[123];
    private static final Map<String, Errno> BY_NAME = new HashMap<>();
    private static final Map<String, Errno> BY_TEXT = new HashMap<>();

    static {
        for (Errno e : values()) {
            BY_NUMBER[e.number] = e;
            BY_NAME.put(e.name(), e);
            BY_TEXT.put(e.text, e);
        }
    }

    private final int number;
    private final String text;
    private final Status status;

    Errno(int number, String text, Status status) {
        this.number = number;
        this.text = text;
        this.status = status;
    }

    /** The errno number (positive). */
    public int number() {
        return number;
    }

    /** strerror's text: {@code Permission denied}. */
    public String text() {
        return text;
    }

    /** How a read that failed with this errno is recorded: {@link Status#DENIED}, {@link Status#VANISHED} or {@link Status#ERROR}. */
    public Status status() {
        return status;
    }

    /** The errno with this number, or null when the table does not list it. */
    public static Errno ofNumber(int number) {
        return number > 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : null;
    }

    /** The errno with this name ({@code "EACCES"}, surrounding blanks ignored), or null. */
    public static Errno ofName(String name) {
        return name == null ? null : BY_NAME.get(name.trim());
    }

    /** The errno whose strerror text this is exactly, or null. */
    public static Errno ofText(String text) {
        return text == null ? null : BY_TEXT.get(text);
    }

    /**
     * The status an entry is recorded with for an errno name, or for the {@code "error: ..."} text the
     * capture stores when it could not name the errno: {@link Status#ERROR} for anything not listed.
     */
    public static Status statusOf(String name) {
        Errno e = ofName(name);
        return e == null ? Status.ERROR : e.status;
    }
}
