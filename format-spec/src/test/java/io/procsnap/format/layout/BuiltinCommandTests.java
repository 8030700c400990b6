package io.procsnap.format.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
        for (BuiltinCommand c : BuiltinCommand.values()) {
            assertEquals(new ArchivePath.CommandStream(c.commandName(), ArchivePath.Stream.STATUS),
                    ArchivePath.parse(c.path(ArchivePath.Stream.STATUS)));
        }
    }
}
