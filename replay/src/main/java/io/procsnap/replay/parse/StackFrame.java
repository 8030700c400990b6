package io.procsnap.replay.parse;

/**
 * One line of {@code /proc/PID/task/TID/stack}: {@code [<0>] do_msgsnd+0x3a5/0x4b0}. Addresses are
 * printed as {@code <0>} unless the reader has CAP_SYSLOG and kptr_restrict allows.
 *
 * @param address  the bracketed address text ({@code 0} when hidden)
 * @param function symbol name ({@code do_msgsnd}); the whole text when it has no {@code +offset}
 * @param offset   offset into the function ({@code 0x3a5}), or empty
 * @param size     function size ({@code 0x4b0}), or empty
 * @param module   module name for {@code [zfs]} suffixes, or empty
 */
public record StackFrame(String address, String function, String offset, String size, String module) {
    /** {@code function+offset/size [module]} as printed, without the address. */
    public String text() {
        StringBuilder b = new StringBuilder(function);
        if (!offset.isEmpty()) {
            b.append('+').append(offset);
            if (!size.isEmpty()) {
                b.append('/').append(size);
            }
        }
        if (!module.isEmpty()) {
            b.append(" [").append(module).append(']');
        }
        return b.toString();
    }
}
