#include "corpus/line_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>
#include <unistd.h>

namespace corpus {
namespace {

constexpr std::size_t kInflateChunk = 1 << 16;

}  // namespace

LineReader::LineReader(int fd, const std::atomic<bool>* interrupted, std::size_t max_line)
    : fd_(fd), interrupted_(interrupted), max_line_(max_line), raw_(1 << 17) {}

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
  // Compressed input still waiting to be inflated comes first: one buffer of text per fill.
  if (!gzip_ || zs_.avail_in == 0) {
    if (raw_eof_ || !read_raw()) {
      if (gzip_ && in_member_ && !(interrupted_ != nullptr && interrupted_->load())) {
        in_member_ = false;  // reported once
        throw std::runtime_error("gzip data is truncated: the file ends inside a compressed block");
      }
      return false;
    }
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
  }
  const std::size_t before = data_.size();
  while (zs_.avail_in > 0 && data_.size() == before) {
    in_member_ = true;
    char out[kInflateChunk];
    zs_.next_out = reinterpret_cast<Bytef*>(out);
    zs_.avail_out = sizeof out;
    const int rc = inflate(&zs_, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
      throw std::runtime_error(fmt::format("gzip data is corrupt: {}", zs_.msg ? zs_.msg : "inflate failed"));
    }
    data_.append(out, sizeof out - zs_.avail_out);
    if (rc == Z_STREAM_END) {
      in_member_ = false;
      inflateReset(&zs_);  // `cat a.gz b.gz` holds several members
    }
    if (rc == Z_BUF_ERROR) {
      // No progress with input and room both there: nothing further would make any.
      if (zs_.avail_in > 0 && data_.size() == before) throw std::runtime_error("gzip data is corrupt: inflate stalled");
      break;
    }
  }
  return true;  // perhaps no text yet (a gzip header alone): the caller asks again
}

bool LineReader::next(std::string& line) {
  overlong_ = 0;
  while (true) {
    const std::size_t from = std::max(pos_, scan_);
    const std::size_t nl = data_.find('\n', from);
    if (nl != std::string::npos) {
      const std::size_t length = nl - pos_ + (skipping_ ? skipped_ : 0);
      if (skipping_ || length > max_line_) {
        overlong_ = length;
        skipping_ = false;
        skipped_ = 0;
        line.clear();
      } else {
        line.assign(data_, pos_, nl - pos_);
        if (!line.empty() && line.back() == '\r') line.pop_back();
      }
      pos_ = scan_ = nl + 1;
      return true;
    }
    // Keep only the unfinished line before reading more, and of a line over the limit nothing.
    if (skipping_ || data_.size() - pos_ > max_line_) {
      skipped_ += data_.size() - pos_;
      if (!skipping_) std::string().swap(data_);  // the limit's worth of memory goes back
      skipping_ = true;
      data_.clear();
    } else {
      data_.erase(0, pos_);
    }
    pos_ = 0;
    scan_ = data_.size();
    if (!fill()) {
      if (skipping_) {
        overlong_ = skipped_;
        skipping_ = false;
        skipped_ = 0;
        line.clear();
        return true;
      }
      if (data_.empty()) return false;
      line.swap(data_);
      data_.clear();
      scan_ = 0;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return true;
    }
  }
}

}  // namespace corpus
