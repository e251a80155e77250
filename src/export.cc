#include "corpus/export.h"

#include <array>
#include <chrono>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <xxhash.h>

#include "corpus/dedupe.h"
#include "corpus/extract.h"
#include "corpus/parse.h"
#include "corpus/text.h"

namespace corpus {
namespace {

using ojson = nlohmann::ordered_json;

ojson nullable(const std::optional<std::string>& s) { return s ? ojson(*s) : ojson(nullptr); }

// Elasticsearch's limit on an _id, in bytes.
constexpr std::size_t kMaxId = 512;

struct CopyGroup {
  std::string canonical;
  std::size_t size = 0;
};

}  // namespace

std::optional<std::int64_t> epoch_millis(std::string_view day) {
  if (!is_valid_iso_date(day)) return std::nullopt;
  const int y = std::stoi(std::string(day.substr(0, 4)));
  const unsigned m = static_cast<unsigned>(std::stoi(std::string(day.substr(5, 2))));
  const unsigned d = static_cast<unsigned>(std::stoi(std::string(day.substr(8, 2))));
  const std::chrono::sys_days days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}};
  return std::chrono::duration_cast<std::chrono::milliseconds>(days.time_since_epoch()).count();
}

std::string bulk_id(std::string_view uid) {
  if (uid.size() <= kMaxId) return std::string(uid);
  // Still deterministic: the same long id always gets the same _id.
  return fmt::format("{}~{:016x}", uid.substr(0, 400), XXH3_64bits(uid.data(), uid.size()));
}

std::int64_t export_articles(Store& store, const ExportOptions& options,
                             const std::function<void(const ojson& doc)>& sink) {
  std::unordered_map<std::string, CopyGroup> copies;
  if (Deduper::has_run(store)) {
    for (const auto& group : Deduper(store).clusters()) {
      for (const auto& uid : group) copies[uid] = CopyGroup{group.front(), group.size()};
    }
  }
  std::vector<std::string> uids;
  {
    Statement s = store.prepare(
        "SELECT uid FROM articles WHERE (?1 IS NULL OR date >= ?1) AND (?2 IS NULL OR date <= ?2)"
        " AND (?3 IS NULL OR lang = ?3) ORDER BY id");
    s.bind(1, options.from).bind(2, options.to).bind(3, options.lang);
    while (s.step()) uids.push_back(s.text(0));
  }
  std::int64_t n = 0;
  for (const std::string& uid : uids) {
    const auto stored = store.load_article(uid);
    if (!stored) continue;
    const Article& a = stored->article;
    ojson doc;
    doc["id"] = a.uid;
    doc["date"] = nullable(a.date);
    doc["timestamp"] = a.date ? ojson(epoch_millis(*a.date).value_or(0)) : ojson(nullptr);
    doc["lang"] = a.lang;
    doc["title"] = a.title;
    doc["lead"] = a.lead.text;
    doc["body"] = a.body_text();
    doc["source_name"] = a.source_name;
    doc["paths"] = stored->paths;
    doc["content_hash"] = stored->content_hash;
    doc["meta"] = a.meta.is_object() ? ojson::parse(a.meta.dump()) : ojson::object();
    ojson list = ojson::array();
    std::array<std::vector<std::string>, 4> by_type;  // EntityType order
    // One read of the article's mention rows with their entities (EntityIndex::for_article
    // also counts each entity's mentions in every article, which an export does not need: it
    // made 2,223 articles take 1.6 s). Prepared once, reset by each Statement's end.
    Statement mentions = store.prepare(
        "SELECT e.type, e.name, e.name_en, e.code, m.count FROM mentions m JOIN entities e ON e.id = m.entity_id"
        " WHERE m.article_id = ?1 ORDER BY e.type, e.name, e.id");
    mentions.bind(1, stored->id);
    while (mentions.step()) {
      const auto type = entity_type_from_string(mentions.text(0));
      if (!type) continue;
      const std::string name = mentions.text(1);
      const std::string name_en = mentions.optional_text(2).value_or("");
      const std::string code = mentions.optional_text(3).value_or("");
      list.push_back({{"type", to_string(*type)},
                      {"name", name},
                      {"name_en", name_en.empty() ? ojson(nullptr) : ojson(name_en)},
                      {"code", code.empty() ? ojson(nullptr) : ojson(code)},
                      {"mentions", mentions.integer(4)}});
      const bool by_code = *type == EntityType::country && !code.empty();
      by_type[static_cast<std::size_t>(*type)].push_back(by_code ? code : name);
    }
    doc["entities"] = std::move(list);
    doc["countries"] = by_type[static_cast<std::size_t>(EntityType::country)];
    doc["officials"] = by_type[static_cast<std::size_t>(EntityType::official)];
    doc["organizations"] = by_type[static_cast<std::size_t>(EntityType::org)];
    doc["agreements"] = by_type[static_cast<std::size_t>(EntityType::agreement)];
    if (const auto it = copies.find(a.uid); it != copies.end()) {
      doc["copies"] = {{"group", it->second.canonical}, {"canonical", it->second.canonical == a.uid},
                       {"size", it->second.size}};
    } else {
      doc["copies"] = nullptr;
    }
    sink(doc);
    ++n;
  }
  return n;
}

