//===- FileIOTest.cpp - reading and writing whole files safely ------------===//
//
// readFileLimited must refuse what is not a regular file and what is too
// large before reading it (so /dev/zero, a FIFO or a huge sparse file cost
// nothing); writeFileAtomically must leave the old file untouched, and no
// temporary file behind, when a write fails halfway. The failure is made
// real with RLIMIT_FSIZE, which stops a write with EFBIG at a chosen size.
//
//===----------------------------------------------------------------------===//
#include "umc/Runtime/FileIO.h"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <dirent.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace umc::rt;

namespace {

std::vector<uint8_t> bytesOf(const std::string &text) {
  return std::vector<uint8_t>(text.begin(), text.end());
}

/// A fresh empty directory per test, so that leftovers can be counted.
std::string freshDirectory() {
  std::string pattern = ::testing::TempDir() + "umc-fileio-XXXXXX";
  EXPECT_NE(mkdtemp(pattern.data()), nullptr);
  return pattern;
}

std::vector<std::string> listDirectory(const std::string &path) {
  std::vector<std::string> names;
  if (DIR *dir = opendir(path.c_str())) {
    while (dirent *entry = readdir(dir))
      if (std::string(entry->d_name) != "." && std::string(entry->d_name) != "..")
        names.push_back(entry->d_name);
    closedir(dir);
  }
  return names;
}

void writePlainly(const std::string &path, const std::string &text) {
  std::FILE *f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr) << path;
  std::fwrite(text.data(), 1, text.size(), f);
  std::fclose(f);
}

std::string contentsOf(const std::string &path) {
  Result<std::vector<uint8_t>> bytes =
      readFileLimited(path, 1 << 20, "a test file");
  EXPECT_TRUE(bytes.isOk()) << bytes.status().message();
  return bytes.isOk() ? std::string(bytes->begin(), bytes->end()) : "";
}

Status writeText(const std::string &path, const std::string &text) {
  std::vector<uint8_t> bytes = bytesOf(text);
  return writeFileAtomically(path, bytes.data(), bytes.size());
}

/// Files may grow to `bytes` while it lives; a longer write fails with EFBIG
/// instead of killing the process with SIGXFSZ.
class FileSizeLimit {
public:
  explicit FileSizeLimit(rlim_t bytes) {
    oldHandler_ = std::signal(SIGXFSZ, SIG_IGN);
    getrlimit(RLIMIT_FSIZE, &old_);
    rlimit limited = old_;
    limited.rlim_cur = bytes;
    setrlimit(RLIMIT_FSIZE, &limited);
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &old_);
    std::signal(SIGXFSZ, oldHandler_);
  }

private:
  rlimit old_;
  void (*oldHandler_)(int);
};

//===----------------------------------------------------------------------===//
// Reading
//===----------------------------------------------------------------------===//

TEST(FileIO, ReadsWholeFiles) {
  std::string dir = freshDirectory();
  writePlainly(dir + "/a", "hello");
  EXPECT_EQ(contentsOf(dir + "/a"), "hello");
  writePlainly(dir + "/empty", "");
  EXPECT_EQ(contentsOf(dir + "/empty"), "");
  std::string large(300000, 'x');
  writePlainly(dir + "/large", large);
  EXPECT_EQ(contentsOf(dir + "/large"), large);
}

TEST(FileIO, ReadsUpToTheLimitAndNoFurther) {
  std::string dir = freshDirectory();
  writePlainly(dir + "/ten", "0123456789");
  EXPECT_TRUE(readFileLimited(dir + "/ten", 10, "a test file").isOk());
  Result<std::vector<uint8_t>> over =
      readFileLimited(dir + "/ten", 9, "a test file");
  ASSERT_FALSE(over.isOk());
  EXPECT_EQ(over.status().message(),
            dir + "/ten: is 10 bytes, more than the 9 bytes allowed for a "
                  "test file");
}

/// Files in /proc report a size of 0 but have contents; they are read to the
/// end, and the limit still holds.
TEST(FileIO, ReadsFilesThatReportNoSize) {
  Result<std::vector<uint8_t>> status =
      readFileLimited("/proc/self/status", 1 << 20, "a test file");
  ASSERT_TRUE(status.isOk()) << status.status().message();
  EXPECT_EQ(std::string(status->begin(), status->begin() + 5), "Name:");
  Result<std::vector<uint8_t>> over =
      readFileLimited("/proc/self/status", 4, "a test file");
  ASSERT_FALSE(over.isOk());
  EXPECT_EQ(over.status().message(),
            "/proc/self/status: is at least 5 bytes, more than the 4 bytes "
            "allowed for a test file");
}

