package io.procsnap.replay.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses kernel log text as {@code dmesg} prints it, and finds hung-task reports in it. */
public final class KernelLogParser {
    private static final Pattern TIMESTAMP = Pattern.compile("^\\[\\s*(\\d+\\.\\d+)\\]\\s?(.*)$");
    /** {@code INFO: task txg_sync:1234 blocked for more than 120 seconds.} (comm may contain ':' and spaces). */
    private static final Pattern HUNG = Pattern.compile("INFO: task (.+):(\\d+) blocked for more than (\\d+) seconds\\.");

    private KernelLogParser() {
    }

    /**
     * {@code dmesg} output lines, with or without timestamps:
     * <pre>
     * [    0.000000] Linux version 6.18.44 ...
     * [  368.123456] INFO: task msgsend:4711 blocked for more than 122 seconds.
     * </pre>
     */
    public static List<DmesgLine> lines(String text) {
        List<DmesgLine> out = new ArrayList<>();
        for (String line : Text.lines(text)) {
            Matcher m = TIMESTAMP.matcher(line);
            if (m.matches()) {
                out.add(new DmesgLine(Double.parseDouble(m.group(1)), m.group(2)));
            } else {
                out.add(new DmesgLine(-1, line));
            }
        }
        return out;
    }

    /** The hung-task reports among {@code lines}, in order. */
    public static List<HungTask> hungTasks(List<DmesgLine> lines) {
        List<HungTask> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = HUNG.matcher(lines.get(i).text());
            if (m.find()) {
                try {
                    out.add(new HungTask(m.group(1), Integer.parseInt(m.group(2)), Long.parseLong(m.group(3)),
                            lines.get(i).seconds(), i));
                } catch (NumberFormatException notAKernelReport) {
                    // a pid or a duration no kernel prints (found by fuzzing): not a hung-task report
                }
            }
        }
        return out;
    }
}
