// A full disk on demand, for faults.disk_full: LD_PRELOADed into corpus, it lets the files
// under $CORPUS_FAULT_DIR grow by $CORPUS_FAULT_BYTES bytes in all, then fails every write
// that would grow one further with ENOSPC, as a file system out of blocks does (the write
// that crosses the line is cut short first). Overwriting bytes a file already has costs
// nothing, as on a disk. Other files (the input, the terminal) are not touched.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static char watched_dir[4096];
static size_t watched_len;
static atomic_llong budget = -1;  // bytes the watched files may still grow by; -1: no limit
static long long initial_budget = -1;

__attribute__((constructor)) static void init(void) {
  const char* dir = getenv("CORPUS_FAULT_DIR");
  const char* bytes = getenv("CORPUS_FAULT_BYTES");
  if (!dir || !bytes || strlen(dir) >= sizeof watched_dir) return;
  strcpy(watched_dir, dir);
  watched_len = strlen(dir);
  initial_budget = atoll(bytes);
  atomic_store(&budget, initial_budget);
}

// $CORPUS_FAULT_REPORT: where to write how many bytes the watched files grew by, at exit (a
// run with an ample budget measures what a command needs).
__attribute__((destructor)) static void report(void) {
  const char* path = getenv("CORPUS_FAULT_REPORT");
  if (!path || initial_budget < 0) return;
  FILE* f = fopen(path, "w");
  if (!f) return;
  fprintf(f, "%lld\n", initial_budget - atomic_load(&budget));
  fclose(f);
}

static int watched(int fd) {
  if (watched_len == 0 || fd < 0) return 0;
  char link[64], target[4096];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  const ssize_t n = readlink(link, target, sizeof target - 1);
  if (n <= 0) return 0;
  target[n] = '\0';
  return strncmp(target, watched_dir, watched_len) == 0;
}

// How many of the `n` bytes at `offset` (-1: the file's current position) may be written:
// all of them, the part that still fits, or none (-1 with errno ENOSPC).
static ssize_t allowed(int fd, size_t n, off_t offset) {
  if (n == 0 || !watched(fd)) return (ssize_t)n;
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return (ssize_t)n;
  if (offset < 0) {
    offset = (fcntl(fd, F_GETFL) & O_APPEND) ? st.st_size : lseek(fd, 0, SEEK_CUR);
    if (offset < 0) return (ssize_t)n;
  }
  const long long end = (long long)offset + (long long)n;
  const long long growth = end > st.st_size ? end - st.st_size : 0;
  if (growth == 0) return (ssize_t)n;
  long long left = atomic_load(&budget);
  for (;;) {
    if (left < 0) return (ssize_t)n;  // no limit
    const long long take = growth < left ? growth : left;
    if (atomic_compare_exchange_weak(&budget, &left, left - take)) {
      const long long fits = (long long)n - (growth - take);
      if (fits <= 0) {
        errno = ENOSPC;
        return -1;
      }
      return (ssize_t)fits;
    }
  }
}

// The next definition of a function (libc's): POSIX's idiom for a function pointer from dlsym.
#define REAL(name) __typeof__(&name) real_##name; *(void**)(&real_##name) = dlsym(RTLD_NEXT, #name)

ssize_t write(int fd, const void* buf, size_t n) {
  const ssize_t ok = allowed(fd, n, -1);
  REAL(write);
  return ok < 0 ? -1 : real_write(fd, buf, (size_t)ok);
}

ssize_t pwrite(int fd, const void* buf, size_t n, off_t offset) {
  const ssize_t ok = allowed(fd, n, offset);
  REAL(pwrite);
  return ok < 0 ? -1 : real_pwrite(fd, buf, (size_t)ok, offset);
}

ssize_t pwrite64(int fd, const void* buf, size_t n, off64_t offset) {
  const ssize_t ok = allowed(fd, n, (off_t)offset);
  REAL(pwrite64);
  return ok < 0 ? -1 : real_pwrite64(fd, buf, (size_t)ok, offset);
}

static size_t total(const struct iovec* iov, int count) {
  size_t n = 0;
  for (int i = 0; i < count; ++i) n += iov[i].iov_len;
  return n;
}

// Vectored writes are all or nothing here: corpus and SQLite do not use them for these files.
ssize_t writev(int fd, const struct iovec* iov, int count) {
  const size_t n = total(iov, count);
  if (allowed(fd, n, -1) != (ssize_t)n) {
    errno = ENOSPC;
    return -1;
  }
  REAL(writev);
  return real_writev(fd, iov, count);
}

ssize_t pwritev(int fd, const struct iovec* iov, int count, off_t offset) {
  const size_t n = total(iov, count);
  if (allowed(fd, n, offset) != (ssize_t)n) {
    errno = ENOSPC;
    return -1;
  }
  REAL(pwritev);
  return real_pwritev(fd, iov, count, offset);
}

int posix_fallocate(int fd, off_t offset, off_t len) {
  if (allowed(fd, (size_t)len, offset) != (ssize_t)len) return ENOSPC;
  REAL(posix_fallocate);
  return real_posix_fallocate(fd, offset, len);
}