ojson bulk_action(const ExportOptions& options, const ojson& doc) {
  return {{"index", {{"_index", options.index}, {"_id", bulk_id(doc.at("id").get<std::string>())}}}};
}

std::vector<std::pair<std::string, std::string>> tone_placement_mappings() {
  // The vowel pairs whose tone the two styles place differently (hòa / hoà, khỏe / khoẻ,
  // thùy / thuỳ) and the five tone marks, as combining characters composed by ICU.
  constexpr std::array<std::pair<char16_t, char16_t>, 3> pairs = {{{u'o', u'a'}, {u'o', u'e'}, {u'u', u'y'}}};
  constexpr std::array<char16_t, 5> tones = {u'\u0300', u'\u0301', u'\u0309', u'\u0303', u'\u0323'};
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU: no NFC normaliser");
  auto composed = [&](std::u16string s) {
    UErrorCode st = U_ZERO_ERROR;
    std::string out;
    nfc->normalize(icu::UnicodeString(s.data(), static_cast<int32_t>(s.size())), st).toUTF8String(out);
    return out;
  };
  std::vector<std::pair<std::string, std::string>> out;
  for (auto [first, second] : pairs) {
    for (char16_t tone : tones) {
      out.emplace_back(composed({first, tone, second}), composed({first, second, tone}));
    }
  }
  return out;
}

ojson es_template(const ExportOptions& options) {
  ojson mappings = ojson::array();
  for (const auto& [from, to] : tone_placement_mappings()) mappings.push_back(from + " => " + to);
  const ojson char_filters = ojson::array({"corpus_nfkc_cf", "corpus_tone_placement"});
  // A text field as corpus matches it: exact words (case and Unicode form folded, tone marks
  // in one place), unaccented (`folded`: marks and đ folded, what an unaccented query meets),
  // English stems (`stem`).
  const ojson text = {{"type", "text"},
                      {"analyzer", "corpus_exact"},
                      {"fields",
                       {{"folded", {{"type", "text"}, {"analyzer", "corpus_folded"}}},
                        {"stem", {{"type", "text"}, {"analyzer", "corpus_stem"}}}}}};
  const ojson keyword = {{"type", "keyword"}};
  ojson t;
  t["index_patterns"] = ojson::array({options.index + "*"});
  t["template"]["settings"]["analysis"] = {
      {"char_filter",
       {{"corpus_nfkc_cf", {{"type", "icu_normalizer"}, {"name", "nfkc_cf"}}},
        {"corpus_tone_placement", {{"type", "mapping"}, {"mappings", mappings}}}}},
      {"filter", {{"corpus_english", {{"type", "snowball"}, {"language", "English"}}}}},
      {"analyzer",
       {{"corpus_exact", {{"type", "custom"}, {"char_filter", char_filters}, {"tokenizer", "icu_tokenizer"}}},
        {"corpus_folded",
         {{"type", "custom"},
          {"char_filter", char_filters},
          {"tokenizer", "icu_tokenizer"},
          {"filter", ojson::array({"icu_folding"})}}},
        {"corpus_stem",
         {{"type", "custom"},
          {"char_filter", char_filters},
          {"tokenizer", "icu_tokenizer"},
          {"filter", ojson::array({"corpus_english"})}}}}}};
  ojson entity = {{"type", "nested"},
                  {"properties",
                   {{"type", keyword},
                    {"name", {{"type", "text"}, {"analyzer", "corpus_exact"},
                              {"fields", {{"folded", {{"type", "text"}, {"analyzer", "corpus_folded"}}},
                                          {"raw", keyword}}}}},
                    {"name_en", keyword},
                    {"code", keyword},
                    {"mentions", {{"type", "integer"}}}}}};
  t["template"]["mappings"] = {
      {"dynamic", false},
      {"properties",
       {{"id", keyword},
        {"date", {{"type", "date"}, {"format", "strict_date"}}},
        {"timestamp", {{"type", "date"}, {"format", "epoch_millis"}}},
        {"lang", keyword},
        {"title", text},
        {"lead", text},
        {"body", text},
        {"source_name", keyword},
        {"paths", keyword},
        {"content_hash", keyword},
        {"meta", {{"type", "object"}, {"enabled", false}}},
        {"entities", entity},
        {"countries", keyword},
        {"officials", keyword},
        {"organizations", keyword},
        {"agreements", keyword},
        {"copies",
         {{"properties", {{"group", keyword}, {"canonical", {{"type", "boolean"}}}, {"size", {{"type", "integer"}}}}}}}}}};
  t["_meta"] = {{"description",
                 "corpus export: Vietnamese and English news; needs the analysis-icu plugin. Query unaccented words "
                 "on *.folded, accented ones on the fields themselves; weigh title 8, lead 3, body 1 as corpus does"}};
  return t;
}

}  // namespace corpus
