//===- FileIO.cpp - reading and writing whole files safely ----------------===//
//
// POSIX calls rather than stdio: reading must look at what a path is before
// it reads (fstat on the open descriptor, so that the check and the read see
// the same file), and writing needs fsync and rename.
//
//===----------------------------------------------------------------------===//
#include "umc/Runtime/FileIO.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace umc::rt {
namespace {

Status ioError(const std::string &path, const std::string &what, int error) {
  return Status::error(path + ": " + what + ": " + std::strerror(error));
}

/// "17179869184 bytes (16.0 GiB)": exact, and readable when large.
std::string formatBytes(uint64_t bytes) {
  std::string exact = std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
  if (bytes < 1024)
    return exact;
  const char *units[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double value = static_cast<double>(bytes) / 1024;
  int unit = 0;
  for (; value >= 1024 && unit < 5; ++unit)
    value /= 1024;
  char readable[32];
  std::snprintf(readable, sizeof(readable), "%.1f %s", value, units[unit]);
  return exact + " (" + readable + ")";
}

/// What a file that is neither regular nor a directory is, for messages.
const char *kindOf(mode_t mode) {
  if (S_ISCHR(mode))
    return "a character device";
  if (S_ISBLK(mode))
    return "a block device";
  if (S_ISFIFO(mode))
    return "a FIFO";
  if (S_ISSOCK(mode))
    return "a socket";
  return "a special file";
}

/// Closes a descriptor when it goes out of scope.
struct Descriptor {
  int fd;
  explicit Descriptor(int fd) : fd(fd) {}
  Descriptor(const Descriptor &) = delete;
  Descriptor &operator=(const Descriptor &) = delete;
  ~Descriptor() {
    if (fd >= 0)
      ::close(fd);
  }
  /// Closes now and reports what close says (where NFS reports a failed
  /// write).
  int close() {
    int result = ::close(fd);
    fd = -1;
    return result;
  }
};

/// Writes all of `data`, resuming after interrupted and partial writes;
/// false with errno set on failure.
bool writeAll(int fd, const uint8_t *data, size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return false;
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

/// Writes to a path that is not a regular file (/dev/null, a FIFO), where
/// there is nothing to replace.
Status writeInPlace(const std::string &path, const uint8_t *data,
                    size_t size) {
  Descriptor file(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
  if (file.fd < 0)
    return ioError(path, "cannot open for writing", errno);
  if (!writeAll(file.fd, data, size) || file.close() != 0)
    return ioError(path, "cannot write", errno);
  return Status::ok();
}

/// A name beside `target` that no other writer uses: the process id keeps
/// processes apart, the counter threads and attempts.
std::string temporaryName(const std::string &target) {
  static std::atomic<unsigned> counter{0};
  return target + ".tmp-" + std::to_string(::getpid()) + "-" +
         std::to_string(counter++);
}

} // namespace

Result<std::vector<uint8_t>> readFileLimited(const std::string &path,
                                             uint64_t maxBytes,
                                             const std::string &what) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer before fstat
  // refuses it. It changes nothing for regular files.
  Descriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (file.fd < 0)
    return ioError(path, "cannot open for reading", errno);
  struct stat info;
  if (::fstat(file.fd, &info) != 0)
    return ioError(path, "cannot read", errno);
  if (S_ISDIR(info.st_mode))
    return Status::error(path + ": is a directory, not " + what);
  if (!S_ISREG(info.st_mode))
    return Status::error(path + ": is " + kindOf(info.st_mode) + ", not " +
                         what);
  auto tooLarge = [&](const std::string &size) {
    return Status::error(path + ": is " + size + ", more than the " +
                         formatBytes(maxBytes) + " allowed for " + what);
  };
  uint64_t size = static_cast<uint64_t>(info.st_size);
  if (size > maxBytes)
    return tooLarge(formatBytes(size));

  // Read to the end rather than st_size bytes: some files (in /proc) report
  // no size, and a file may grow while it is read. The limit still holds.
  // One byte more than the size leaves room for the read that sees the end,
  // so that a file whose size holds is read without growing the buffer.
  uint64_t cap = std::min<uint64_t>(maxBytes, SIZE_MAX - 1) + 1;
  std::vector<uint8_t> bytes;
  size_t done = 0;
  try {
    bytes.resize(static_cast<size_t>(std::min(cap, size + 1)));
    while (true) {
      if (done == bytes.size())
        bytes.resize(static_cast<size_t>(
            std::min<uint64_t>(cap, std::max<uint64_t>(2 * done, 1 << 16))));
      ssize_t n = ::read(file.fd, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return ioError(path, "cannot read", errno);
      if (n == 0)
        break;
      done += static_cast<size_t>(n);
      if (done > maxBytes)
        return tooLarge("at least " + formatBytes(done));
    }
  } catch (const std::bad_alloc &) {
    return Status::error(path + ": not enough memory to read " +
                         formatBytes(std::max<uint64_t>(size, done)));
  }
  bytes.resize(done);
  return bytes;
}

Status writeFileAtomically(const std::string &path, const uint8_t *data,
                           size_t size) {
  // Write where a symbolic link points: renaming over the link would replace
  // it with a file and leave its target stale.
  std::string target = path;
  mode_t mode = 0666; // New files get what the umask allows, as with fopen.
  bool replacing = false;
  struct stat info;
  if (::stat(path.c_str(), &info) == 0) {
    if (S_ISDIR(info.st_mode))
      return Status::error(path + ": is a directory");
    if (!S_ISREG(info.st_mode))
      return writeInPlace(path, data, size);
    if (char *resolved = ::realpath(path.c_str(), nullptr)) {
      target = resolved;
      std::free(resolved);
    }
    mode = info.st_mode & 07777;
    replacing = true;
  } else if (errno != ENOENT) {
    return ioError(path, "cannot open for writing", errno);
  }

  std::string temporary;
  int fd = -1;
  // O_EXCL never reuses a file that is there (a leftover of a killed writer,
  // or a link someone planted); a fresh name is tried instead.
  for (int attempt = 0; fd < 0 && attempt < 100; ++attempt) {
    temporary = temporaryName(target);
    fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                mode);
    if (fd < 0 && errno != EEXIST)
      break;
  }
  if (fd < 0)
    return ioError(path, "cannot create a temporary file in its directory",
                   errno);
  Descriptor file(fd);
  // fchmod: the old file's bits, which the umask may have narrowed at open.
  // fsync before rename: otherwise a crash soon after could leave the new
  // name on an empty file. close: where some file systems report errors.
  bool written = (!replacing || ::fchmod(file.fd, mode) == 0) &&
                 writeAll(file.fd, data, size) && ::fsync(file.fd) == 0 &&
                 file.close() == 0 &&
                 ::rename(temporary.c_str(), target.c_str()) == 0;
  if (written)
    return Status::ok();
  int error = errno;
  ::unlink(temporary.c_str());
  return ioError(path, "cannot write", error);
}

} // namespace umc::rt
