package io.procsnap.replay.parse.sunos;

/**
 * Which family of {@code <sys/procfs.h>} wrote a /proc structure. The two differ in
 * {@code lwpsinfo_t} (and so in {@code psinfo_t}, which ends with one):
 * <ul>
 * <li>{@link #ILLUMOS}: illumos (OmniOS, OpenIndiana, SmartOS) and Solaris up to 11.2: {@code pr_name[16]}
 *     (always zeroed by the kernel), {@code pr_filler[4]}; lwpsinfo 128 bytes (LP64) / 104 (ILP32).</li>
 * <li>{@link #ORACLE}: Oracle Solaris with named threads (11.3, 11.4): {@code pr_oldname[16]},
 *     {@code hrtime_t pr_last_onproc}, {@code pr_name[32]}; lwpsinfo 152 (LP64) / 128 (ILP32); psinfo 440
 *     (LP64) / 360 (ILP32).</li>
 * </ul>
 */
public enum SunosFlavor {
    ILLUMOS,
    ORACLE;

    /**
     * The family named by the first line of {@code /etc/release} ("Oracle Solaris 11.4 SPARC",
     * "OmniOS v11 r151046", "OpenIndiana Hipster 2023.10", "SmartOS 20240307T000552Z"), or null.
     */
    public static SunosFlavor ofRelease(String etcRelease) {
        if (etcRelease == null) {
            return null;
        }
        String r = etcRelease.strip();
        if (r.contains("Oracle Solaris") || r.contains("Solaris 11.3") || r.contains("Solaris 11.4")) {
            return ORACLE;
        }
        if (r.contains("OmniOS") || r.contains("OpenIndiana") || r.contains("SmartOS") || r.contains("illumos")
                || r.contains("Tribblix") || r.contains("Helios") || r.contains("OpenSolaris")) {
            return ILLUMOS;
        }
        return null;
    }
}
