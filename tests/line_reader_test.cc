#include "corpus/line_reader.h"

#include <gtest/gtest.h>
#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <thread>

#include "test_util.h"

namespace corpus {
namespace {

std::vector<std::string> read_all(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  EXPECT_GE(fd, 0);
  LineReader r(fd);
  std::vector<std::string> lines;
  std::string line;
  while (r.next(line)) lines.push_back(line);
  ::close(fd);
  return lines;
}

std::string gzip(std::string_view s) {
  uLongf n = compressBound(static_cast<uLong>(s.size())) + 32;
  std::string out(n, '\0');
  z_stream zs{};
  deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(s.data()));
  zs.avail_in = static_cast<uInt>(s.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

TEST(LineReader, PlainLinesWithAndWithoutFinalNewline) {
  test::TempDir dir;
  test::write_file(dir.file("a"), "one\r\ntwo\n\nlast");
  EXPECT_EQ(read_all(dir.file("a")), (std::vector<std::string>{"one", "two", "", "last"}));
  test::write_file(dir.file("b"), "");
  EXPECT_TRUE(read_all(dir.file("b")).empty());
}

TEST(LineReader, GzipIsDetectedByItsMagicAndMembersConcatenate) {
  test::TempDir dir;
  std::string big;
  for (int i = 0; i < 20000; ++i) big += "line " + std::to_string(i) + "\n";
  test::write_file(dir.file("a.gz"), gzip(big) + gzip("tail\n"));
  const auto lines = read_all(dir.file("a.gz"));
  ASSERT_EQ(lines.size(), 20001u);
  EXPECT_EQ(lines[12345], "line 12345");
  EXPECT_EQ(lines.back(), "tail");
}

TEST(LineReader, CorruptGzipThrows) {
  test::TempDir dir;
  std::string gz = gzip(std::string(5000, 'x'));
  gz[gz.size() / 2] ^= 0x55;
  gz[gz.size() / 2 + 1] ^= 0x55;
  test::write_file(dir.file("bad.gz"), gz);
  EXPECT_THROW(read_all(dir.file("bad.gz")), std::runtime_error);
}

TEST(LineReader, LinesFromAPipeArriveWithoutWaitingForMore) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ASSERT_EQ(::write(fds[1], "first\n", 6), 6);
  LineReader r(fds[0]);
  std::string line;
  ASSERT_TRUE(r.next(line));  // would block forever if the reader waited for a full buffer
  EXPECT_EQ(line, "first");
  ::close(fds[1]);
  EXPECT_FALSE(r.next(line));
  ::close(fds[0]);
}

}  // namespace
}  // namespace corpus
