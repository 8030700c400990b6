package io.procsnap.replay.report;

import io.procsnap.replay.analysis.FsReport;
import io.procsnap.replay.analysis.InfoReport;
import io.procsnap.replay.analysis.IpcReport;
import io.procsnap.replay.analysis.ThreadGroups;
import io.procsnap.replay.analysis.ThreadView;
import io.procsnap.replay.analysis.Threads;
import io.procsnap.replay.model.Snapshot;
import io.procsnap.replay.rules.Diagnosis;
import io.procsnap.replay.rules.Rules;

import java.util.List;
import java.util.Map;

/**
 * Everything the report shows, computed once from a snapshot by the analyses the CLI commands use:
 * {@code info}, {@code diagnose} (all rules, default thresholds), {@code threads} grouped by state and
 * wait site, {@code ipc}, {@code fs}, and the wait-for graph of the diagnosed chain.
 */
public record ReportData(InfoReport info, Diagnosis diagnosis, ThreadGroups.Report threadGroups, IpcReport ipc,
                         FsReport fs, WaitGraph graph) {

    /** The group-by keys of the thread table: state, classified wait, wait channel. */
    public static final List<String> GROUP_KEYS = List.of("state", "wait", "wchan");

    public static ReportData of(Snapshot snapshot) {
        return of(snapshot, Map.of());
    }

    public static ReportData of(Snapshot snapshot, Map<String, Double> thresholds) {
        List<ThreadView> threads = Threads.of(snapshot);
        Diagnosis diagnosis = Diagnosis.run(snapshot, Rules.all(), thresholds);
        IpcReport ipc = IpcReport.of(snapshot, threads);
        FsReport fs = FsReport.of(snapshot);
        return new ReportData(InfoReport.of(snapshot), diagnosis, ThreadGroups.group(threads, GROUP_KEYS, null), ipc,
                fs, WaitGraph.of(snapshot, threads, diagnosis, ipc, fs));
    }
}
