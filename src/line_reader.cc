#include "corpus/line_reader.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>
#include <unistd.h>

namespace corpus {

LineReader::LineReader(int fd, const std::atomic<bool>* interrupted)
    : fd_(fd), interrupted_(interrupted), raw_(1 << 17) {}

LineReader::~LineReader() {
  if (zs_open_) inflateEnd(&zs_);
}

bool LineReader::read_raw() {
  while (true) {
    const ssize_t n = ::read(fd_, raw_.data(), raw_.size());
    if (n > 0) {
      raw_len_ = static_cast<std::size_t>(n);
      return true;
    }
    if (n == 0) {
      raw_eof_ = true;
      return false;
    }
    if (errno == EINTR) {
      if (interrupted_ != nullptr && interrupted_->load()) {
        raw_eof_ = true;
        return false;
      }
      continue;
    }
    throw std::runtime_error(fmt::format("read error: {}", std::strerror(errno)));
  }
}

bool LineReader::fill() {
  if (raw_eof_) return false;
  if (!read_raw()) return false;
  if (!sniffed_) {
    sniffed_ = true;
    gzip_ = raw_len_ >= 2 && static_cast<unsigned char>(raw_[0]) == 0x1f &&
            static_cast<unsigned char>(raw_[1]) == 0x8b;
    if (gzip_) {
      if (inflateInit2(&zs_, 16 + MAX_WBITS) != Z_OK) throw std::runtime_error("zlib: cannot start");
      zs_open_ = true;
    }
  }
  if (!gzip_) {
    data_.append(raw_.data(), raw_len_);
    return true;
  }
  zs_.next_in = reinterpret_cast<Bytef*>(raw_.data());
  zs_.avail_in = static_cast<uInt>(raw_len_);
  char out[1 << 16];
  while (zs_.avail_in > 0) {
    zs_.next_out = reinterpret_cast<Bytef*>(out);
    zs_.avail_out = sizeof out;
    const int rc = inflate(&zs_, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
      throw std::runtime_error(fmt::format("gzip data is corrupt: {}", zs_.msg ? zs_.msg : "inflate failed"));
    }
    data_.append(out, sizeof out - zs_.avail_out);
    if (rc == Z_STREAM_END) inflateReset(&zs_);  // `cat a.gz b.gz` holds several members
    if (rc == Z_BUF_ERROR) break;
  }
  return true;
}

bool LineReader::next(std::string& line) {
  while (true) {
    const std::size_t nl = data_.find('\n', pos_);
    if (nl != std::string::npos) {
      line.assign(data_, pos_, nl - pos_);
      pos_ = nl + 1;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return true;
    }
    // Keep only the unfinished line before reading more.
    data_.erase(0, pos_);
    pos_ = 0;
    if (!fill()) {
      if (data_.empty()) return false;
      line.swap(data_);
      data_.clear();
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return true;
    }
  }
}

}  // namespace corpus
