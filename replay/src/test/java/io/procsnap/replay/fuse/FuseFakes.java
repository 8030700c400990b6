package io.procsnap.replay.fuse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.cryptomator.jfuse.api.DirFiller;
import org.cryptomator.jfuse.api.FileInfo;
import org.cryptomator.jfuse.api.Stat;
import org.cryptomator.jfuse.api.TimeSpec;

/** Plain-Java stand-ins for the jfuse structures, so callbacks run without a mount. */
final class FuseFakes {
    private FuseFakes() {
    }

    static final class FakeTime implements TimeSpec {
        Instant value = Instant.EPOCH;

        @Override
        public boolean isUtimeOmit() {
            return false;
        }

        @Override
        public boolean isUtimeNow() {
            return false;
        }

        @Override
        public void set(Instant instant) {
            value = instant;
        }

        @Override
        public Instant get() {
            return value;
        }
    }

    static final class FakeStat implements Stat {
        int mode;
        int uid;
        int gid;
        long size;
        long nlink;
        final FakeTime atime = new FakeTime();
        final FakeTime mtime = new FakeTime();
        final FakeTime ctime = new FakeTime();

        @Override
        public TimeSpec aTime() {
            return atime;
        }

        @Override
        public TimeSpec cTime() {
            return ctime;
        }

        @Override
        public TimeSpec mTime() {
            return mtime;
        }

        @Override
        public TimeSpec birthTime() {
            return new FakeTime();
        }

        @Override
        public void setMode(int mode) {
            this.mode = mode;
        }

        @Override
        public int getMode() {
            return mode;
        }

        @Override
        public void setUid(int uid) {
            this.uid = uid;
        }

        @Override
        public int getUid() {
            return uid;
        }

        @Override
        public void setGid(int gid) {
            this.gid = gid;
        }

        @Override
        public int getGid() {
            return gid;
        }

        @Override
        public void setNLink(short count) {
            this.nlink = count;
        }

        @Override
        public long getNLink() {
            return nlink;
        }

        @Override
        public void setSize(long size) {
            this.size = size;
        }

        @Override
        public long getSize() {
            return size;
        }
    }

    static final class FakeFileInfo implements FileInfo {
        long fh;

        @Override
        public long getFh() {
            return fh;
        }

        @Override
        public void setFh(long fh) {
            this.fh = fh;
        }

        @Override
        public int getFlags() {
            return 0;
        }

        @Override
        public Set<StandardOpenOption> getOpenFlags() {
            return Set.of(StandardOpenOption.READ);
        }

        @Override
        public long getLockOwner() {
            return 0;
        }
    }

    static final class ListFiller implements DirFiller {
        final List<String> names = new ArrayList<>();

        @Override
        public int fill(String name, Consumer<Stat> stat, long offset, int flags) {
            names.add(name);
            return 0;
        }
    }

    /** Reads a whole file through open/read/release in chunks of {@code chunk}, as a tool would. */
    static byte[] readAll(ProcFileSystem fs, String path, int chunk) {
        FakeFileInfo fi = new FakeFileInfo();
        int rc = fs.open(path, fi);
        if (rc != 0) {
            throw new IllegalStateException("open " + path + " -> " + rc);
        }
        ByteBuffer all = ByteBuffer.allocate(1 << 20);
        long offset = 0;
        while (true) {
            ByteBuffer buf = ByteBuffer.allocate(chunk);
            int n = fs.read(path, buf, chunk, offset, fi);
            if (n < 0) {
                throw new IllegalStateException("read " + path + " -> " + n);
            }
            if (n == 0) {
                break;
            }
            all.put(buf.flip());
            offset += n;
        }
        fs.release(path, fi);
        byte[] out = new byte[all.position()];
        all.flip().get(out);
        return out;
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
