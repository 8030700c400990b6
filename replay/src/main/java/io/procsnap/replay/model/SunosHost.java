package io.procsnap.replay.model;

import io.procsnap.format.Manifest;
import io.procsnap.format.layout.BuiltinCommand;
import io.procsnap.replay.parse.sunos.AbiHints;
import io.procsnap.replay.parse.sunos.DataModel;
import io.procsnap.replay.parse.sunos.SunosFlavor;

import java.nio.ByteOrder;
import java.util.Locale;
import java.util.Map;

/**
 * What a SunOS capture says about its machine (capture/SUNOS-DESIGN.md): the manifest's platform keys
 * ({@link Manifest.Platform#os()}, {@code osRelease}, {@code release}, {@code isa}, {@code readerDataModel},
 * {@code byteOrder}, {@code zone}), each falling back to the command the capture ran for it
 * ({@code cmd/uname}, {@code cmd/etc-release}, {@code cmd/isainfo}, {@code cmd/zonename}). The layout of
 * every binary /proc file is chosen from {@link #hints()}.
 *
 * @param os              {@code SunOS}
 * @param osRelease       {@code uname -r}: {@code 5.11}; null when unknown
 * @param release         first line of {@code /etc/release}; null when unknown
 * @param isa             {@code isainfo -k}: amd64, sparcv9, i386; null when unknown
 * @param readerDataModel the capturing reader's data model ({@code 64} / {@code 32}); null when unknown
 * @param byteOrder       {@code LITTLE_ENDIAN} / {@code BIG_ENDIAN}; null when unknown
 * @param zone            {@code zonename}; null when unknown
 */
public record SunosHost(String os, String osRelease, String release, String isa, String readerDataModel,
                        String byteOrder, String zone) {

    /** The host of a SunOS archive, or null when neither the manifest nor the commands say SunOS. */
    static SunosHost of(Manifest manifest, Map<String, CommandOutput> commands, boolean procfsLooksSunos) {
        Manifest.Platform p = manifest == null ? null : manifest.platform();
        String[] uname = words(stdout(commands, BuiltinCommand.UNAME));
        boolean sunos = isSunos(manifest) || uname.length > 0 && uname[0].equals(Manifest.Platform.SUNOS)
                || procfsLooksSunos;
        if (!sunos) {
            return null;
        }
        return new SunosHost(Manifest.Platform.SUNOS,
                first(p == null ? null : p.osRelease(), uname.length > 2 ? uname[2] : null),
                first(p == null ? null : p.release(), firstLine(stdout(commands, BuiltinCommand.ETC_RELEASE))),
                first(p == null ? null : p.isa(), isaOf(stdout(commands, BuiltinCommand.ISAINFO))),
                p == null ? null : blankIsNull(p.readerDataModel()), p == null ? null : blankIsNull(p.byteOrder()),
                first(p == null ? null : p.zone(), firstLine(stdout(commands, BuiltinCommand.ZONENAME))));
    }

    /** The manifest says a SunOS capture ({@link Manifest.Platform#isSunos()}). */
    public static boolean isSunos(Manifest manifest) {
        return manifest != null && manifest.platform() != null && manifest.platform().isSunos();
    }

    /** The layout hints for the binary /proc files. */
    public AbiHints hints() {
        AbiHints h = AbiHints.of(release, readerDataModel, isa);
        ByteOrder order = byteOrder == null ? h.order()
                : byteOrder.toUpperCase(Locale.ROOT).startsWith("BIG") ? ByteOrder.BIG_ENDIAN
                : byteOrder.toUpperCase(Locale.ROOT).startsWith("LITTLE") ? ByteOrder.LITTLE_ENDIAN : h.order();
        return new AbiHints(h.flavor(), h.readerModel(), order, isa);
    }

    /** One line for {@code info}: {@code SunOS 5.11, Oracle Solaris 11.4 X86, amd64, zone z1, reader LP64 little-endian}. */
    public String describe() {
        AbiHints h = hints();
        DataModel m = h.readerModel();
        SunosFlavor f = h.flavor();
        return "SunOS " + orUnknown(osRelease) + ", " + orUnknown(release) + ", " + orUnknown(isa) + ", zone "
                + orUnknown(zone) + ", reader " + (m == null ? "?" : m.name()) + " "
                + (h.order() == null ? "?" : h.order() == ByteOrder.BIG_ENDIAN ? "big-endian" : "little-endian")
                + ", layouts " + (f == null ? "by file size" : f.name().toLowerCase(Locale.ROOT));
    }

    private static String orUnknown(String s) {
        return s == null || s.isBlank() ? "?" : s;
    }

    private static String blankIsNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String stdout(Map<String, CommandOutput> commands, BuiltinCommand command) {
        CommandOutput c = commands.get(command.commandName());
        return c == null || !c.stdout().present() ? null : c.stdout().value();
    }

    private static String[] words(String text) {
        String line = firstLine(text);
        return line == null ? new String[0] : line.split("\\s+");
    }

    private static String firstLine(String text) {
        if (text == null) {
            return null;
        }
        for (String line : text.split("\n", 8)) {
            if (!line.isBlank()) {
                return line.strip();
            }
        }
        return null;
    }

    /** {@code isainfo -kv}: "64-bit amd64 kernel modules" -> amd64; {@code isainfo -k}: "sparcv9". */
    private static String isaOf(String text) {
        String[] w = words(text);
        if (w.length == 0) {
            return null;
        }
        return w.length > 1 && w[0].endsWith("-bit") ? w[1] : w[0];
    }

    private static String first(String a, String b) {
        return blankIsNull(a) != null ? a.strip() : b;
    }
}
