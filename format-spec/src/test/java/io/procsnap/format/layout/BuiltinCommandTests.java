package io.procsnap.format.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BuiltinCommandTests {

    @Test
    void namesAndPaths() {
        assertEquals("cmd/zpool-list/stdout", BuiltinCommand.ZPOOL_LIST.path(ArchivePath.Stream.STDOUT));
        assertEquals(List.of("df", "-P"), BuiltinCommand.DF.argv());
        assertEquals("zfs", BuiltinCommand.ZFS_GET.program());
        assertEquals(BuiltinCommand.DMESG, BuiltinCommand.named("dmesg"));
        assertNull(BuiltinCommand.named("hang"));
        assertEquals(BuiltinCommand.SUNOS_DF, BuiltinCommand.named(KernelFile.Kernel.SUNOS, "df"));
        assertEquals(BuiltinCommand.MDB_STACKS, BuiltinCommand.named("mdb-stacks"));
        assertEquals(List.of("cat", "/etc/release"), BuiltinCommand.of(KernelFile.Kernel.SUNOS).get(0).argv());
        for (BuiltinCommand c : BuiltinCommand.values()) {
            assertEquals(new ArchivePath.CommandStream(c.commandName(), ArchivePath.Stream.STATUS),
                    ArchivePath.parse(c.path(ArchivePath.Stream.STATUS)));
        }
    }

    /** Linux runs what it ran before; SunOS its own list, sharing the ZFS commands; mdb only behind the gate. */
    @Test
    void commandsPerKernel() {
        assertEquals(List.of(BuiltinCommand.ZPOOL_LIST, BuiltinCommand.ZPOOL_LIST_H, BuiltinCommand.ZPOOL_STATUS,
                BuiltinCommand.ZPOOL_GET, BuiltinCommand.ZFS_LIST, BuiltinCommand.ZFS_LIST_H, BuiltinCommand.ZFS_GET,
                BuiltinCommand.DMESG, BuiltinCommand.DF), BuiltinCommand.of(KernelFile.Kernel.LINUX));
        List<BuiltinCommand> sunos = BuiltinCommand.of(KernelFile.Kernel.SUNOS);
        assertTrue(sunos.contains(BuiltinCommand.ZPOOL_LIST) && !sunos.contains(BuiltinCommand.DMESG));
        assertTrue(sunos.indexOf(BuiltinCommand.MDB_STACKS) < sunos.indexOf(BuiltinCommand.ZPOOL_LIST),
                "mdb reads without the pool's locks: before zpool, which can hang on spa_namespace_lock");
        for (BuiltinCommand c : sunos) {
            assertEquals(c.commandName().startsWith("mdb-"), c.needsKernelDebugger(), c.name());
        }
    }
}