/// A terabyte that occupies no disk: refused by its size, without reading.
TEST(FileIO, RefusesHugeFilesBeforeReadingThem) {
  std::string path = freshDirectory() + "/sparse";
  int fd = open(path.c_str(), O_WRONLY | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(ftruncate(fd, off_t(1) << 40), 0);
  close(fd);
  Result<std::vector<uint8_t>> huge =
      readFileLimited(path, uint64_t(16) << 30, "an npy file");
  ASSERT_FALSE(huge.isOk());
  EXPECT_EQ(huge.status().message(),
            path + ": is 1099511627776 bytes (1.0 TiB), more than the "
                   "17179869184 bytes (16.0 GiB) allowed for an npy file");
}

TEST(FileIO, RefusesDirectories) {
  std::string dir = freshDirectory();
  Result<std::vector<uint8_t>> bytes =
      readFileLimited(dir, 1 << 20, "a safetensors file");
  ASSERT_FALSE(bytes.isOk());
  EXPECT_EQ(bytes.status().message(),
            dir + ": is a directory, not a safetensors file");
}

/// /dev/zero never ends: reading it would run until memory does.
TEST(FileIO, RefusesDevices) {
  Result<std::vector<uint8_t>> bytes =
      readFileLimited("/dev/zero", uint64_t(1) << 40, "an npy file");
  ASSERT_FALSE(bytes.isOk());
  EXPECT_EQ(bytes.status().message(),
            "/dev/zero: is a character device, not an npy file");
}

/// Opening a FIFO for reading would wait for a writer forever.
TEST(FileIO, RefusesFifosWithoutWaiting) {
  std::string path = freshDirectory() + "/fifo";
  ASSERT_EQ(mkfifo(path.c_str(), 0600), 0);
  Result<std::vector<uint8_t>> bytes =
      readFileLimited(path, 1 << 20, "an npy file");
  ASSERT_FALSE(bytes.isOk());
  EXPECT_EQ(bytes.status().message(), path + ": is a FIFO, not an npy file");
}

TEST(FileIO, ReadErrorsNameThePathAndCause) {
  std::string path = freshDirectory() + "/missing";
  Result<std::vector<uint8_t>> bytes =
      readFileLimited(path, 1 << 20, "an npy file");
  ASSERT_FALSE(bytes.isOk());
  EXPECT_EQ(bytes.status().message(),
            path + ": cannot open for reading: No such file or directory");
}

//===----------------------------------------------------------------------===//
// Writing
//===----------------------------------------------------------------------===//

TEST(FileIO, WritesNewFilesAndReplacesOldOnes) {
  std::string dir = freshDirectory(), path = dir + "/f";
  ASSERT_TRUE(writeText(path, "first").isOk());
  EXPECT_EQ(contentsOf(path), "first");
  ASSERT_TRUE(writeText(path, "second, longer").isOk());
  EXPECT_EQ(contentsOf(path), "second, longer");
  ASSERT_TRUE(writeText(path, "").isOk());
  EXPECT_EQ(contentsOf(path), "");
  EXPECT_EQ(listDirectory(dir), std::vector<std::string>{"f"});
}

TEST(FileIO, KeepsThePermissionsOfTheFileItReplaces) {
  std::string path = freshDirectory() + "/f";
  writePlainly(path, "old");
  ASSERT_EQ(chmod(path.c_str(), 0640), 0);
  ASSERT_TRUE(writeText(path, "new").isOk());
  struct stat info;
  ASSERT_EQ(stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0640u);
}

/// The interrupted write the atomic rename exists for: the old file must
/// keep every byte, and the temporary file must be gone.
TEST(FileIO, FailedWriteLeavesTheOldFileIntact) {
  std::string dir = freshDirectory(), path = dir + "/weights";
  std::string old(10000, 'o');
  writePlainly(path, old);
  std::vector<uint8_t> big(100000, 'n');
  Status s = Status::ok();
  {
    FileSizeLimit limit(4096);
    s = writeFileAtomically(path, big.data(), big.size());
  }
  ASSERT_FALSE(s.isOk());
  EXPECT_EQ(s.message(), path + ": cannot write: File too large");
  EXPECT_EQ(contentsOf(path), old);
  EXPECT_EQ(listDirectory(dir), std::vector<std::string>{"weights"});
}

TEST(FileIO, FailedWriteCreatesNothing) {
  std::string dir = freshDirectory();
  std::vector<uint8_t> big(100000, 'n');
  Status s = Status::ok();
  {
    FileSizeLimit limit(4096);
    s = writeFileAtomically(dir + "/new", big.data(), big.size());
  }
  EXPECT_FALSE(s.isOk());
  EXPECT_TRUE(listDirectory(dir).empty());
}

TEST(FileIO, WritesThroughSymbolicLinks) {
  std::string dir = freshDirectory();
  writePlainly(dir + "/target", "old");
  ASSERT_EQ(symlink("target", (dir + "/link").c_str()), 0);
  ASSERT_TRUE(writeText(dir + "/link", "new").isOk());
  struct stat info;
  ASSERT_EQ(lstat((dir + "/link").c_str(), &info), 0);
  EXPECT_TRUE(S_ISLNK(info.st_mode)) << "the link was replaced by a file";
  EXPECT_EQ(contentsOf(dir + "/target"), "new");
}

/// Devices are written in place: there is no file to protect, and /dev must
/// not get temporary files (or have /dev/null replaced).
TEST(FileIO, WritesToDevicesInPlace) {
  EXPECT_TRUE(writeText("/dev/null", "discarded").isOk());
  struct stat info;
  ASSERT_EQ(stat("/dev/null", &info), 0);
  EXPECT_TRUE(S_ISCHR(info.st_mode));
  EXPECT_EQ(writeText("/dev/full", "x").message(),
            "/dev/full: cannot write: No space left on device");
}

TEST(FileIO, WriteErrorsNameThePathAndCause) {
  std::string dir = freshDirectory();
  EXPECT_EQ(writeText(dir, "x").message(), dir + ": is a directory");
  std::string path = dir + "/no-such-dir/f";
  EXPECT_EQ(writeText(path, "x").message(),
            path + ": cannot create a temporary file in its directory: No "
                   "such file or directory");
}

} // namespace
