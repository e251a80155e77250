// Per-stage CPU cost of ingest on one thread: parse, token preparation and entity extraction
// of every record of a JSON Lines file, timed separately. The ingest benchmark measures the
// whole pipeline; this one says which stage a change made cheaper.
//
//   build/bench_stages FILE.jsonl[.gz] [RUNS]
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "corpus/extract.h"
#include "corpus/line_reader.h"
#include "corpus/parse.h"
#include "corpus/tokenizer.h"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    fmt::print(stderr, "usage: {} FILE.jsonl[.gz] [RUNS]\n", argv[0]);
    return 2;
  }
  const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
  const int fd = ::open(argv[1], O_RDONLY);
  if (fd < 0) {
    fmt::print(stderr, "cannot open {}\n", argv[1]);
    return 2;
  }
  std::vector<std::string> lines;
  {
    corpus::LineReader reader(fd);
    std::string line;
    while (reader.next(line)) lines.push_back(line);
  }
  ::close(fd);

  std::vector<double> parse_s, prepare_s, extract_s;
  std::size_t articles = 0, entities = 0;
  for (int run = 0; run < runs; ++run) {
    corpus::Normalizer norm;
    corpus::Extractor extractor(&norm);
    double parse = 0, prepare = 0, extract = 0;
    articles = entities = 0;
    for (const std::string& line : lines) {
      auto t = Clock::now();
      corpus::ParseResult r = corpus::parse_jsonl_record(line, "bench");
      parse += seconds_since(t);
      if (!r.ok()) continue;
      const corpus::Article& a = *r.article;
      const std::string body = a.body_text();
      t = Clock::now();
      const std::array<corpus::PreparedText, 3> tokens{corpus::prepare_document(norm, a.title),
                                                       corpus::prepare_document(norm, a.lead.text),
                                                       corpus::prepare_document(norm, body)};
      prepare += seconds_since(t);
      t = Clock::now();
      entities += extractor.extract(a, body, &tokens).size();
      extract += seconds_since(t);
      ++articles;
    }
    parse_s.push_back(parse);
    prepare_s.push_back(prepare);
    extract_s.push_back(extract);
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  const double p = median(parse_s), t = median(prepare_s), x = median(extract_s);
  fmt::print("{} articles, {} entities, median of {} runs, one thread\n", articles, entities, runs);
  fmt::print("parse    {:7.3f} s\nprepare  {:7.3f} s\nextract  {:7.3f} s  ({:.2f}x parse + prepare)\n", p, t, x,
             x / (p + t));
}
