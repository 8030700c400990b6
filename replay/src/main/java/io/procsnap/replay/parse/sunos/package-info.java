/**
 * Parsers of what a SunOS (illumos, Oracle Solaris) capture holds: the binary /proc structures
 * ({@link io.procsnap.replay.parse.sunos.SunosProcParser}, layouts in
 * {@link io.procsnap.replay.parse.sunos.ProcLayouts}, chosen by
 * {@link io.procsnap.replay.parse.sunos.LayoutChooser}) and the text of the commands the capture runs
 * there (mdb dcmds, zpool/zfs, kstat, ipcs, vmstat). Pure functions over bytes and text, like the Linux
 * parsers of the parent package; bad input is a {@link io.procsnap.replay.parse.ParseException}.
 */
package io.procsnap.replay.parse.sunos;
