// Lines from a file descriptor, plain or gzip-compressed (detected by its magic bytes), read
// as they arrive: a pipe's lines are handed out without waiting for a full buffer.
//
// Memory stays bounded whatever the input: a line over `max_line` bytes is skipped as it
// streams past rather than held (next() reports its length instead), and a gzip member is
// inflated a buffer at a time, so a small file that inflates a thousandfold does not arrive
// in memory at once.
#pragma once

#include <atomic>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include <zlib.h>

namespace corpus {

class LineReader {
 public:
  // Does not take ownership of `fd`. `interrupted` (may be null) ends reading when a signal
  // interrupts a blocked read.
  explicit LineReader(int fd, const std::atomic<bool>* interrupted = nullptr,
                      std::size_t max_line = std::numeric_limits<std::size_t>::max());
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // The next line without its end (LF or CRLF); false at the end of input. A line over the
  // limit comes back empty, with overlong() its length. Throws on a read or decompression
  // error, and on gzip data that ends inside a member (a truncated download).
  bool next(std::string& line);
  // The length in bytes of the line next() just skipped for being over the limit; 0 when it
  // handed out a whole line.
  std::size_t overlong() const { return overlong_; }

 private:
  // Adds at least one more byte of text to `data_`; false at the end.
  bool fill();
  bool read_raw();

  int fd_;
  const std::atomic<bool>* interrupted_;
  const std::size_t max_line_;
  std::vector<char> raw_;  // bytes as read
  std::size_t raw_len_ = 0;
  bool raw_eof_ = false;
  bool sniffed_ = false;
  bool gzip_ = false;
  bool in_member_ = false;  // inside a gzip member: its end has not been seen yet
  z_stream zs_{};
  bool zs_open_ = false;
  std::string data_;      // decoded text not yet handed out
  std::size_t pos_ = 0;   // where the unfinished line starts in data_
  std::size_t scan_ = 0;  // data_ before this holds no newline past pos_ (each byte searched once)
  bool skipping_ = false;    // inside a line over the limit
  std::size_t skipped_ = 0;  // its bytes so far
  std::size_t overlong_ = 0;
};

}  // namespace corpus
