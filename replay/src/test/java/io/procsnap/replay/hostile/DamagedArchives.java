package io.procsnap.replay.hostile;

import io.procsnap.replay.cli.Scenarios;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Damaged archives: the format corpus (from format-spec's test-jar) and cuts/flips of a real scenario archive. */
final class DamagedArchives {
    /** Corpus files that a reader refuses outright. */
    static final List<String> REFUSED = List.of("bad-magic-fail.tar.zst", "bomb-frame-fail.tar.zst", "hardlink-fail.tar.zst",
            "index-version-fail.tar.zst", "not-procsnap-fail.tar.zst", "oversized-entry-fail.tar.zst",
            "oversized-pax-fail.tar.zst", "oversized-pax-value-fail.tar.zst", "reserved-bits-fail.tar.zst",
            "traversal-absolute-fail.tar.zst", "traversal-dotdot-fail.tar.zst", "truncated-in-first-frame-fail.tar.zst",
            "unsupported-version-fail.tar.zst");
    /** Corpus files a reader opens with damage (salvaged or cut off). */
    static final List<String> SALVAGEABLE = List.of("ok-bomb-cut-off.tar.zst", "ok-damaged-frame.tar.zst",
            "ok-index-frame-damaged.tar.zst", "ok-seek-table-damaged.tar.zst", "ok-truncated-in-frame.tar.zst",
            "ok-truncated-in-seek-table.tar.zst", "ok-huge-frame-count.tar.zst");

    private DamagedArchives() {
    }

    /** Copies a corpus file from the classpath into {@code dir}; null when this test-jar lacks it. */
    static Path corpus(String name, Path dir) throws IOException {
        try (InputStream in = DamagedArchives.class.getResourceAsStream("/corpus/" + name)) {
            if (in == null) {
                return null;
            }
            Path p = dir.resolve(name);
            Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
            return p;
        }
    }

    /** name -> file: corpus files present, plus cuts and flips of the zfs-full scenario archive. */
    static Map<String, Path> all(Path dir, int cuts) throws IOException {
        Map<String, Path> m = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(REFUSED);
        names.addAll(SALVAGEABLE);
        for (String n : names) {
            Path p = corpus(n, dir);
            if (p != null) {
                m.put(n, p);
            }
        }
        byte[] good = Files.readAllBytes(Scenarios.archive("zfs-full"));
        Random rnd = new Random(6);
        for (int i = 1; i <= cuts; i++) {
            int at = (int) ((long) good.length * i / (cuts + 1));
            m.put("zfs-full-cut-at-" + at, Files.write(dir.resolve("cut-" + at + ".tar.zst"), java.util.Arrays.copyOf(good, at)));
        }
        byte[] flipped = good.clone();
        for (int i = 0; i < 4; i++) {
            flipped[good.length / 3 + rnd.nextInt(good.length / 3)] ^= (byte) (1 + rnd.nextInt(255));
        }
        m.put("zfs-full-flipped", Files.write(dir.resolve("flipped.tar.zst"), flipped));
        return m;
    }
}
