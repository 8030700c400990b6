package io.procsnap.replay.model;

import io.procsnap.format.layout.ArchivePath;
import io.procsnap.format.layout.BuiltinCommand;
import io.procsnap.format.layout.CommandStatus;
import io.procsnap.replay.parse.ZfsListRow;
import io.procsnap.replay.parse.ZfsParser;
import io.procsnap.replay.parse.ZfsTableParser;
import io.procsnap.replay.parse.ZpoolListRow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Picks the most exact form of the pool and dataset figures the capture got: {@code zpool list -Hp} /
 * {@code zfs list -Hp} when they ran, else (older ZFS refuses {@code -p}: "invalid option 'p'") the
 * {@code -H} forms in units, else {@code zpool get all} / {@code zfs get -Hp}. The form used is kept so
 * {@code fs} can say how exact the figures are.
 */
final class ZfsForms {
    static final String POOLS_EXACT = "zpool list -Hp";
    static final String POOLS_UNITS = "zpool list -H (sizes rounded to their unit)";
    static final String POOLS_GET = "zpool get all (sizes rounded to their unit)";
    static final String DATASETS_EXACT = "zfs list -Hp";
    static final String DATASETS_UNITS = "zfs list -H (sizes rounded to their unit)";
    static final String DATASETS_UNITS_GET = "zfs list -H, exact sizes from zfs get -Hp";
    static final String DATASETS_GET = "zfs get -Hp";

    /** How a command's stdout is parsed into a Sourced value (SnapshotBuilder.commandParse). */
    interface CommandParser {
        <T> Sourced<T> parse(Map<String, CommandOutput> commands, BuiltinCommand command, Function<String, T> parser);
    }

    record Listed<T>(Sourced<List<T>> rows, String form) {
    }

    private ZfsForms() {
    }

    static Listed<ZpoolListRow> pools(Map<String, CommandOutput> commands, CommandParser p) {
        Sourced<List<ZpoolListRow>> exact = p.parse(commands, BuiltinCommand.ZPOOL_LIST, ZfsParser::zpoolList);
        if (ran(commands, BuiltinCommand.ZPOOL_LIST) || !ran(commands, BuiltinCommand.ZPOOL_LIST_H)
                && !ran(commands, BuiltinCommand.ZPOOL_GET)) {
            return new Listed<>(exact, POOLS_EXACT);
        }
        if (ran(commands, BuiltinCommand.ZPOOL_LIST_H)) {
            List<String> columns = columns(commands, BuiltinCommand.ZPOOL_LIST_H);
            return new Listed<>(p.parse(commands, BuiltinCommand.ZPOOL_LIST_H, t -> ZfsTableParser.zpoolList(t, columns)),
                    POOLS_UNITS);
        }
        return new Listed<>(p.parse(commands, BuiltinCommand.ZPOOL_GET, t -> {
            List<ZpoolListRow> rows = new ArrayList<>();
            ZfsTableParser.properties("zpool get", t).forEach((pool, props) ->
                    rows.add(ZfsTableParser.poolFromProperties(pool, props)));
            return rows;
        }), POOLS_GET);
    }

    static Listed<ZfsListRow> datasets(Map<String, CommandOutput> commands, CommandParser p) {
        Sourced<List<ZfsListRow>> exact = p.parse(commands, BuiltinCommand.ZFS_LIST, ZfsParser::zfsList);
        boolean units = ran(commands, BuiltinCommand.ZFS_LIST_H);
        boolean get = ran(commands, BuiltinCommand.ZFS_GET);
        if (ran(commands, BuiltinCommand.ZFS_LIST) || !units && !get) {
            return new Listed<>(exact, DATASETS_EXACT);
        }
        Sourced<Map<String, Map<String, String>>> props = get
                ? p.parse(commands, BuiltinCommand.ZFS_GET, t -> ZfsTableParser.properties("zfs get", t))
                : Sourced.absent(EntryRef.missing(BuiltinCommand.ZFS_GET.path(ArchivePath.Stream.STDOUT)));
        if (units) {
            List<String> columns = columns(commands, BuiltinCommand.ZFS_LIST_H);
            Sourced<List<ZfsListRow>> rounded = p.parse(commands, BuiltinCommand.ZFS_LIST_H,
                    t -> ZfsTableParser.zfsList(t, columns));
            if (!rounded.present() || !props.present()) {
                return new Listed<>(rounded, DATASETS_UNITS);
            }
            List<ZfsListRow> rows = new ArrayList<>();
            for (ZfsListRow r : rounded.value()) {
                Map<String, String> x = props.value().getOrDefault(r.name(), Map.of());
                rows.add(new ZfsListRow(r.name(), exact(x, "used", r.used()), exact(x, "available", r.available()),
                        exact(x, "referenced", r.referenced()), r.mountPoint()));
            }
            return new Listed<>(Sourced.of(rows, rounded.source()), DATASETS_UNITS_GET);
        }
        if (!props.present()) {
            return new Listed<>(new Sourced<>(null, props.source(), props.problem()), DATASETS_GET);
        }
        List<ZfsListRow> rows = new ArrayList<>();
        props.value().forEach((name, x) -> rows.add(new ZfsListRow(name, exact(x, "used", -1),
                exact(x, "available", -1), exact(x, "referenced", -1), x.getOrDefault("mountpoint", "-"))));
        return new Listed<>(Sourced.of(rows, props.source()), DATASETS_GET);
    }

    /** The command ran to a normal exit 0 (a status without exit code, as in old archives, counts when stdout exists). */
    private static boolean ran(Map<String, CommandOutput> commands, BuiltinCommand command) {
        CommandOutput c = commands.get(command.commandName());
        if (c == null) {
            return false;
        }
        if (c.status().present()) {
            return c.status().value().succeeded();
        }
        return c.stdout().present() && !c.stdout().value().isBlank();
    }

    /** The {@code -o} list of the command line the capture recorded; empty when none. */
    private static List<String> columns(Map<String, CommandOutput> commands, BuiltinCommand command) {
        CommandOutput c = commands.get(command.commandName());
        if (c == null || !c.status().present()) {
            return List.of();
        }
        CommandStatus s = c.status().value();
        int o = s.argv().indexOf("-o");
        return o >= 0 && o + 1 < s.argv().size() ? List.of(s.argv().get(o + 1).split(",")) : List.of();
    }

    private static long exact(Map<String, String> props, String name, long otherwise) {
        String v = props.get(name);
        if (v == null) {
            return otherwise;
        }
        try {
            return ZfsTableParser.bytes("zfs get", v);
        } catch (RuntimeException e) {
            return otherwise;
        }
    }
}
