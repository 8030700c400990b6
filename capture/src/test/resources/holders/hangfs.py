# A FUSE filesystem (python3-fusepy) whose daemon takes some requests and never answers them, for the
# capture's tests of hung reads. Files:
#   /data    64 KiB, readable: OPEN is answered, READ never (a page fault on a mapping of it waits)
#   /prog    64 KiB, executable: OPEN is answered, READ never (an execve of it waits reading the header)
#   /hang    OPEN never answered (a process opening it waits uninterruptibly)
# With the argument "statfs" after the mount point, STATFS of the mount is never answered either (stat -f,
# df hang); without it, statfs gets fusepy's default answer.
# Each request that will never be answered is first logged as one line "REQUEST PATH" on stdout, so a
# test knows the kernel is waiting. Killing this process aborts the connection: every waiter gets an error.
import errno, os, stat, sys, threading
try:
    from fusepy import FUSE, FuseOSError, Operations  # Debian's python3-fusepy
except ImportError:
    from fuse import FUSE, FuseOSError, Operations

FILES = {'/data': 0o444, '/prog': 0o555, '/hang': 0o444}
HANG_STATFS = 'statfs' in sys.argv[2:]

def never(request, path):
    print(request, path, flush=True)
    threading.Event().wait()

class Hang(Operations):
    def getattr(self, path, fh=None):
        if path == '/':
            return dict(st_mode=stat.S_IFDIR | 0o755, st_nlink=2)
        if path in FILES:
            return dict(st_mode=stat.S_IFREG | FILES[path], st_nlink=1, st_size=65536)
        raise FuseOSError(errno.ENOENT)
    def readdir(self, path, fh):
        return ['.', '..'] + [name[1:] for name in FILES]
    def open(self, path, flags):
        if path == '/hang':
            never('open', path)
        return 0
    def read(self, path, size, offset, fh):
        never('read', path)
    def statfs(self, path):
        if HANG_STATFS:
            never('statfs', path)
        return Operations.statfs(self, path)

print('ready', flush=True)
FUSE(Hang(), sys.argv[1], foreground=True, nothreads=False, ro=True)
