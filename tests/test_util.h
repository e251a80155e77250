// Helpers shared by the unit tests: scratch directories and the seed articles.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace corpus::test {

// A fresh directory under the system temp dir, removed with the object.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }
  std::string file(std::string_view name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

std::string read_file(const std::string& path);
void write_file(const std::string& path, std::string_view bytes);
std::string seeds_dir();
std::string seed_path(std::string_view id_prefix);  // "000" -> seeds/000_....txt
// The same text with every precomposed character decomposed (NFD).
std::string to_nfd(std::string_view s);

}  // namespace corpus::test
