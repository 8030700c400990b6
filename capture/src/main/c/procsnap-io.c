/*
 * procsnap-io: the capture reader's syscalls for one file, in one JNI call each (see NativeIo.java):
 * open + read to EOF + close, readlink, lstat, and a directory listing (open, getdents, close). The same
 * syscalls as the NIO path makes, without its Java work per file. Opens for reading only (O_CLOEXEC,
 * O_NOCTTY), never follows what a link points to (readlink and lstat only), never writes, keeps no
 * state but one reusable buffer per thread.
 */
#include <jni.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * glibc floor: since glibc 2.33 a call to lstat binds to lstat@GLIBC_2.33, newer than the x86-64 bundle's
 * runtime needs (2.17). There the library binds to the older entry __lxstat@GLIBC_2.2.5, which every
 * glibc still exports for old binaries, so it loads wherever its runtime does (objdump -T shows no
 * version above GLIBC_2.14). The ARM runtimes need glibc 2.34 anyway: lstat@GLIBC_2.33 is below that.
 */
#if defined(__x86_64__) && defined(__GLIBC__)
extern int __lxstat(int version, const char *path, struct stat *st);
__asm__(".symver __lxstat,__lxstat@GLIBC_2.2.5");
#define LSTAT(path, st) __lxstat(1 /* _STAT_VER_LINUX */, path, st)
#else
#define LSTAT(path, st) lstat(path, st)
#endif

#define INITIAL (64 << 10)
#define KEEP (256 << 10)

/* this thread's read buffer: grows up to the cap for a large file, shrinks back after it */
static __thread char *buffer;
static __thread size_t capacity;

/* copies the Java path bytes into a NUL-terminated C string; 0 or an errno */
static int c_path(JNIEnv *env, jbyteArray path, char *out) {
    jsize len = (*env)->GetArrayLength(env, path);
    if (len >= PATH_MAX) {
        return ENAMETOOLONG;
    }
    (*env)->GetByteArrayRegion(env, path, 0, len, (jbyte *) out);
    out[len] = 0;
    return 0;
}

static int ensure(size_t size) {
    if (capacity >= size) {
        return 1;
    }
    char *bigger = realloc(buffer, size);
    if (bigger == NULL) {
        return 0;
    }
    buffer = bigger;
    capacity = size;
    return 1;
}

static void status(JNIEnv *env, jintArray out, jint err, jint extra) {
    jint v[2] = {err, extra};
    (*env)->SetIntArrayRegion(env, out, 0, 2, v);
}

/* the C path and this thread's buffer for a call that fills the buffer; false (errno in out[0]) if not */
static int begin(JNIEnv *env, jbyteArray path, char *p, jintArray out) {
    int err = c_path(env, path, p);
    if (err == 0 && !ensure(INITIAL)) {
        err = ENOMEM;
    }
    if (err != 0) {
        status(env, out, err, 0);
        return 0;
    }
    return 1;
}

/* the first n bytes of the buffer as a new Java array; the buffer shrinks back after a large result */
static jbyteArray result(JNIEnv *env, size_t n, jintArray out, jint extra) {
    jbyteArray bytes = (*env)->NewByteArray(env, (jsize) n);
    if (bytes == NULL) {
        return NULL; /* OutOfMemoryError pending: it reaches the reader as an internal error */
    }
    (*env)->SetByteArrayRegion(env, bytes, 0, (jsize) n, (const jbyte *) buffer);
    if (capacity > KEEP) {
        free(buffer);
        buffer = NULL;
        capacity = 0;
    }
    status(env, out, 0, extra);
    return bytes;
}

