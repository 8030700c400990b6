package io.procsnap.replay.parse;

import java.util.List;

/**
 * One line of {@code /proc/self/mountinfo} (octal escapes such as {@code \040} decoded):
 * <pre>
 * 36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw,errors=continue
 * </pre>
 *
 * @param line           0-based line number in the file (the {@code k} of {@code statfs/<k>})
 * @param optionalFields {@code shared:N}, {@code master:N}, ... (may be empty)
 */
public record MountInfo(int line, int mountId, int parentId, String majorMinor, String root, String mountPoint,
                        String options, List<String> optionalFields, String fstype, String source,
                        String superOptions) {
    public MountInfo {
        optionalFields = List.copyOf(optionalFields);
    }
}
