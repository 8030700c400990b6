/*
 * procsnap-statfs: statfs(2) of mount points for the capture, one child process for many mounts (see
 * StatfsHelper.java). Reads requests from stdin, each a mount point's bytes ended by a NUL, and answers each
 * with one line on stdout, written with one write(2) as soon as the statfs returns:
 *
 *   ok F_TYPE(hex) BSIZE FRSIZE BLOCKS BFREE BAVAIL FILES FFREE NAMELEN FLAGS
 *   err ERRNO
 *
 * Exits at the end of stdin. A statfs that hangs (a dead NFS server, a FUSE daemon that never answers)
 * hangs this process only: the capture kills it (SIGKILL) at the mount's timeout and starts another one for
 * the next mounts. It never opens a file, never writes anywhere but stdout, keeps no state.
 */
#define _FILE_OFFSET_BITS 64
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/statfs.h>
#include <unistd.h>

#define PATH_CAP 4096

/* writes all of buf, retrying short writes and EINTR; 0 when stdout is gone */
static int put(const char *buf, size_t len) {
    while (len > 0) {
        ssize_t n = write(1, buf, len);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return 0;
        }
        buf += n;
        len -= (size_t) n;
    }
    return 1;
}

static int answer(const char *path) {
    struct statfs s;
    char line[512];
    int len;
    if (statfs(path, &s) != 0) {
        len = snprintf(line, sizeof line, "err %d\n", errno);
    } else {
        len = snprintf(line, sizeof line, "ok %llx %llu %llu %llu %llu %llu %llu %llu %llu %llu\n",
                (unsigned long long) s.f_type, (unsigned long long) s.f_bsize, (unsigned long long) s.f_frsize,
                (unsigned long long) s.f_blocks, (unsigned long long) s.f_bfree, (unsigned long long) s.f_bavail,
                (unsigned long long) s.f_files, (unsigned long long) s.f_ffree, (unsigned long long) s.f_namelen,
                (unsigned long long) s.f_flags);
    }
    return put(line, (size_t) len);
}

int main(void) {
    static char in[PATH_CAP * 2];
    static char path[PATH_CAP];
    size_t plen = 0;
    int too_long = 0;
    for (;;) {
        ssize_t n = read(0, in, sizeof in);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return 0;
        }
        for (ssize_t i = 0; i < n; i++) {
            char c = in[i];
            if (c != 0) {
                if (plen < PATH_CAP - 1) {
                    path[plen++] = c;
                } else {
                    too_long = 1;
                }
                continue;
            }
            path[plen] = 0;
            int ok;
            if (too_long) {
                char line[32];
                int len = snprintf(line, sizeof line, "err %d\n", ENAMETOOLONG);
                ok = put(line, (size_t) len);
            } else {
                ok = answer(path);
            }
            if (!ok) {
                return 0;
            }
            plen = 0;
            too_long = 0;
        }
    }
}
