// Lines from a file descriptor, plain or gzip-compressed (detected by its magic bytes), read
// as they arrive: a pipe's lines are handed out without waiting for a full buffer.
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include <zlib.h>

namespace corpus {

class LineReader {
 public:
  // Does not take ownership of `fd`. `interrupted` (may be null) ends reading when a signal
  // interrupts a blocked read.
  explicit LineReader(int fd, const std::atomic<bool>* interrupted = nullptr);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // The next line without its end (LF or CRLF); false at the end of input. Throws on a read
  // or decompression error.
  bool next(std::string& line);

 private:
  // Refills `data_` with at least one more byte of text; false at the end.
  bool fill();
  bool read_raw();

  int fd_;
  const std::atomic<bool>* interrupted_;
  std::vector<char> raw_;  // bytes as read
  std::size_t raw_len_ = 0;
  bool raw_eof_ = false;
  bool sniffed_ = false;
  bool gzip_ = false;
  z_stream zs_{};
  bool zs_open_ = false;
  std::string data_;  // decoded text not yet handed out
  std::size_t pos_ = 0;
};

}  // namespace corpus
