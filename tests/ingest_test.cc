#include "corpus/ingest.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <vector>

#include "test_util.h"

namespace fs = std::filesystem;

namespace corpus {
namespace {

struct IngestRun {
  IngestCounts counts;
  std::vector<std::string> rejections;
};

IngestRun ingest(Store& s, const std::vector<std::string>& paths, bool prune = false) {
  IngestRun r;
  Ingester in(s, {}, [&](const Rejection& x) { r.rejections.push_back(to_string(x)); });
  for (const auto& p : paths) in.add_path(p);
  if (prune) in.prune();
  in.finish();
  r.counts = in.counts();
  return r;
}

class IngestTest : public ::testing::Test {
 protected:
  test::TempDir dir;
  std::unique_ptr<Store> store = Store::open(dir.file("c.db"), true);
};

TEST_F(IngestTest, SeedsGoInAndReingestChangesNothing) {
  IngestRun first = ingest(*store, {test::seeds_dir()});
  EXPECT_EQ(first.counts.added, 3);
  EXPECT_TRUE(first.rejections.empty());
  IngestRun again = ingest(*store, {test::seeds_dir()});
  EXPECT_EQ(again.counts.added, 0);
  EXPECT_EQ(again.counts.updated, 0);
  EXPECT_EQ(again.counts.unchanged, 3);
  EXPECT_EQ(store->stats().articles, 3);
}

TEST_F(IngestTest, TokensPreparedOffTheWriterThreadBuildTheSameIndex) {
  ingest(*store, {test::seeds_dir()});
  // Title, lead and body of each seed came from prepared tokens...
  EXPECT_EQ(store->replayed_texts(), 9u);
  // ...and FTS5's own check, which re-tokenises every row, finds the index exact.
  EXPECT_TRUE(store->check().empty()) << ::testing::PrintToString(store->check());
  ingest(*store, {test::seeds_dir()});
  EXPECT_EQ(store->replayed_texts(), 9u);  // unchanged inputs are not tokenised again
}

TEST_F(IngestTest, AnEditedFileIsUpdatedInPlace) {
  const std::string p = dir.file("in/000_a.txt");
  test::write_file(p, test::read_file(test::seed_path("000")));
  ingest(*store, {p});
  const auto before = store->load_article("000_a");
  test::write_file(p, test::read_file(test::seed_path("000")) + "\n\nĐoạn mới về Thụy Điển.");
  IngestRun r = ingest(*store, {p});
  EXPECT_EQ(r.counts.updated, 1);
  const auto after = store->load_article("000_a");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->id, before->id);
  EXPECT_EQ(after->article.body.back().text, "Đoạn mới về Thụy Điển.");
  EXPECT_EQ(store->stats().articles, 1);
}

TEST_F(IngestTest, SameContentUnderASecondPathIsStoredOnce) {
  const std::string a = dir.file("one/004_x.txt"), b = dir.file("two/copy.txt");
  test::write_file(a, test::read_file(test::seed_path("004")));
  test::write_file(b, test::read_file(test::seed_path("004")));
  IngestRun r = ingest(*store, {a, b});
  EXPECT_EQ(r.counts.added, 1);
  EXPECT_EQ(r.counts.duplicate, 1);
  EXPECT_EQ(store->stats().articles, 1);
  EXPECT_EQ(store->load_article("004_x")->paths.size(), 2u);
}

TEST_F(IngestTest, PruneRemovesArticlesWhoseFilesAreGone) {
  const std::string a = dir.file("in/a.txt"), b = dir.file("in/b.txt");
  test::write_file(a, " date 2025-01-01 A\n\nx");
  test::write_file(b, " date 2025-01-01 B\n\ny");
  ingest(*store, {dir.file("in")});
  fs::remove(a);
  IngestRun r = ingest(*store, {dir.file("in")}, /*prune=*/true);
  EXPECT_EQ(r.counts.pruned, 1);
  EXPECT_FALSE(store->load_article("a"));
  EXPECT_TRUE(store->load_article("b"));
}

TEST_F(IngestTest, BadFilesAreReportedAndTheRestGoIn) {
  test::write_file(dir.file("in/good.txt"), " date 2025-01-01 Good\n\nbody");
  test::write_file(dir.file("in/nodate.txt"), "no header\n\nbody");
  test::write_file(dir.file("in/baddate.txt"), " date 2025-02-30 x\n\nbody");
  test::write_file(dir.file("in/empty.txt"), "");
  test::write_file(dir.file("in/binary.txt"), std::string("\0\1\2", 3));
  test::write_file(dir.file("in/notes.md"), "ignored by the walk");
  fs::create_symlink(dir.file("nowhere"), dir.file("in/dangling.txt"));
  fs::create_directory_symlink(dir.file("in"), dir.file("in/loop"));
  IngestRun r = ingest(*store, {dir.file("in"), dir.file("missing.txt")});
  EXPECT_EQ(r.counts.added, 1);
  EXPECT_EQ(r.counts.rejected, 7) << ::testing::PrintToString(r.rejections);
  auto has = [&](const std::string& s) {
    for (const auto& x : r.rejections) {
      if (x.find(s) != std::string::npos) return true;
    }
    return false;
  };
  EXPECT_TRUE(has("nodate.txt: line 1: missing header"));
  EXPECT_TRUE(has("baddate.txt: line 1: date '2025-02-30' does not exist"));
  EXPECT_TRUE(has("empty.txt: empty file"));
  EXPECT_TRUE(has("binary.txt: binary file"));
  EXPECT_TRUE(has("dangling.txt: dangling symbolic link"));
  EXPECT_TRUE(has("loop: symbolic link loop"));
  EXPECT_TRUE(has("missing.txt: no such file or directory"));
}

TEST_F(IngestTest, UnreadableFilesAreReportedAndSkipped) {
  test::write_file(dir.file("in/locked.txt"), " date 2025-01-01 Locked\n\nx");
  test::write_file(dir.file("in/open.txt"), " date 2025-01-01 Open\n\ny");
  fs::permissions(dir.file("in/locked.txt"), fs::perms::none);
  auto check = [&](Store& s) {
    IngestRun r = ingest(s, {dir.file("in")});
    return r.counts.added == 1 && r.rejections.size() == 1 &&
           r.rejections[0].find("locked.txt: cannot read") != std::string::npos;
  };
  if (::geteuid() != 0) {
    EXPECT_TRUE(check(*store));
    return;
  }
  // Root reads every file: run the ingest as `nobody` in a child process.
  fs::permissions(dir.path(), fs::perms::all);
  fs::permissions(dir.file("in"), fs::perms::all);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(3);
    auto s = Store::open(dir.file("nobody.db"), true);
    ::_exit(check(*s) ? 0 : 1);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST_F(IngestTest, AnEditedFileLeavesNoStaleIndexEntries) {
  const std::string p = dir.file("in/a.txt");
  test::write_file(p, " date 2025-01-01 Tin\n\nHội nghị về Azerbaijan.");
  ingest(*store, {p});
  test::write_file(p, " date 2025-01-01 Tin\n\nHội nghị về Mozambique.");
  ingest(*store, {p});
  auto count = [&](const char* m) {
    Statement s = store->prepare("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?1");
    s.bind(1, m);
    s.step();
    return s.integer(0);
  };
  EXPECT_EQ(count("azerbaijan"), 0);
  EXPECT_EQ(count("mozambique"), 1);
  EXPECT_TRUE(store->check().empty()) << ::testing::PrintToString(store->check());
}

// Records are addressed by id, so a second record of an id in one run would replace the first
// unseen: it is rejected, naming where the first was read, in this file or another. The same
// record again is a duplicate, not an error. A later run may still update the record.
TEST_F(IngestTest, AnIdReadTwiceInOneRunKeepsTheFirstAndRejectsAnother) {
  test::write_file(dir.file("twice.jsonl"),
                   "{\"id\": \"t\", \"title\": \"Bản đầu\", \"body\": \"Azerbaijan\"}\n"
                   "{\"id\": \"t\", \"title\": \"Bản sau\", \"body\": \"Mozambique\"}\n"
                   "{\"id\": \"t\", \"title\": \"Bản đầu\", \"body\": \"Azerbaijan\"}\n");
  test::write_file(dir.file("other.jsonl"), "{\"id\": \"t\", \"title\": \"Bản khác\", \"body\": \"Peru\"}\n");
  IngestRun r = ingest(*store, {dir.file("twice.jsonl"), dir.file("other.jsonl")});
  EXPECT_EQ(r.counts.added, 1);
  EXPECT_EQ(r.counts.updated, 0);
  EXPECT_EQ(r.counts.duplicate, 1);
  EXPECT_EQ(r.rejections,
            (std::vector<std::string>{
                dir.file("twice.jsonl") + ":2: id 't' was read already, with other content, at " +
                    dir.file("twice.jsonl") + ":1; the first is kept",
                dir.file("other.jsonl") + ":1: id 't' was read already, with other content, at " +
                    dir.file("twice.jsonl") + ":1; the first is kept"}));
  EXPECT_EQ(store->load_article("t")->article.title, "Bản đầu");
  EXPECT_TRUE(store->check().empty()) << ::testing::PrintToString(store->check());

  IngestRun later = ingest(*store, {dir.file("other.jsonl")});
  EXPECT_TRUE(later.rejections.empty());
  EXPECT_EQ(later.counts.updated, 1);
  EXPECT_EQ(store->load_article("t")->article.title, "Bản khác");
}

// A record over --max-size is rejected by its line, without being held in memory; the lines
// around it go in. So are records holding NUL, and a gzip file cut short names where.
TEST_F(IngestTest, OversizedNulAndTruncatedRecordsAreRejectedByLine) {
  const std::string big = "{\"id\": \"big\", \"body\": \"" + std::string(5000, 'x') + "\"}";
  test::write_file(dir.file("a.jsonl"), "{\"id\": \"a1\", \"title\": \"One\"}\n" + big + "\n" +
                                            "{\"id\": \"a2\", \"title\": \"T\\u0000wo\"}\n"
                                            "{\"id\": \"a3\", \"title\": \"Three\"}\n" + big);
  std::string records;
  for (int i = 0; i < 20000; ++i) records += "{\"id\": \"g" + std::to_string(i) + "\", \"title\": \"Record\"}\n";
  uLongf n = compressBound(static_cast<uLong>(records.size()));
  std::string gz(n, '\0');
  z_stream zs{};
  deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  zs.next_in = reinterpret_cast<Bytef*>(records.data());
  zs.avail_in = static_cast<uInt>(records.size());
  zs.next_out = reinterpret_cast<Bytef*>(gz.data());
  zs.avail_out = static_cast<uInt>(gz.size());
  deflate(&zs, Z_FINISH);
  gz.resize(zs.total_out / 2);  // cut short
  deflateEnd(&zs);
  test::write_file(dir.file("cut.jsonl.gz"), gz);

  IngestRun r;
  IngestOptions o;
  o.max_input_bytes = 1000;
  Ingester in(*store, o, [&](const Rejection& x) { r.rejections.push_back(to_string(x)); });
  in.add_path(dir.file("a.jsonl"));
  in.add_path(dir.file("cut.jsonl.gz"));
  in.finish();
  ASSERT_EQ(r.rejections.size(), 4u) << ::testing::PrintToString(r.rejections);
  const std::string a = dir.file("a.jsonl");
  EXPECT_EQ(r.rejections[0], a + ":2: record is " + std::to_string(big.size()) + " bytes, over the limit of 1000 (--max-size)");
  EXPECT_EQ(r.rejections[1], a + ":3: field 'title' holds a NUL character");
  EXPECT_EQ(r.rejections[2], a + ":5: record is " + std::to_string(big.size()) + " bytes, over the limit of 1000 (--max-size)");
  EXPECT_NE(r.rejections[3].find("cut.jsonl.gz:"), std::string::npos) << r.rejections[3];
  EXPECT_NE(r.rejections[3].find("truncated"), std::string::npos) << r.rejections[3];
  EXPECT_TRUE(store->load_article("a1") && store->load_article("a3"));
  EXPECT_FALSE(store->load_article("big") || store->load_article("a2"));
  // Every whole record before the cut went in.
  const auto stored = store->stats().articles - 2;
  EXPECT_GT(stored, 5000);
  const std::string where = fmt::format("{}:{}:", dir.file("cut.jsonl.gz"), stored + 1);
  EXPECT_EQ(r.rejections[3].substr(0, where.size()), where);
  EXPECT_TRUE(store->load_article(fmt::format("g{}", stored - 1)));
}

// `corpus ingest -`: paths one a line; a line too long for any path is rejected by number.
TEST_F(IngestTest, PathsFromADescriptorWithALineTooLongForAPath) {
  test::write_file(dir.file("a.txt"), " date 2025-01-01 A\n\nBody.\n");
  test::write_file(dir.file("paths"), dir.file("a.txt") + "\n\n" + std::string(10000, 'p') + "\n" +
                                          dir.file("missing.txt") + "\n");
  IngestRun r;
  Ingester in(*store, {}, [&](const Rejection& x) { r.rejections.push_back(to_string(x)); });
  const int fd = ::open(dir.file("paths").c_str(), O_RDONLY);
  in.add_paths_fd(fd, "<stdin>");
  ::close(fd);
  in.finish();
  EXPECT_EQ(in.counts().added, 1);
  EXPECT_EQ(r.rejections, (std::vector<std::string>{"<stdin>:3: a line of 10000 bytes is no path (at most 4096)",
                                                    dir.file("missing.txt") + ": no such file or directory"}));
}

TEST_F(IngestTest, OversizedFilesAreRejected) {
  test::write_file(dir.file("big.txt"), " date 2025-01-01 Big\n\n" + std::string(2000, 'x'));
  IngestRun r;
  IngestOptions o;
  o.max_input_bytes = 1000;
  Ingester in(*store, o, [&](const Rejection& x) { r.rejections.push_back(to_string(x)); });
  in.add_path(dir.file("big.txt"));
  in.finish();
  ASSERT_EQ(r.rejections.size(), 1u);
  EXPECT_NE(r.rejections[0].find("over the limit"), std::string::npos);
}

TEST_F(IngestTest, JsonLinesPlainAndGzippedWithBadLinesNamed) {
  const std::string lines =
      "{\"id\": \"r1\", \"title\": \"Cocoa review\", \"body\": \"Showers continued.\", \"date\": \"1987-02-26\"}\n"
      "\n"
      "{\"id\": \"r2\", \"title\": \n"
      "{\"id\": \"r3\", \"title\": \"Tin mới\", \"body\": \"Đại hội đã khai mạc.\"}\n";
  test::write_file(dir.file("a.jsonl"), lines);
  gzFile gz = gzopen(dir.file("b.jsonl.gz").c_str(), "wb");
  const std::string gz_lines = "{\"id\": \"g1\", \"title\": \"Gzip\", \"body\": \"compressed text\"}\n";
  gzwrite(gz, gz_lines.data(), static_cast<unsigned>(gz_lines.size()));
  gzclose(gz);
  IngestRun r = ingest(*store, {dir.file("a.jsonl"), dir.file("b.jsonl.gz")});
  EXPECT_EQ(r.counts.added, 3);
  ASSERT_EQ(r.rejections.size(), 1u);
  EXPECT_NE(r.rejections[0].find("a.jsonl:3: invalid JSON"), std::string::npos) << r.rejections[0];
  EXPECT_EQ(store->load_article("r3")->article.lang, "vi");
  EXPECT_FALSE(store->load_article("r3")->article.date.has_value());

  test::write_file(dir.file("a.jsonl"),
                   "{\"id\": \"r1\", \"title\": \"Cocoa review, revised\", \"body\": \"Showers.\"}\n");
  IngestRun again = ingest(*store, {dir.file("a.jsonl")});
  EXPECT_EQ(again.counts.updated, 1);
  EXPECT_EQ(store->load_article("r1")->article.title, "Cocoa review, revised");
}

// A JSON Lines file seen before has its records looked up (unchanged ones are not tokenised
// again); one never seen is not looked up record by record, and all of it goes in.
TEST_F(IngestTest, RecordsOfAKnownFileAreLookedUpANewFilesAreNot) {
  test::write_file(dir.file("a.jsonl"), "{\"id\": \"x1\", \"title\": \"One\", \"body\": \"Đại hội.\"}\n"
                                        "{\"id\": \"x2\", \"title\": \"Two\", \"body\": \"Hòa bình.\"}\n");
  EXPECT_EQ(ingest(*store, {dir.file("a.jsonl")}).counts.added, 2);
  const auto replayed = store->replayed_texts();
  EXPECT_EQ(replayed, 6u);
  IngestRun again = ingest(*store, {dir.file("a.jsonl")});
  EXPECT_EQ(again.counts.unchanged, 2);
  EXPECT_EQ(store->replayed_texts(), replayed);  // known and unchanged: not tokenised again
  test::write_file(dir.file("b.jsonl"), "{\"id\": \"x1\", \"title\": \"One\", \"body\": \"Đại hội.\"}\n"
                                        "{\"id\": \"x3\", \"title\": \"Three\", \"body\": \"Khỏe.\"}\n");
  IngestRun other = ingest(*store, {dir.file("b.jsonl")});
  EXPECT_EQ(other.counts.unchanged, 1);  // the same id and text as a.jsonl's: one article, two sources
  EXPECT_EQ(other.counts.added, 1);
  EXPECT_EQ(store->replayed_texts(), replayed + 3);
  EXPECT_EQ(store->load_article("x1")->paths.size(), 2u);
  EXPECT_TRUE(store->check().empty()) << ::testing::PrintToString(store->check());
}

TEST_F(IngestTest, AnInterruptStopsBetweenArticlesAndKeepsWholeOnes) {
  for (int i = 0; i < 5; ++i) {
    test::write_file(dir.file("in/" + std::to_string(i) + ".txt"), " date 2025-01-01 T\n\nbody " + std::to_string(i));
  }
  std::atomic<bool> stop{false};
  IngestOptions o;
  o.interrupted = &stop;
  o.batch_size = 100;
  int seen = 0;
  Ingester in(*store, o, {}, [&](const IngestCounts&) {
    if (++seen == 2) stop = true;
  });
  in.add_path(dir.file("in"));
  in.finish();
  EXPECT_TRUE(in.counts().interrupted);
  EXPECT_EQ(store->stats().articles, 2);
}

TEST_F(IngestTest, AFailedBatchLeavesNothingBehind) {
  test::write_file(dir.file("in/a.txt"), " date 2025-01-01 A\n\nx");
  {
    Ingester in(*store, {}, {});
    in.add_path(dir.file("in"));
    // Destroyed without finish(), as when an exception unwinds: the batch is rolled back.
  }
  EXPECT_EQ(store->stats().articles, 0);
}

}  // namespace
}  // namespace corpus
