/*
 * Test helper for LockClassesIT: processes that take a kernel lock of a target process and keep it,
 * and bounded probes of /proc files. Built by the test with the system's cc; one mode per call:
 *
 *   lockholder target FILE          maps FILE (on a FUSE mount that never answers READ), prints
 *                                   "addr 0x..", then obeys lines on stdin: "touch" (a thread faults on
 *                                   the mapping), "mmap" (a thread maps anonymous memory: a writer of
 *                                   the mmap lock; prints "mapped" when it got it), "exec PATH ARG.."
 *   lockholder memread PID ADDR     reads one byte of /proc/PID/mem at ADDR (a page fault without
 *                                   retry: holds PID's mmap lock for reading while the page is read)
 *   lockholder clearrefs PID        writes "5" to /proc/PID/clear_refs (takes PID's mmap lock for writing)
 *   lockholder exec PATH            execv(PATH): on a FUSE binary whose READ never answers, the exec
 *                                   stays in the kernel holding the target's cred_guard_mutex
 *   lockholder read PATH            probe: reads PATH to its end, prints the byte count
 *   lockholder readlink PATH        probe: readlink(PATH)
 *   lockholder list PATH            probe: lists the directory PATH
 *   lockholder owner PATH           probe: lstat(PATH) (what ps does to learn a process's user)
 *   lockholder attach PID           probe: PTRACE_SEIZE then detach (takes PID's cred_guard_mutex)
 *
 * Every probe prints "ok ..." or "error ERRNO" and exits 0; the test decides from whether it ended.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static volatile char *mapping;

static void say(const char *fmt, const char *arg) {
    printf(fmt, arg);
    putchar('\n');
    fflush(stdout);
}

static void *touch(void *unused) {
    (void) unused;
    char c = mapping[0];
    printf("touched %d\n", c);
    fflush(stdout);
    return NULL;
}

static void *map_anonymous(void *unused) {
    (void) unused;
    void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    say(p == MAP_FAILED ? "mmap failed %s" : "mapped%s", p == MAP_FAILED ? strerror(errno) : "");
    return NULL;
}

static int target(const char *file) {
    int fd = open(file, O_RDONLY);
    if (fd < 0) {
        say("error open %s", strerror(errno));
        return 1;
    }
    mapping = mmap(NULL, 65536, PROT_READ, MAP_PRIVATE, fd, 0);
    if (mapping == MAP_FAILED) {
        say("error mmap %s", strerror(errno));
        return 1;
    }
    close(fd);
    printf("addr %p\n", (void *) mapping);
    fflush(stdout);
    char line[4096];
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = 0;
        pthread_t t;
        if (strcmp(line, "touch") == 0) {
            pthread_create(&t, NULL, touch, NULL);
        } else if (strcmp(line, "mmap") == 0) {
            pthread_create(&t, NULL, map_anonymous, NULL);
        } else if (strncmp(line, "exec ", 5) == 0) {
            char *argv[64];
            int n = 0;
            for (char *s = strtok(line + 5, " "); s && n < 63; s = strtok(NULL, " ")) {
                argv[n++] = s;
            }
            argv[n] = NULL;
            execv(argv[0], argv);
            say("error exec %s", strerror(errno));
        }
    }
    return 0;
}

static int memread(const char *pid, const char *addr) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%s/mem", pid);
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        say("error open %s", strerror(errno));
        return 1;
    }
    say("reading %s", addr);
    char c;
    ssize_t n = pread(fd, &c, 1, (off_t) strtoull(addr, NULL, 0));
    say(n == 1 ? "ok%s" : "error %s", n == 1 ? "" : strerror(errno));
    return 0;
}

static int clearrefs(const char *pid) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%s/clear_refs", pid);
    int fd = open(path, O_WRONLY);
    if (fd < 0 || write(fd, "5", 1) != 1) {
        say("error %s", strerror(errno));
        return 1;
    }
    say("ok%s", "");
    return 0;
}

static int probe_read(const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        say("error %s", strerror(errno));
        return 0;
    }
    char buf[65536];
    long total = 0;
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        total += n;
    }
    if (n < 0) {
        say("error %s", strerror(errno));
    } else {
        printf("ok %ld\n", total);
    }
    return 0;
}

static int probe_readlink(const char *path) {
    char buf[4096];
    ssize_t n = readlink(path, buf, sizeof buf - 1);
    if (n < 0) {
        say("error %s", strerror(errno));
    } else {
        buf[n] = 0;
        say("ok %s", buf);
    }
    return 0;
}

static int probe_list(const char *path) {
    DIR *d = opendir(path);
    if (!d) {
        say("error %s", strerror(errno));
        return 0;
    }
    int n = 0;
    while (readdir(d)) {
        n++;
    }
    closedir(d);
    printf("ok %d\n", n);
    return 0;
}

static int probe_owner(const char *path) {
    struct stat st;
    if (lstat(path, &st) != 0) {
        say("error %s", strerror(errno));
    } else {
        printf("ok %u\n", (unsigned) st.st_uid);
    }
    return 0;
}

static int attach(const char *pid) {
    pid_t p = (pid_t) atoi(pid);
    if (ptrace(PTRACE_SEIZE, p, NULL, NULL) != 0) {
        say("error %s", strerror(errno));
        return 0;
    }
    ptrace(PTRACE_DETACH, p, NULL, NULL);
    say("ok%s", "");
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "target") == 0) return target(argv[2]);
    if (argc == 4 && strcmp(argv[1], "memread") == 0) return memread(argv[2], argv[3]);
    if (argc == 3 && strcmp(argv[1], "clearrefs") == 0) return clearrefs(argv[2]);
    if (argc == 3 && strcmp(argv[1], "exec") == 0) {
        execv(argv[2], argv + 2);
        say("error exec %s", strerror(errno));
        return 1;
    }
    if (argc == 3 && strcmp(argv[1], "read") == 0) return probe_read(argv[2]);
    if (argc == 3 && strcmp(argv[1], "readlink") == 0) return probe_readlink(argv[2]);
    if (argc == 3 && strcmp(argv[1], "list") == 0) return probe_list(argv[2]);
    if (argc == 3 && strcmp(argv[1], "owner") == 0) return probe_owner(argv[2]);
    if (argc == 3 && strcmp(argv[1], "attach") == 0) return attach(argv[2]);
    fprintf(stderr, "usage: lockholder target FILE | memread PID ADDR | clearrefs PID | exec PATH"
            " | read PATH | readlink PATH | list PATH | owner PATH | attach PID\n");
    return 2;
}
