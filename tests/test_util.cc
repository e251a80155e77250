#include "test_util.h"

#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

namespace corpus::test {

TempDir::TempDir() {
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() / ("corpus-test-" + std::to_string(rd()) + std::to_string(rd()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const std::string& path, std::string_view bytes) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string seeds_dir() { return CORPUS_SEEDS_DIR; }

std::string seed_path(std::string_view prefix) {
  for (const auto& e : std::filesystem::directory_iterator(seeds_dir())) {
    if (e.path().filename().string().starts_with(prefix)) return e.path().string();
  }
  throw std::runtime_error("no seed " + std::string(prefix));
}

std::string to_nfd(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  icu::UnicodeString out =
      nfd->normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size()))), status);
  std::string r;
  out.toUTF8String(r);
  return r;
}

}  // namespace corpus::test
