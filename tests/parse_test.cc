#include "corpus/parse.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "test_util.h"

namespace corpus {
namespace {

Article parse_ok(std::string_view bytes, std::string_view name = "x_1.txt") {
  ParseResult r = parse_article_file(bytes, name);
  EXPECT_TRUE(r.ok()) << r.error.reason;
  return r.ok() ? *r.article : Article{};
}

ParseError parse_err(std::string_view bytes) {
  ParseResult r = parse_article_file(bytes, "bad.txt");
  EXPECT_FALSE(r.ok());
  return r.error;
}

TEST(ParseFile, Seed000HasACaptionBeforeItsLead) {
  const Article a = parse_ok(test::read_file(test::seed_path("000")), "000_9338d67530e9ac8b.txt");
  EXPECT_EQ(a.uid, "000_9338d67530e9ac8b");
  EXPECT_EQ(a.source_name, "000_9338d67530e9ac8b.txt");
  EXPECT_EQ(a.date, "2025-10-26");
  EXPECT_EQ(a.lang, "vi");
  EXPECT_TRUE(a.title.starts_with("Đại tướng Lương Tam Quang"));
  ASSERT_FALSE(a.body.empty());
  EXPECT_EQ(a.body[0].kind, ParagraphKind::caption);
  EXPECT_EQ(a.lead_position, 1);
  EXPECT_TRUE(a.lead.text.starts_with("Sáng 26/10, tại Hà Nội"));
  EXPECT_EQ(a.lead.kind, ParagraphKind::text);
}

TEST(ParseFile, Seed004LeadCarriesAnOutletPrefix) {
  const Article a = parse_ok(test::read_file(test::seed_path("004")));
  EXPECT_EQ(a.lead.kind, ParagraphKind::outlet);
  EXPECT_EQ(a.meta["outlet"], "TPO");
  EXPECT_TRUE(a.lead.text.starts_with("TPO - Ngày 26/10"));  // stored as written
}

TEST(ParseFile, Seed001FirstParagraphIsABullet) {
  const Article a = parse_ok(test::read_file(test::seed_path("001")));
  EXPECT_EQ(a.lead.kind, ParagraphKind::bullet);
  EXPECT_EQ(a.lead_position, 0);
  for (const auto& p : a.body) EXPECT_EQ(p.kind, ParagraphKind::text);
}

TEST(ParseFile, WhiteSpaceCrlfAndBomAreAccepted) {
  const Article a = parse_ok("\xEF\xBB\xBF  \r\n date 2025-01-02 Tiêu đề  \r\n\r\n\r\nMột\r\n\r\nHai  \r\n\r\n");
  EXPECT_EQ(a.title, "Tiêu đề");
  EXPECT_EQ(a.lead.text, "Một");
  ASSERT_EQ(a.body.size(), 1u);
  EXPECT_EQ(a.body[0].text, "Hai");
}

TEST(ParseFile, NfdTextIsKeptAsWritten) {
  const std::string nfd = test::to_nfd(" date 2025-01-02 Hòa bình\n\nKhỏe mạnh");
  const Article a = parse_ok(nfd);
  EXPECT_EQ(a.title, test::to_nfd("Hòa bình"));
  EXPECT_EQ(a.lead.text, test::to_nfd("Khỏe mạnh"));
  EXPECT_EQ(a.lang, "vi");
}

TEST(ParseFile, RejectsWhatTheSpecRejects) {
  EXPECT_EQ(parse_err("Hello\n\nworld").line, 1u);
  EXPECT_NE(parse_err("Hello\n\nworld").reason.find("missing header"), std::string::npos);
  const ParseError bad_day = parse_err(" date 2025-02-30 x\n\nbody");
  EXPECT_EQ(bad_day.line, 1u);
  EXPECT_NE(bad_day.reason.find("2025-02-30"), std::string::npos);
  EXPECT_NE(parse_err(" date 26/10/2025 x\n\nbody").reason.find("YYYY-MM-DD"), std::string::npos);
  EXPECT_EQ(parse_err(" date 2025-01-01 x\n\nab\xff").reason, "invalid UTF-8 at byte offset 22");
  EXPECT_EQ(parse_err("").reason, "empty file");
  EXPECT_EQ(parse_err(" \n\t\n").reason, "empty file");
  EXPECT_NE(parse_err(" date 2025-01-01 only a header\n").reason.find("no body"), std::string::npos);
  EXPECT_NE(parse_err(std::string("\x7f" "ELF\x02\x01\x01\0\0\0", 10)).reason.find("binary"), std::string::npos);
}

TEST(ParseFile, LeapDaysAreRealDates) {
  EXPECT_TRUE(is_valid_iso_date("2024-02-29"));
  EXPECT_FALSE(is_valid_iso_date("2025-02-29"));
  EXPECT_FALSE(is_valid_iso_date("2025-13-01"));
  EXPECT_FALSE(is_valid_iso_date("2025-1-01"));
}

TEST(ParseFile, CaptionsAreRecognisedByTheirCredit) {
  EXPECT_TRUE(is_photo_caption("Bộ trưởng tiếp đoàn. Ảnh: Phạm Kiên/TTXVN"));
  EXPECT_TRUE(is_photo_caption("Bộ trưởng tiếp đoàn. Ảnh: Phạm Kiên - TTXVN"));
  EXPECT_TRUE(is_photo_caption(test::to_nfd("Quang cảnh buổi lễ (Ảnh: TTXVN)")));
  EXPECT_FALSE(is_photo_caption("Bức ảnh được chụp năm 1975 tại Sài Gòn, khi đó thành phố đã giải phóng."));
}

TEST(ParseFile, OutletPrefixes) {
  EXPECT_EQ(outlet_prefix("TPO - Ngày 26/10"), "TPO");
  EXPECT_EQ(outlet_prefix("VOV.VN - Sáng nay"), "VOV.VN");
  EXPECT_EQ(outlet_prefix("(Dân trí) - Chiều 5/3"), "Dân trí");
  EXPECT_EQ(outlet_prefix("Hai bên - hai đối tác"), std::nullopt);
  EXPECT_EQ(outlet_prefix("Mozambique - hai đối tác"), std::nullopt);
}

TEST(ParseJsonl, ARecordBecomesAnArticleWithItsMetadata) {
  ParseResult r = parse_jsonl_record(
      R"({"id": "bbc-1", "title": "Ad sales boost Time Warner profit", "body": "Quarterly profits rose.\nThe firm said so.", "date": "1987-02-26T15:01:01", "url": "http://x", "topics": ["a"]})",
      "f:1");
  ASSERT_TRUE(r.ok()) << r.error.reason;
  const Article& a = *r.article;
  EXPECT_EQ(a.uid, "bbc-1");
  EXPECT_EQ(a.date, "1987-02-26");
  EXPECT_EQ(a.meta["datetime"], "1987-02-26T15:01:01");
  EXPECT_EQ(a.meta["url"], "http://x");
  EXPECT_EQ(a.meta["topics"][0], "a");
  EXPECT_EQ(a.lang, "en");  // detected
  EXPECT_EQ(a.lead.text, "Quarterly profits rose.");
  ASSERT_EQ(a.body.size(), 1u);
}

TEST(ParseJsonl, SummaryIsTheLeadAndNullDateIsUndated) {
  ParseResult r = parse_jsonl_record(
      R"({"id": "v1", "title": "Bản án", "summary": "TTO - Ngày 23-10, hàng nghìn người", "body": "Đoạn một.\nĐoạn hai.", "date": null, "lang": "vi"})",
      "f:1");
  ASSERT_TRUE(r.ok()) << r.error.reason;
  EXPECT_FALSE(r.article->date.has_value());
  EXPECT_EQ(r.article->lead.kind, ParagraphKind::summary);
  EXPECT_EQ(r.article->meta["outlet"], "TTO");
  EXPECT_EQ(r.article->body.size(), 2u);
}

TEST(ParseJsonl, IndentedNewswireParagraphs) {
  ParseResult r = parse_jsonl_record(
      R"({"id": "r1", "title": "COCOA", "body": "Showers continued in\nthe zone.\n    The dry period\nmeans late.\n    Arrivals rose."})",
      "f:1");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.article->lead.text, "Showers continued in\nthe zone.");
  ASSERT_EQ(r.article->body.size(), 2u);
  EXPECT_EQ(r.article->body[0].text, "The dry period\nmeans late.");
}

TEST(ParseJsonl, BadRecordsSayWhy) {
  EXPECT_NE(parse_jsonl_record("{\"id\": 1, \"title\": ", "f:1").error.reason.find("invalid JSON"), std::string::npos);
  EXPECT_EQ(parse_jsonl_record("[1,2]", "f:1").error.reason, "expected a JSON object");
  EXPECT_NE(parse_jsonl_record(R"({"id": "a"})", "f:1").error.reason.find("'title' or 'body'"), std::string::npos);
  EXPECT_NE(parse_jsonl_record(R"({"id": "a", "title": 5})", "f:1").error.reason.find("must be a string"),
            std::string::npos);
  EXPECT_NE(parse_jsonl_record(R"({"title": "t", "date": "2025-02-30"})", "f:1").error.reason.find("2025-02-30"),
            std::string::npos);
  EXPECT_EQ(parse_jsonl_record("{\"title\": \"a\xff\"}", "f:1").error.reason, "invalid UTF-8 at byte offset 12");
  // Overlong forms and encoded surrogates are not UTF-8 either, wherever they stand.
  EXPECT_EQ(parse_jsonl_record("{\"title\": \"x\xc0\xaf\"}", "f:1").error.reason, "invalid UTF-8 at byte offset 12");
  EXPECT_EQ(parse_jsonl_record("{\"body\": \"\xed\xa0\x80\"}", "f:1").error.reason, "invalid UTF-8 at byte offset 10");
  EXPECT_EQ(parse_jsonl_record("{\"title\": \"t\", \"x\xf5\x80\x80\x80\": 1}", "f:1").error.reason,
            "invalid UTF-8 at byte offset 17");
}

TEST(ParseJsonl, ANumberNoDoubleHoldsIsRejectedNotACrash) {
  EXPECT_EQ(parse_jsonl_record(R"({"title": "t", "x": 1e400})", "f:1").error.reason,
            "a number too large for JSON tools (a double)");
  EXPECT_TRUE(parse_jsonl_record(R"({"title": "t", "x": 1e300, "y": -9223372036854775808})", "f:1").ok());
}

TEST(ParseJsonl, RepeatedKeysTheLastCountsAndOtherFieldsAreMetadata) {
  const ParseResult r = parse_jsonl_record(
      R"({"id": 18446744073709551615, "title": "a", "title": "b", "tags": ["x", {"y": null}], "n": 1.5})", "f:1");
  ASSERT_TRUE(r.ok()) << r.error.reason;
  EXPECT_EQ(r.article->uid, "18446744073709551615");
  EXPECT_EQ(r.article->title, "b");
  EXPECT_EQ(r.article->meta["tags"], nlohmann::json::parse(R"(["x", {"y": null}])"));
  EXPECT_EQ(r.article->meta["n"], 1.5);
  EXPECT_EQ(parse_jsonl_record(R"({"id": 1.5, "title": "a"})", "f:1").error.reason,
            "field 'id' must be a string or an integer");
  // A record that is not JSON says so before it says anything about its fields.
  EXPECT_NE(parse_jsonl_record(R"({"title": 5, "x": ]})", "f:1").error.reason.find("invalid JSON"), std::string::npos);
  EXPECT_NE(parse_jsonl_record(R"({"title": "t"} trailing)", "f:1").error.reason.find("invalid JSON"), std::string::npos);
}

TEST(ParseJsonl, AByteOrderMarkBeforeTheFirstRecordIsSkipped) {
  const ParseResult r = parse_jsonl_record("\xEF\xBB\xBF{\"id\": \"x\", \"title\": \"Hà Nội\"}", "f:1");
  ASSERT_TRUE(r.ok()) << r.error.reason;
  EXPECT_EQ(r.article->uid, "x");
  EXPECT_EQ(r.article->title, "Hà Nội");
}

TEST(ParseJsonl, DeepNestingIsRejectedNotACrash) {
  const std::string deep = R"({"title": "t", "x": )" + std::string(200000, '[') + std::string(200000, ']') + "}";
  EXPECT_NE(parse_jsonl_record(deep, "f:1").error.reason.find("nested deeper"), std::string::npos);
  // Brackets inside strings do not count.
  const std::string quoted = R"({"title": ")" + std::string(1000, '[') + R"(", "meta": [[1]]})";
  EXPECT_TRUE(parse_jsonl_record(quoted, "f:1").ok());
}

// `\u0000` is valid JSON but makes the text binary, as a NUL byte does in an article file.
TEST(ParseJsonl, ANulCharacterInATextFieldIsRejected) {
  for (const char* field : {"title", "summary", "body", "id"}) {
    const std::string line = fmt::format(R"({{"title": "T", "body": "B", "{}": "a\u0000b"}})", field);
    const ParseResult r = parse_jsonl_record(line, "x:1");
    ASSERT_FALSE(r.ok()) << field;
    EXPECT_EQ(r.error.reason, fmt::format("field '{}' holds a NUL character", field));
  }
  // Elsewhere in the record it is kept, escaped, as metadata.
  EXPECT_TRUE(parse_jsonl_record(R"({"title": "T", "note": "a\u0000b"})", "x:1").ok());
}

TEST(ParseJsonl, MissingIdFallsBack) {
  ParseResult r = parse_jsonl_record(R"({"title": "Only a title"})", "data.jsonl:7");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.article->uid, "data.jsonl:7");
}

TEST(Article, ContentHashSeesEveryStoredField) {
  const Article a = parse_ok(" date 2025-01-02 T\n\nA\n\nB");
  Article b = a;
  EXPECT_EQ(a.content_hash(), b.content_hash());
  b.body[0].text = "C";
  EXPECT_NE(a.content_hash(), b.content_hash());
  b = a;
  b.date = "2025-01-03";
  EXPECT_NE(a.content_hash(), b.content_hash());
  EXPECT_EQ(parse_ok(" date 2025-01-02 T\r\n\r\nA\r\n\r\nB\r\n").content_hash(), a.content_hash());
}

}  // namespace
}  // namespace corpus
