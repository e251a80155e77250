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

struct Read {
  std::vector<std::string> lines;
  std::vector<std::size_t> overlong;  // per line: 0, or the length of a line skipped
};

Read read_limited(const std::string& path, std::size_t max_line) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  EXPECT_GE(fd, 0);
  LineReader r(fd, nullptr, max_line);
  Read out;
  std::string line;
  while (r.next(line)) {
    out.lines.push_back(line);
    out.overlong.push_back(r.overlong());
  }
  ::close(fd);
  return out;
}

// A line over the limit is reported by its length and skipped; the lines around it are whole,
// plain or compressed, whether it ends in a newline or the input ends inside it.
TEST(LineReader, ALineOverTheLimitIsSkippedAndMeasured) {
  test::TempDir dir;
  const std::string huge(3'000'000, 'x');
  const std::string text = "before\n" + huge + "\nafter\n" + huge;
  for (const char* name : {"plain", "gz"}) {
    const std::string path = dir.file(name);
    test::write_file(path, std::string_view(name) == "gz" ? gzip(text) : text);
    const Read r = read_limited(path, 1'000'000);
    EXPECT_EQ(r.lines, (std::vector<std::string>{"before", "", "after", ""})) << name;
    EXPECT_EQ(r.overlong, (std::vector<std::size_t>{0, 3'000'000, 0, 3'000'000})) << name;
  }
  // At the limit exactly, a line is kept.
  test::write_file(dir.file("edge"), std::string(100, 'y') + "\nz\n");
  const Read edge = read_limited(dir.file("edge"), 100);
  EXPECT_EQ(edge.lines, (std::vector<std::string>{std::string(100, 'y'), "z"}));
  EXPECT_EQ(edge.overlong, (std::vector<std::size_t>{0, 0}));
}

// A download cut short ends inside a gzip member: the lines before the cut come out, then an
// error says so, instead of the file silently ending early.
TEST(LineReader, TruncatedGzipThrowsAfterTheLinesBeforeTheCut) {
  test::TempDir dir;
  std::string text;
  for (int i = 0; i < 50000; ++i) text += "record " + std::to_string(i) + "\n";
  const std::string gz = gzip(text);
  test::write_file(dir.file("cut.gz"), gz.substr(0, gz.size() / 2));
  const int fd = ::open(dir.file("cut.gz").c_str(), O_RDONLY);
  LineReader r(fd);
  std::string line;
  std::size_t n = 0;
  try {
    while (r.next(line)) {
      EXPECT_EQ(line, "record " + std::to_string(n)) << "a line past the cut, or half of one";
      ++n;
    }
    ADD_FAILURE() << "no error for a truncated gzip file";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
  }
  ::close(fd);
  EXPECT_GT(n, 10000u);
  EXPECT_LT(n, 50000u);
  // Whole members, one after another, are not truncation.
  test::write_file(dir.file("two.gz"), gzip("a\n") + gzip("b"));
  EXPECT_EQ(read_all(dir.file("two.gz")), (std::vector<std::string>{"a", "b"}));
}

// A small file that inflates a thousandfold (here 20 MB of one byte, 20 kB compressed) comes
// out a buffer at a time: with a line limit, it is measured, never held.
TEST(LineReader, AHighlyCompressedLineIsMeasuredNotHeld) {
  test::TempDir dir;
  const std::string gz = gzip(std::string(20'000'000, 'a') + "\nend\n");
  EXPECT_LT(gz.size(), 100'000u);
  test::write_file(dir.file("bomb.gz"), gz);
  const Read r = read_limited(dir.file("bomb.gz"), 1 << 20);
  EXPECT_EQ(r.lines, (std::vector<std::string>{"", "end"}));
  EXPECT_EQ(r.overlong, (std::vector<std::size_t>{20'000'000, 0}));
}

}  // namespace
}  // namespace corpus
