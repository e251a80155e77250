#include "output.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <utility>

#include <fmt/format.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include "corpus/dedupe.h"
#include "corpus/entities.h"
#include "corpus/ingest.h"
#include "corpus/search.h"
#include "corpus/store.h"

namespace corpus::cli {
namespace {

using nlohmann::json;

std::string dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

double round3(double v) { return std::round(v * 1000.0) / 1000.0; }

json nullable(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

constexpr const char* kBold = "\x1b[1m";
constexpr const char* kMatch = "\x1b[1;33m";
constexpr const char* kDim = "\x1b[2m";
constexpr const char* kReset = "\x1b[0m";

std::string highlighted(const Hit& h, bool color) {
  if (!color) return h.snippet;
  std::string out;
  std::size_t at = 0;
  for (auto [b, e] : h.highlights) {
    out.append(h.snippet, at, b - at);
    out += kMatch;
    out.append(h.snippet, b, e - b);
    out += kReset;
    at = e;
  }
  out.append(h.snippet, at);
  return out;
}

std::string one_line(std::string s) {
  for (char& c : s) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  return s;
}

}  // namespace

void write_out(std::string_view s) {
  if (std::fwrite(s.data(), 1, s.size(), stdout) != s.size()) {
    if (errno == EPIPE) throw BrokenPipe();
    throw std::runtime_error("cannot write to standard output");
  }
}

void write_err(std::string_view s) {
  while (!s.empty()) {
    const ssize_t n = ::write(STDERR_FILENO, s.data(), s.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    s.remove_prefix(static_cast<std::size_t>(n));
  }
}

void flush_stdout() {
  if (std::fflush(stdout) != 0) {
    if (errno == EPIPE) throw BrokenPipe();
    throw std::runtime_error("cannot write to standard output");
  }
}

bool use_color() {
  static const bool color = [] {
    const char* no = std::getenv("NO_COLOR");
    return isatty(STDOUT_FILENO) && (no == nullptr || *no == '\0');
  }();
  return color;
}

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string tsv_field(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\\': out += "\\\\"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

// A field as JSON and as the text of a TSV or CSV cell (a list: its JSON).
struct Cell {
  json value;
  std::string text;
};

Cell cell_of(json v) {
  std::string t = v.is_string() ? v.get<std::string>() : v.is_null() ? std::string() : v.dump();
  return Cell{std::move(v), std::move(t)};
}

const std::vector<std::string> kHitColumns = {"id", "date", "lang", "score", "title", "path", "snippet"};

// Cells joined as a TSV or CSV row.
void write_row(Format f, const std::vector<std::string>& cells) {
  std::string line;
  for (const auto& c : cells) {
    if (!line.empty() || &c != &cells.front()) line += f == Format::csv ? ',' : '\t';
    line += f == Format::csv ? csv_field(c) : tsv_field(c);
  }
  write_out(line + "\n");
}

// A record whose every field is at hand (entities, dedupe pairs): --fields picks and orders
// them; without it, JSON prints `whole` and TSV / CSV the default `columns`.
using Record = std::vector<std::pair<std::string, Cell>>;

const Cell& field_of(const Record& r, const std::string& name) {
  for (const auto& [n, c] : r) {
    if (n == name) return c;
  }
  throw std::logic_error("unknown field " + name);
}

void write_record(Format f, const Record& r, const std::vector<std::string>& fields,
                  const std::vector<std::string>& columns, const json& whole) {
  if (f == Format::json) {
    if (fields.empty()) {
      write_out(dump(whole));
      return;
    }
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    for (const auto& name : fields) j[name] = field_of(r, name).value;
    write_out(j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n");
    return;
  }
  std::vector<std::string> cells;
  for (const auto& name : fields.empty() ? columns : fields) cells.push_back(field_of(r, name).text);
  write_row(f, cells);
}

// Every field of a hit, in hit_fields() order.
Record hit_record(const Hit& h, std::size_t rank, const std::string* query) {
  json hl = json::array();
  for (auto [b, e] : h.highlights) hl.push_back({b, e});
  return {{"query", cell_of(query ? json(*query) : json(nullptr))},
          {"rank", cell_of(rank)},
          {"id", cell_of(h.uid)},
          {"path", cell_of(h.path)},
          {"date", cell_of(nullable(h.date))},
          {"lang", cell_of(h.lang)},
          {"title", cell_of(h.title)},
          {"score", {round3(h.score), fmt::format("{:.3f}", h.score)}},
          {"snippet", cell_of(h.snippet)},
          {"highlights", cell_of(std::move(hl))},
          {"matched", cell_of(h.matched)},
          {"hidden", cell_of(h.hidden)}};
}

// TSV and CSV columns of a hit: batch search puts the query first.
const std::vector<std::string>& hit_columns(bool with_query) {
  static const std::vector<std::string> plain = kHitColumns, batch = [] {
    std::vector<std::string> c = kHitColumns;
    c.insert(c.begin(), "query");
    return c;
  }();
  return with_query ? batch : plain;
}

const std::vector<std::string> kEntityColumns = {"type", "name", "code", "name_en", "mentions", "articles"};
const std::vector<std::string> kPairColumns = {"relation", "a", "b", "coverage_a", "coverage_b", "shared_words",
                                               "passages"};

void print_header(Format f, const std::vector<std::string>& fields, const std::vector<std::string>& defaults) {
  if (f == Format::csv) write_row(f, fields.empty() ? defaults : fields);
}

}  // namespace

const std::vector<std::string>& entity_fields() {
  static const std::vector<std::string> all = {"rank", "type", "name", "name_en", "code", "aliases", "mentions",
                                               "articles"};
  return all;
}

const std::vector<std::string>& pair_fields() { return kPairColumns; }

void print_entity_header(Format f, const std::vector<std::string>& fields) { print_header(f, fields, kEntityColumns); }
void print_pair_header(Format f, const std::vector<std::string>& fields) { print_header(f, fields, kPairColumns); }

const std::vector<std::string>& hit_fields() {
  static const std::vector<std::string> all = {"query", "rank", "id", "path", "date", "lang", "title",
                                               "score", "snippet", "highlights", "matched", "hidden"};
  return all;
}

std::vector<std::string> parse_fields(const std::string& list, const std::vector<std::string>& known) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at <= list.size()) {
    const std::size_t comma = std::min(list.find(',', at), list.size());
    std::string name = list.substr(at, comma - at);
    std::erase_if(name, [](char c) { return c == ' '; });
    if (!name.empty()) {
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        std::string names;
        for (const auto& k : known) names += (names.empty() ? "" : ", ") + k;
        throw std::invalid_argument(fmt::format("no field '{}' (the fields: {})", name, names));
      }
      out.push_back(std::move(name));
    }
    at = comma + 1;
  }
  if (out.empty()) throw std::invalid_argument("no field named");
  return out;
}

void print_hit_header(Format f, const std::vector<std::string>& fields, bool with_query) {
  print_header(f, fields, hit_columns(with_query));
}

void print_query_count(Format f, const std::string& query, std::int64_t n, bool first) {
  switch (f) {
    case Format::csv:
      if (first) write_row(f, {"query", "count"});
      [[fallthrough]];
    case Format::tsv:
      write_row(f, {query, std::to_string(n)});
      return;
    default:
      write_out(dump(json{{"query", query}, {"count", n}}));
  }
}

void print_hit(Format f, const Hit& h, std::size_t rank, const std::vector<std::string>& fields,
               const std::string* query) {
  switch (f) {
    case Format::json:
    case Format::tsv:
    case Format::csv: {
      const Record r = hit_record(h, rank, query);
      json whole;
      for (const char* name : {"id", "path", "date", "lang", "title", "score", "snippet", "highlights"}) {
        whole[name] = field_of(r, name).value;
      }
      if (!h.matched.empty()) whole["matched"] = h.matched;
      if (h.hidden > 0) whole["hidden"] = h.hidden;
      if (query) whole["query"] = *query;
      write_record(f, r, fields, hit_columns(query != nullptr), whole);
      return;
    }
    case Format::table: {
      const bool c = use_color();
      const std::string copies =
          h.hidden > 0 ? fmt::format("  (+{} cop{})", h.hidden, h.hidden == 1 ? "y" : "ies") : std::string();
      write_out(fmt::format("{}{}. {}{}  {}{}  {}  {:.2f}{}{}\n", c ? kBold : "", rank, h.uid, c ? kReset : "",
                            c ? kDim : "", h.date.value_or("undated"), h.lang, h.score, copies, c ? kReset : ""));
      write_out(fmt::format("   {}{}{}\n", c ? kBold : "", one_line(h.title), c ? kReset : ""));
      if (h.matched.size() > 1 || (h.matched.size() == 1 && h.matched[0] != h.matched_query)) {
        std::string names;
        for (const auto& m : h.matched) {
          if (!names.empty()) names += ", ";
          names += m;
        }
        write_out(fmt::format("   {}matched: {}{}\n", c ? kDim : "", names, c ? kReset : ""));
      }
      write_out(fmt::format("   {}\n\n", one_line(highlighted(h, c))));
      return;
    }
  }
}

namespace {

json entity_json(const EntitySummary& e) {
  json j = {{"type", to_string(e.type)}, {"name", e.name},
            {"name_en", e.name_en.empty() ? json(nullptr) : json(e.name_en)},
            {"code", e.code.empty() ? json(nullptr) : json(e.code)}, {"aliases", e.aliases}};
  for (auto& [k, v] : e.info.items()) {
    if (k != "vietnamese_name" && k != "code_from_title") j[k] = v;
  }
  return j;
}

json role_json(const RoleRow& r) {
  return {{"title", r.title}, {"org", r.org.empty() ? json(nullptr) : json(r.org)},
          {"country", r.country.empty() ? json(nullptr) : json(r.country)}, {"past", r.past},
          {"date", nullable(r.date)}, {"article", r.article_uid}};
}

}  // namespace

void print_article(Format f, const StoredArticle& s, const std::vector<ArticleEntity>& entities) {
  const Article& a = s.article;
  // The paragraphs in the order they were written: the lead goes back where it stood.
  std::vector<std::pair<const Paragraph*, bool>> paras;
  for (std::size_t i = 0; i <= a.body.size(); ++i) {
    if (static_cast<int>(i) == a.lead_position && !a.lead.text.empty()) paras.emplace_back(&a.lead, true);
    if (i < a.body.size()) paras.emplace_back(&a.body[i], false);
  }
  if (a.lead_position < 0 && !a.lead.text.empty()) paras.insert(paras.begin(), {&a.lead, true});

  if (f == Format::json) {
    json ps = json::array();
    for (auto [p, lead] : paras) ps.push_back({{"kind", to_string(p->kind)}, {"lead", lead}, {"text", p->text}});
    // Mention offsets are bytes into the field named: title, lead or body (the body column:
    // paragraphs after the lead joined by blank lines).
    const std::string body = a.body_text();
    const std::array<std::string_view, 3> fields{a.title, a.lead.text, body};
    json es = json::array();
    for (const ArticleEntity& ae : entities) {
      json j = entity_json(ae.entity);
      json ms = json::array();
      for (const Mention& m : ae.mentions) {
        const std::string_view text = fields[static_cast<std::size_t>(m.field)];
        const std::string_view surface =
            m.end <= text.size() && m.begin <= m.end ? text.substr(m.begin, m.end - m.begin) : std::string_view();
        ms.push_back({{"field", to_string(m.field)}, {"start", m.begin}, {"end", m.end}, {"kind", m.kind},
                      {"text", surface}});
      }
      j["mentions"] = ms;
      if (ae.entity.type == EntityType::official) {
        json rs = json::array();
        for (const RoleRow& r : ae.roles) rs.push_back(role_json(r));
        j["roles"] = rs;
      }
      es.push_back(j);
    }
    write_out(dump({{"id", a.uid}, {"title", a.title}, {"date", nullable(a.date)}, {"lang", a.lang},
                    {"source_name", a.source_name}, {"paths", s.paths}, {"content_hash", s.content_hash},
                    {"meta", a.meta}, {"paragraphs", ps}, {"entities", es}, {"ingested_at", s.ingested_at},
                    {"updated_at", s.updated_at}}));
    return;
  }
  if (f == Format::tsv) {
    for (auto [p, lead] : paras) {
      write_out(fmt::format("{}\t{}\t{}\n", to_string(p->kind), lead ? "lead" : "", tsv_field(p->text)));
    }
    return;
  }
  const bool c = use_color();
  write_out(fmt::format("{}{}{}\n", c ? kBold : "", a.title, c ? kReset : ""));
  write_out(fmt::format("id: {}  date: {}  lang: {}\n", a.uid, a.date.value_or("undated"), a.lang));
  for (const auto& p : s.paths) write_out(fmt::format("path: {}\n", p));
  for (auto& [k, v] : a.meta.items()) {
    write_out(fmt::format("{}: {}\n", k, v.is_string() ? v.get<std::string>() : v.dump()));
  }
  for (auto [p, lead] : paras) {
    const std::string label = p->kind == ParagraphKind::text ? (lead ? "lead" : "") : std::string(to_string(p->kind));
    write_out("\n");
    if (!label.empty()) write_out(fmt::format("{}[{}]{} ", c ? kDim : "", label, c ? kReset : ""));
    write_out(p->text);
    write_out("\n");
  }
  if (!entities.empty()) {
    write_out(fmt::format("\n{}entities{}\n", c ? kBold : "", c ? kReset : ""));
    for (const ArticleEntity& ae : entities) {
      write_out(fmt::format("  {:<9} {}{}  ({} mention{})\n", to_string(ae.entity.type), ae.entity.name,
                            ae.entity.code.empty() ? "" : " [" + ae.entity.code + "]", ae.mentions.size(),
                            ae.mentions.size() == 1 ? "" : "s"));
    }
  }
}

void print_entity(Format f, const EntitySummary& e, std::size_t rank, const std::vector<std::string>& fields) {
  if (f != Format::table) {
    json whole = entity_json(e);
    whole["mentions"] = e.mentions;
    whole["articles"] = e.articles;
    const Record r = {{"rank", cell_of(rank)},
                      {"type", cell_of(std::string(to_string(e.type)))},
                      {"name", cell_of(e.name)},
                      {"name_en", {e.name_en.empty() ? json(nullptr) : json(e.name_en), e.name_en}},
                      {"code", {e.code.empty() ? json(nullptr) : json(e.code), e.code}},
                      {"aliases", cell_of(e.aliases)},
                      {"mentions", cell_of(e.mentions)},
                      {"articles", cell_of(e.articles)}};
    write_record(f, r, fields, kEntityColumns, whole);
    return;
  }
  const bool c = use_color();
  std::string extra = e.name_en.empty() || e.name_en == e.name ? "" : " / " + e.name_en;
  write_out(fmt::format("{:>3}. {:<9} {}{}{}{}{}  {} mentions in {} article{}\n", rank, to_string(e.type),
                        c ? kBold : "", e.name, c ? kReset : "", extra, e.code.empty() ? "" : " [" + e.code + "]",
                        e.mentions, e.articles, e.articles == 1 ? "" : "s"));
}

namespace {

json pair_json(const PairRow& p) {
  json passages = json::array();
  for (const Passage& x : p.passages) {
    passages.push_back({{"a_start", x.a_begin}, {"a_end", x.a_end}, {"b_start", x.b_begin}, {"b_end", x.b_end},
                        {"words", x.words}});
  }
  return json{{"a", p.a},
              {"b", p.b},
              {"relation", to_string(p.relation)},
              {"coverage_a", std::round(p.coverage_a * 1000) / 1000},
              {"coverage_b", std::round(p.coverage_b * 1000) / 1000},
              {"shared_words", p.shared_words},
              {"passages", passages}};
}

}  // namespace

void print_pair(Format f, const PairRow& p, const std::vector<std::string>& fields) {
  if (f != Format::table) {
    const json whole = pair_json(p);
    std::string spans;  // TSV and CSV: a_start-a_end:b_start-b_end,...
    for (const Passage& x : p.passages) {
      fmt::format_to(std::back_inserter(spans), "{}{}-{}:{}-{}", spans.empty() ? "" : ",", x.a_begin, x.a_end,
                     x.b_begin, x.b_end);
    }
    const Record r = {{"relation", cell_of(std::string(to_string(p.relation)))},
                      {"a", cell_of(p.a)},
                      {"b", cell_of(p.b)},
                      {"coverage_a", {whole["coverage_a"], fmt::format("{:.3f}", p.coverage_a)}},
                      {"coverage_b", {whole["coverage_b"], fmt::format("{:.3f}", p.coverage_b)}},
                      {"shared_words", cell_of(p.shared_words)},
                      {"passages", {whole["passages"], spans}}};
    write_record(f, r, fields, kPairColumns, whole);
    return;
  }
  const bool c = use_color();
  const char* joiner = p.relation == Relation::contained ? "in " : "and";
  write_out(fmt::format("{}{:<14}{} {} {} {}  coverage {:.2f} / {:.2f}, {} shared words in {} passage{}\n",
                        c ? kBold : "", to_string(p.relation), c ? kReset : "", p.a, joiner, p.b, p.coverage_a,
                        p.coverage_b, p.shared_words, p.passages.size(), p.passages.size() == 1 ? "" : "s"));
}

void print_explain(Format f, const PairRow& p, std::string_view text_a, std::string_view text_b) {
  if (f != Format::table) {  // the pair with each passage's text on both sides
    json j = pair_json(p);
    for (std::size_t i = 0; i < p.passages.size(); ++i) {
      const Passage& x = p.passages[i];
      j["passages"][i]["a_text"] = slice_chars(text_a, x.a_begin, x.a_end);
      j["passages"][i]["b_text"] = slice_chars(text_b, x.b_begin, x.b_end);
    }
    write_out(dump(j));
    return;
  }
  print_pair(f, p);
  const bool c = use_color();
  constexpr std::uint32_t kContext = 30;  // characters shown around a passage
  auto side = [&](const char* label, std::string_view text, std::uint32_t b, std::uint32_t e) {
    const std::uint32_t from = b > kContext ? b - kContext : 0;
    const std::string before = one_line(std::string(slice_chars(text, from, b)));
    const std::string passage = one_line(std::string(slice_chars(text, b, e)));
    const std::string after = one_line(std::string(slice_chars(text, e, e + kContext)));
    if (c) {
      write_out(fmt::format("  {} {:>6}-{:<6} {}…{}{}{}{}{}{}…{}\n", label, b, e, kDim, before, kReset, kMatch, passage,
                            kReset, kDim, after, kReset));
    } else {
      write_out(fmt::format("  {} {:>6}-{:<6} …{}[{}]{}…\n", label, b, e, before, passage, after));
    }
  };
  std::size_t n = 0;
  for (const Passage& x : p.passages) {
    write_out(fmt::format("passage {} ({} words)\n", ++n, x.words));
    side("a", text_a, x.a_begin, x.a_end);
    side("b", text_b, x.b_begin, x.b_end);
  }
}

void print_cluster(Format f, const std::vector<std::string>& uids) {
  if (uids.empty()) return;
  if (f == Format::json) {
    write_out(dump(json{{"canonical", uids.front()}, {"articles", uids}, {"size", uids.size()}}));
    return;
  }
  if (f == Format::tsv) {
    std::string line;
    for (const std::string& u : uids) {
      if (!line.empty()) line += '\t';
      line += tsv_field(u);
    }
    write_out(line + "\n");
    return;
  }
  std::string others;
  for (std::size_t i = 1; i < uids.size(); ++i) {
    if (i > 1) others += ", ";
    others += uids[i];
  }
  write_out(fmt::format("{} ({} cop{}): {}\n", uids.front(), uids.size() - 1, uids.size() == 2 ? "y" : "ies", others));
}

void print_entity_detail(Format f, const EntityDetail& d) {
  const EntitySummary& e = d.entity;
  if (f == Format::json) {
    json j = entity_json(e);
    j["mentions"] = e.mentions;
    j["articles"] = e.articles;
    json rs = json::array();
    for (const RoleRow& r : d.roles) rs.push_back(role_json(r));
    j["roles"] = rs;
    json as = json::array();
    for (const EntityArticle& a : d.articles) {
      as.push_back({{"id", a.uid}, {"title", a.title}, {"date", nullable(a.date)}, {"mentions", a.mentions}});
    }
    j["article_list"] = as;
    json rel = json::array();
    for (const EntitySummary& r : d.related) {
      rel.push_back({{"type", to_string(r.type)}, {"name", r.name},
                     {"code", r.code.empty() ? json(nullptr) : json(r.code)}, {"articles", r.articles}});
    }
    j["related"] = rel;
    write_out(dump(j));
    return;
  }
  if (f == Format::tsv) {
    write_out(fmt::format("entity\t{}\t{}\t{}\t{}\n", to_string(e.type), tsv_field(e.name), e.code, tsv_field(e.name_en)));
    for (const auto& al : e.aliases) write_out(fmt::format("alias\t{}\n", tsv_field(al)));
    for (const RoleRow& r : d.roles) {
      write_out(fmt::format("role\t{}\t{}\t{}\t{}\t{}\n", tsv_field(r.title), r.past ? "past" : "",
                            r.date.value_or(""), r.country, r.article_uid));
    }
    for (const EntityArticle& a : d.articles) {
      write_out(fmt::format("article\t{}\t{}\t{}\t{}\n", a.uid, a.date.value_or(""), a.mentions, tsv_field(a.title)));
    }
    for (const EntitySummary& r : d.related) {
      write_out(fmt::format("related\t{}\t{}\t{}\t{}\n", to_string(r.type), tsv_field(r.name), r.code, r.articles));
    }
    return;
  }
  const bool c = use_color();
  write_out(fmt::format("{}{}{}  {}{}\n", c ? kBold : "", e.name, c ? kReset : "", to_string(e.type),
                        e.code.empty() ? "" : " [" + e.code + "]"));
  if (!e.name_en.empty() && e.name_en != e.name) write_out(fmt::format("english: {}\n", e.name_en));
  if (!e.aliases.empty()) {
    std::string all;
    for (const auto& al : e.aliases) {
      if (!all.empty()) all += ", ";
      all += al;
    }
    write_out(fmt::format("aliases: {}\n", all));
  }
  for (auto& [k, v] : e.info.items()) {
    if (k == "vietnamese_name" || k == "code_from_title") continue;
    write_out(fmt::format("{}: {}\n", k, v.is_string() ? v.get<std::string>() : v.dump()));
  }
  write_out(fmt::format("{} mentions in {} article{}\n", e.mentions, e.articles, e.articles == 1 ? "" : "s"));
  if (!d.roles.empty()) {
    write_out("\nroles\n");
    for (const RoleRow& r : d.roles) {
      write_out(fmt::format("  {}  {}{}  ({})\n", r.date.value_or("undated"), r.title, r.past ? " (past)" : "",
                            r.article_uid));
    }
  }
  if (!d.articles.empty()) {
    write_out("\narticles\n");
    for (const EntityArticle& a : d.articles) {
      write_out(fmt::format("  {}  {}  {}  ({})\n", a.date.value_or("undated"), a.uid, one_line(a.title), a.mentions));
    }
  }
  if (!d.related.empty()) {
    write_out("\nmentioned with\n");
    for (const EntitySummary& r : d.related) {
      write_out(fmt::format("  {:<9} {}{}  ({} article{})\n", to_string(r.type), r.name,
                            r.code.empty() ? "" : " [" + r.code + "]", r.articles, r.articles == 1 ? "" : "s"));
    }
  }
}

void print_stats(Format f, const Stats& s, const std::string& db_path) {
  if (f == Format::json) {
    write_out(dump({{"db", db_path}, {"articles", s.articles}, {"sources", s.sources}, {"by_lang", s.by_lang},
                    {"dated", s.dated}, {"undated", s.articles - s.dated},
                    {"first_date", nullable(s.first_date)}, {"last_date", nullable(s.last_date)},
                    {"db_bytes", s.db_bytes}, {"index_bytes", s.index_bytes}}));
    return;
  }
  if (f == Format::tsv) {
    write_out(fmt::format("articles\t{}\nsources\t{}\n", s.articles, s.sources));
    for (auto& [lang, n] : s.by_lang) write_out(fmt::format("lang.{}\t{}\n", lang, n));
    write_out(fmt::format("dated\t{}\nundated\t{}\nfirst_date\t{}\nlast_date\t{}\ndb_bytes\t{}\nindex_bytes\t{}\n",
                          s.dated, s.articles - s.dated, s.first_date.value_or(""), s.last_date.value_or(""),
                          s.db_bytes, s.index_bytes));
    return;
  }
  write_out(fmt::format("database    {}\narticles    {} ({} paths)\n", db_path, s.articles, s.sources));
  for (auto& [lang, n] : s.by_lang) write_out(fmt::format("  {}        {}\n", lang, n));
  write_out(fmt::format("dated       {}, from {} to {}\nundated     {}\n", s.dated, s.first_date.value_or("-"),
                        s.last_date.value_or("-"), s.articles - s.dated));
  write_out(fmt::format("size        {:.1f} MiB (index {:.1f} MiB)\n", s.db_bytes / 1048576.0,
                        s.index_bytes / 1048576.0));
}

namespace {

// Writes a report line to stdout unless its reader has gone away.
void write_report(std::string_view line) {
  static bool gone = false;
  if (gone) return;
  try {
    write_out(line);
    flush_stdout();
  } catch (const BrokenPipe&) {
    gone = true;
  }
}

}  // namespace

void print_rejection(Format f, const Rejection& r, bool clear_progress_line) {
  switch (f) {
    case Format::json:
      write_report(dump({{"type", "rejected"}, {"path", r.path},
                         {"line", r.line > 0 ? json(r.line) : json(nullptr)}, {"reason", r.reason}}));
      return;
    case Format::tsv:
      write_report(fmt::format("rejected\t{}\t{}\t{}\n", tsv_field(r.path), r.line > 0 ? std::to_string(r.line) : "",
                               tsv_field(r.reason)));
      return;
    case Format::csv:  // ingest offers no CSV
    case Format::table:
      write_err(fmt::format("{}{}\n", clear_progress_line ? "\r\x1b[K" : "", to_string(r)));
      return;
  }
}

void print_progress(const IngestCounts& c, double seconds) {
  write_err(fmt::format("\r\x1b[K{} read, {} added, {} updated, {} unchanged, {} rejected  {:.1f} MB/s", c.inputs,
                        c.added, c.updated, c.unchanged, c.rejected, c.bytes / 1e6 / seconds));
}

void clear_progress() { write_err("\r\x1b[K"); }

void print_ingest_summary(Format f, const IngestCounts& c, double seconds, bool pruned) {
  switch (f) {
    case Format::json: {
      json j = {{"type", "summary"}, {"added", c.added}, {"updated", c.updated}, {"unchanged", c.unchanged},
                {"duplicate", c.duplicate}, {"rejected", c.rejected}, {"bytes", c.bytes},
                {"seconds", round3(seconds)}, {"interrupted", c.interrupted}};
      if (pruned) j["pruned"] = c.pruned;
      write_report(dump(j));
      return;
    }
    case Format::tsv:
      write_report(fmt::format("summary\tadded={}\tupdated={}\tunchanged={}\tduplicate={}\trejected={}{}\tbytes={}"
                               "\tseconds={:.3f}\tinterrupted={}\n",
                               c.added, c.updated, c.unchanged, c.duplicate, c.rejected,
                               pruned ? fmt::format("\tpruned={}", c.pruned) : "", c.bytes, seconds,
                               c.interrupted ? "true" : "false"));
      return;
    case Format::csv:  // ingest offers no CSV
    case Format::table:
      write_err(fmt::format("{}{} added, {} updated, {} unchanged, {} duplicate, {} rejected{} in {:.2f} s ({:.1f} MB)\n",
                            c.interrupted ? "interrupted: " : "", c.added, c.updated, c.unchanged, c.duplicate,
                            c.rejected, pruned ? fmt::format(", {} pruned", c.pruned) : "", seconds, c.bytes / 1e6));
      return;
  }
}

}  // namespace corpus::cli
