package io.procsnap.capture.collect;

import io.procsnap.capture.engine.Kind;
import io.procsnap.capture.engine.WorkItem;
import io.procsnap.format.layout.ArchivePath;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * statfs of every mount in the captured {@code proc/self/mountinfo}, line k as {@code statfs/k}, each
 * under its own timeout. A hung statfs trips {@code mount:k} (that mount) and {@code statfs} (which
 * guards {@code df}, which would hang on the same mount).
 */
public final class FilesystemSource implements Collector {
    public static final String ANY_STATFS_HUNG = "statfs";

    /** One mountinfo line as far as statfs needs it. */
    record Mount(String mountPoint, String fstype, String options) { }

    private final Settings settings;

    public FilesystemSource(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void declare(Phase phase, int sample, Inventory inventory, Consumer<WorkItem> out) {
        if (phase != Phase.FILESYSTEMS || inventory.mountinfo() == null) {
            return;
        }
        List<Mount> mounts = parse(new String(inventory.mountinfo(), StandardCharsets.UTF_8));
        for (int k = 0; k < mounts.size(); k++) {
            Mount m = mounts.get(k);
            if (m == null) {
                continue;
            }
            String key = "mount:" + k;
            out.accept(new WorkItem(ArchivePath.statfs(k), m.mountPoint(), Kind.STATFS, settings.statfsTimeoutNanos(), true,
                    List.of(key), List.of(key, ANY_STATFS_HUNG), List.of(m.mountPoint(), m.fstype(), m.options()),
                    false, null));
        }
    }

    /**
     * Parses mountinfo; a line that cannot be parsed gives null at its index (k stays the line number).
     * <pre>36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw,errors=continue</pre>
     */
    static List<Mount> parse(String mountinfo) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : mountinfo.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(" ");
            int dash = -1;
            for (int i = 6; i < f.length; i++) {
                if (f[i].equals("-")) {
                    dash = i;
                    break;
                }
            }
            if (f.length < 6 || dash < 0 || dash + 1 >= f.length) {
                mounts.add(null);
                continue;
            }
            mounts.add(new Mount(unescape(f[4]), f[dash + 1], f[5]));
        }
        return mounts;
    }

    /** Undoes the kernel's octal escapes: {@code /mnt/a\040b} -> {@code /mnt/a b}. */
    public static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1)) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
