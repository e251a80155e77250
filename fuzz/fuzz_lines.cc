// libFuzzer target: the line reader under JSON Lines and `corpus ingest -`. The first byte sets
// the line limit (1 to 64 bytes, so that over-long lines are common); the rest is the input,
// read through a file descriptor as ingest reads it. Plain input must come back exactly: one
// line per newline-separated segment (a CR before the newline dropped), a segment over the
// limit reported by its length instead. Gzip input (its magic first) must end, or throw, with
// every line within the limit.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>

#include "corpus/line_reader.h"

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t limit = 1 + data[0] % 64;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  const int fd = memfd_create("fuzz_lines", 0);
  if (fd < 0) return 0;
  require(write(fd, input.data(), input.size()) == static_cast<ssize_t>(input.size()));
  require(lseek(fd, 0, SEEK_SET) == 0);
  const bool gzip = input.size() >= 2 && static_cast<unsigned char>(input[0]) == 0x1f &&
                    static_cast<unsigned char>(input[1]) == 0x8b;
  corpus::LineReader reader(fd, nullptr, limit);
  std::string line;
  std::size_t pos = 0;  // in `input`: where the next line should start
  try {
    while (reader.next(line)) {
      if (reader.overlong() > 0) {
        require(line.empty() && reader.overlong() > limit);
      } else {
        require(line.size() <= limit);
      }
      if (gzip) continue;
      const std::size_t nl = input.find('\n', pos);
      const std::string_view segment = input.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
      require(pos < input.size());  // nothing handed out past the end
      if (reader.overlong() > 0) {
        require(reader.overlong() == segment.size());
      } else {
        std::string_view want = segment;
        if (!want.empty() && want.back() == '\r') want.remove_suffix(1);
        require(line == want);
      }
      pos = nl == std::string_view::npos ? input.size() : nl + 1;
    }
    require(gzip || pos == input.size());
  } catch (const std::runtime_error&) {
    require(gzip);  // plain input never fails to read
  }
  close(fd);
  return 0;
}