/* content of the file (at most cap bytes), or NULL with out[0] = errno; out[1] = 1 when more followed the cap */
JNIEXPORT jbyteArray JNICALL Java_io_procsnap_capture_engine_NativeIo_read0(JNIEnv *env, jclass cls, jbyteArray path,
                                                                           jint cap, jintArray out) {
    char p[PATH_MAX];
    if (!begin(env, path, p, out)) {
        return NULL;
    }
    int fd;
    do {
        fd = open(p, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        status(env, out, errno, 0);
        return NULL;
    }
    size_t n = 0;
    int truncated = 0;
    for (;;) {
        size_t room = (capacity < (size_t) cap ? capacity : (size_t) cap) - n;
        if (room == 0) {
            if (n >= (size_t) cap || !ensure(capacity * 2 < (size_t) cap ? capacity * 2 : (size_t) cap)) {
                char probe;
                ssize_t r;
                do {
                    r = read(fd, &probe, 1);
                } while (r < 0 && errno == EINTR);
                if (r < 0) {
                    int err = errno;
                    close(fd);
                    status(env, out, err, 0);
                    return NULL;
                }
                truncated = r > 0;
                break;
            }
            continue;
        }
        ssize_t r = read(fd, buffer + n, room);
        if (r < 0) {
            if (errno == EINTR) {
                continue;
            }
            int err = errno;
            close(fd);
            status(env, out, err, 0);
            return NULL;
        }
        if (r == 0) {
            break;
        }
        n += (size_t) r;
    }
    close(fd);
    return result(env, n, out, truncated);
}

/* the link's target bytes, or NULL with out[0] = errno */
JNIEXPORT jbyteArray JNICALL Java_io_procsnap_capture_engine_NativeIo_readLink0(JNIEnv *env, jclass cls,
                                                                               jbyteArray path, jintArray out) {
    char p[PATH_MAX];
    char target[PATH_MAX + 1];
    int err = c_path(env, path, p);
    if (err != 0) {
        status(env, out, err, 0);
        return NULL;
    }
    ssize_t n = readlink(p, target, sizeof target);
    if (n < 0) {
        status(env, out, errno, 0);
        return NULL;
    }
    if ((size_t) n == sizeof target) {
        status(env, out, ENAMETOOLONG, 0);
        return NULL;
    }
    jbyteArray bytes = (*env)->NewByteArray(env, (jsize) n);
    if (bytes == NULL) {
        return NULL; /* OutOfMemoryError pending */
    }
    (*env)->SetByteArrayRegion(env, bytes, 0, (jsize) n, (const jbyte *) target);
    status(env, out, 0, 0);
    return bytes;
}

/* lstat: out = {errno, st_mode, st_uid, st_gid}; returns the errno */
JNIEXPORT jint JNICALL Java_io_procsnap_capture_engine_NativeIo_lstat0(JNIEnv *env, jclass cls, jbyteArray path,
                                                                      jintArray out) {
    char p[PATH_MAX];
    int err = c_path(env, path, p);
    struct stat st;
    if (err == 0 && LSTAT(p, &st) != 0) {
        err = errno;
    }
    jint v[4] = {err, 0, 0, 0};
    if (err == 0) {
        v[1] = (jint) st.st_mode;
        v[2] = (jint) st.st_uid;
        v[3] = (jint) st.st_gid;
    }
    (*env)->SetIntArrayRegion(env, out, 0, 4, v);
    return err;
}

/* the names in the directory ("." and ".." left out), each followed by a NUL; NULL with out[0] = errno */
JNIEXPORT jbyteArray JNICALL Java_io_procsnap_capture_engine_NativeIo_list0(JNIEnv *env, jclass cls, jbyteArray path,
                                                                           jintArray out) {
    char p[PATH_MAX];
    if (!begin(env, path, p, out)) {
        return NULL;
    }
    DIR *dir = opendir(p);
    if (dir == NULL) {
        status(env, out, errno, 0);
        return NULL;
    }
    size_t n = 0;
    int err = 0;
    for (;;) {
        errno = 0;
        struct dirent *e = readdir(dir);
        if (e == NULL) {
            err = errno;
            break;
        }
        const char *name = e->d_name;
        if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) {
            continue;
        }
        size_t len = strlen(name) + 1;
        if (n + len > capacity && !ensure(capacity * 2 > n + len ? capacity * 2 : n + len)) {
            err = ENOMEM;
            break;
        }
        memcpy(buffer + n, name, len);
        n += len;
    }
    closedir(dir);
    if (err != 0) {
        status(env, out, err, 0);
        return NULL;
    }
    return result(env, n, out, 0);
}

/*
 * procsnap watch (watch/KernelLog.java): /dev/kmsg from its end, never blocking. open O_RDONLY|O_NONBLOCK
 * and lseek(0, SEEK_END), so only records logged from now on are read; each read returns one record, or
 * EAGAIN when there is none. Reading /dev/kmsg consumes nothing (unlike /proc/kmsg, never opened).
 */
JNIEXPORT jint JNICALL Java_io_procsnap_capture_watch_KernelLog_open0(JNIEnv *env, jclass cls, jbyteArray path) {
    char p[PATH_MAX];
    int err = c_path(env, path, p);
    if (err != 0) {
        return -err;
    }
    int fd = open(p, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        return -errno;
    }
    if (lseek(fd, 0, SEEK_END) < 0) {
        err = errno;
        close(fd);
        return -err;
    }
    return fd;
}

JNIEXPORT jint JNICALL Java_io_procsnap_capture_watch_KernelLog_read0(JNIEnv *env, jclass cls, jint fd, jbyteArray out) {
    char record[8192];
    jsize cap = (*env)->GetArrayLength(env, out);
    size_t want = cap < (jsize) sizeof record ? (size_t) cap : sizeof record;
    ssize_t n;
    do {
        n = read(fd, record, want);
    } while (n < 0 && errno == EINTR);
    if (n < 0) {
        return errno == EAGAIN ? 0 : -errno;
    }
    (*env)->SetByteArrayRegion(env, out, 0, (jsize) n, (const jbyte *) record);
    return (jint) n;
}

JNIEXPORT void JNICALL Java_io_procsnap_capture_watch_KernelLog_close0(JNIEnv *env, jclass cls, jint fd) {
    close(fd);
}
