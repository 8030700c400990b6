package io.procsnap.replay.rules;

import java.util.List;

/** Every rule, in the order they are reported when severities tie. Add a {@code <Symptom>Rule} here. */
public final class Rules {
    private Rules() {
    }

    public static List<Rule> all() {
        return List.of(new SysvMsgqFullRule(), new FsFullRule(), new HungReadsZfsFullRule(), new CaptureHungReadsRule(), new DStateThreadsRule(),
                new FutexHotspotRule(), new StatfsHangRule(), new CommandHangRule(), new StuckThreadsRule(),
                new MemoryPressureRule(), new CaptureIncompleteRule());
    }
}
