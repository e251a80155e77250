#include "corpus/parse.h"

#include <algorithm>
#include <chrono>
#include <filesystem>

#include <fmt/format.h>
#include <simdjson.h>

#include "corpus/lang.h"
#include "corpus/text.h"

namespace corpus {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool is_blank(std::string_view line) { return trim(line).empty(); }

// Splits text into lines (LF only: callers have normalised line ends).
std::vector<std::string_view> lines_of(std::string_view s) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= s.size()) {
    const std::size_t nl = s.find('\n', start);
    if (nl == std::string_view::npos) {
      lines.push_back(s.substr(start));
      break;
    }
    lines.push_back(s.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

// Paragraph texts: runs of lines separated by blank lines; with `every_line`, each non-blank
// line stands alone; with `indented`, an indented line also starts a paragraph (newswire).
enum class Split { blank_lines, every_line, indented };

std::vector<std::string> paragraphs_of(std::string_view s, Split split) {
  std::vector<std::string> out;
  std::string current;
  auto flush = [&] {
    const std::string_view t = trim(current);
    if (!t.empty()) out.emplace_back(t);
    current.clear();
  };
  for (std::string_view line : lines_of(s)) {
    if (is_blank(line)) {
      flush();
      continue;
    }
    const bool starts = split == Split::every_line ||
                        (split == Split::indented && (line.front() == ' ' || line.front() == '\t'));
    if (starts) flush();
    if (!current.empty()) current += '\n';
    current += line;
  }
  flush();
  return out;
}

std::string normalise_line_ends(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      out += '\n';
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

bool is_photo_credit_word(std::string_view nfc_tail, std::size_t at) {
  // Every paragraph's tail is scanned byte by byte: rule out most bytes with one comparison
  // (`Ả`, `ả` and `ẢNH` begin with 0xE1 in UTF-8).
  const char c = nfc_tail[at];
  if (c != '\xE1' && c != 'P' && c != 'p') return false;
  for (std::string_view w : {"Ảnh", "ảnh", "ẢNH", "Photo", "photo", "PHOTO"}) {
    if (nfc_tail.compare(at, w.size(), w) == 0) return true;
  }
  return false;
}

Paragraph classify(std::string text) {
  Paragraph p;
  if (is_photo_caption(text)) {
    p.kind = ParagraphKind::caption;
  } else if (text.starts_with("* ") || text.starts_with("• ")) {
    p.kind = ParagraphKind::bullet;
  }
  p.text = std::move(text);
  return p;
}

// The language of an article not labelled with one. detect_language reads the first 2,000
// words, so a few kilobytes of title, lead and body say all it will use.
std::string language_of(const Article& a) {
  std::string text = a.title + "\n" + a.lead.text;
  for (const auto& p : a.body) {
    if (text.size() >= 16384) break;
    text += "\n";
    text += p.text;
  }
  return std::string(detect_language(text));
}

// Fills lead and body from paragraphs in order: the lead is the first that is not a caption.
void lay_out(Article& a, std::vector<std::string> texts) {
  for (auto& t : texts) {
    Paragraph p = classify(std::move(t));
    if (a.lead_position < 0 && a.lead.text.empty() && p.kind != ParagraphKind::caption) {
      if (auto outlet = outlet_prefix(p.text)) {
        p.kind = ParagraphKind::outlet;
        a.meta["outlet"] = *outlet;
      }
      a.lead_position = static_cast<int>(a.body.size());
      a.lead = std::move(p);
    } else {
      a.body.push_back(std::move(p));
    }
  }
}

// How deeply arrays and objects nest in a JSON text (strings skipped). nlohmann::json both
// builds and destroys values recursively, so a line of a million `[` would overflow the stack.
std::size_t json_depth(std::string_view s) {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

constexpr std::size_t kMaxJsonDepth = 64;

ParseResult reject(std::size_t line, std::string reason) {
  return ParseResult{std::nullopt, ParseError{line, std::move(reason)}};
}

}  // namespace

bool is_valid_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  auto num = [&](std::size_t b, std::size_t n) {
    int v = 0;
    for (std::size_t i = b; i < b + n; ++i) v = v * 10 + (s[i] - '0');
    return v;
  };
  const std::chrono::year_month_day ymd{std::chrono::year{num(0, 4)},
                                        std::chrono::month{static_cast<unsigned>(num(5, 2))},
                                        std::chrono::day{static_cast<unsigned>(num(8, 2))}};
  return ymd.ok();
}

bool is_photo_caption(std::string_view paragraph) {
  // Credits sit at the end: `... Ảnh: Phạm Kiên/TTXVN`, `... Ảnh: Phạm Kiên - TTXVN`,
  // `(Ảnh: TTXVN)`. NFD text is composed first so that `Ảnh` is one code point to find.
  const std::size_t keep = std::min<std::size_t>(paragraph.size(), 240);
  std::size_t from = paragraph.size() - keep;
  while (from < paragraph.size() && (static_cast<unsigned char>(paragraph[from]) & 0xC0) == 0x80) ++from;
  const std::string tail = text::to_nfc(paragraph.substr(from));
  for (std::size_t at = tail.size(); at-- > 0;) {
    if (!is_photo_credit_word(tail, at)) continue;
    if (at > 0 && tail[at - 1] != ' ' && tail[at - 1] != '(' && tail[at - 1] != '.' &&
        tail[at - 1] != '-' && tail[at - 1] != '\n') {
      continue;
    }
    std::string_view rest(tail);
    rest.remove_prefix(at);
    const std::size_t colon = rest.find(':');
    // `Ảnh: X`, `Ảnh minh họa: X`: a colon soon after the word, and a short credit after it.
    if (colon == std::string_view::npos || colon > 24) return false;
    const std::string_view credit = trim(rest.substr(colon + 1));
    return !credit.empty() && credit.size() <= 120 && credit.find(". ") == std::string_view::npos;
  }
  return false;
}

std::optional<std::string> outlet_prefix(std::string_view p) {
  // `TPO - `, `VOV.VN - `, `ANTĐ - `, `(Dân trí) - `: a short code before a dash.
  const std::size_t dash = p.find(" - ") != std::string_view::npos ? p.find(" - ") : p.find(" – ");
  if (dash == std::string_view::npos || dash == 0 || dash > 32) return std::nullopt;
  std::string_view code = p.substr(0, dash);
  if (code.front() == '(' && code.back() == ')') {
    code = trim(code.substr(1, code.size() - 2));
    if (code.empty() || code.find_first_of(".,;:") != std::string_view::npos) return std::nullopt;
    return std::string(code);
  }
  const auto* s = reinterpret_cast<const uint8_t*>(code.data());
  const int32_t n = static_cast<int32_t>(code.size());
  int upper = 0;
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) return std::nullopt;
    if (u_isupper(c) || u_isdigit(c)) {
      upper += u_isupper(c) ? 1 : 0;
    } else if (c != '.' && c != '&') {
      return std::nullopt;  // a lower-case letter or a space: a sentence, not a code
    }
  }
  if (upper < 2) return std::nullopt;
  return std::string(code);
}

ParseResult parse_article_file(std::string_view bytes, std::string_view file_name) {
  if (trim(bytes).empty()) return reject(0, "empty file");
  if (const auto nul = bytes.find('\0'); nul != std::string_view::npos) {
    return reject(0, fmt::format("binary file (NUL byte at offset {})", nul));
  }
  std::size_t bom = 0;
  if (bytes.starts_with("\xEF\xBB\xBF")) bom = 3;
  if (const auto bad = text::first_invalid_utf8(bytes)) {
    return reject(0, fmt::format("invalid UTF-8 at byte offset {}", *bad));
  }
  const std::string content = normalise_line_ends(bytes.substr(bom));
  std::string_view rest(content);

  // Leading white space, blank lines included, comes before the header.
  std::size_t line_no = 1;
  while (!rest.empty() && is_space(rest.front())) {
    if (rest.front() == '\n') ++line_no;
    rest.remove_prefix(1);
  }
  const std::size_t eol = std::min(rest.find('\n'), rest.size());
  std::string_view header = rest.substr(0, eol);
  rest.remove_prefix(eol);
  if (!header.starts_with("date ")) {
    return reject(line_no, "missing header: the first line must be 'date YYYY-MM-DD headline'");
  }
  header.remove_prefix(5);
  while (!header.empty() && header.front() == ' ') header.remove_prefix(1);
  const std::string_view date = header.substr(0, std::min(header.find(' '), header.size()));
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') {
    return reject(line_no, fmt::format("date '{}' is not written YYYY-MM-DD", date));
  }
  if (!is_valid_iso_date(date)) {
    return reject(line_no, fmt::format("date '{}' does not exist", date));
  }

  Article a;
  const std::filesystem::path name{std::string(file_name)};
  a.uid = name.stem().string();
  a.source_name = name.filename().string();
  a.date = std::string(date);
  a.title = std::string(trim(header.substr(date.size())));
  lay_out(a, paragraphs_of(rest, Split::blank_lines));
  if (a.lead.text.empty() && a.body.empty()) {
    return reject(line_no, "header only: the article has no body");
  }
  a.lang = language_of(a);
  return ParseResult{std::move(a), {}};
}

namespace {

// Why a record simdjson refused is not JSON, in the words (and byte offsets) of nlohmann's
// parser, which reports where it stopped.
std::string json_error(std::string_view line) {
  if (const auto bad = text::first_invalid_utf8(line)) return fmt::format("invalid UTF-8 at byte offset {}", *bad);
  try {
    const nlohmann::json j = nlohmann::json::parse(line);
    return j.is_object() ? std::string("invalid JSON") : std::string("expected a JSON object");
  } catch (const nlohmann::json::parse_error& e) {
    return fmt::format("invalid JSON at byte {}", e.byte);
  } catch (const nlohmann::json::out_of_range&) {
    return "a number too large for JSON tools (a double)";  // 1e400
  }
}

}  // namespace

ParseResult parse_jsonl_record(std::string_view line, std::string_view fallback_id) {
  if (json_depth(line) > kMaxJsonDepth) {
    return reject(0, fmt::format("JSON nested deeper than {} levels", kMaxJsonDepth));
  }
  // simdjson validates the whole record (UTF-8 included) and reads the text fields in place:
  // building nlohmann's document of every record was most of what parsing cost. The other
  // fields become the metadata, as nlohmann values.
  // A file saved with a byte-order mark has it before its first record; simdjson does not
  // skip it (nlohmann did).
  if (line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(line.data(), line.size()).get(root)) return reject(0, json_error(line));
  simdjson::dom::object record;
  if (root.get_object().get(record)) return reject(0, "expected a JSON object");

  Article a;
  std::string title, summary, body, date, lang;
  std::optional<std::string> id;
  std::string field_error;  // the first field of the wrong type
  nlohmann::json rest = nlohmann::json::object();
  for (const auto [key, value] : record) {  // a repeated key: the last one counts
    std::string* text = key == "title" ? &title : key == "summary" ? &summary : key == "body" ? &body
                      : key == "date"  ? &date  : key == "lang"    ? &lang    : nullptr;
    if (text) {
      text->clear();
      if (value.is_null()) continue;
      if (!value.is_string()) {
        if (field_error.empty()) field_error = fmt::format("field '{}' must be a string", key);
        continue;
      }
      text->assign(std::string_view(value));
    } else if (key == "id") {
      id.reset();
      if (value.is_string()) id = std::string(std::string_view(value));
      else if (value.is_int64()) id = std::to_string(std::int64_t(value));
      else if (value.is_uint64()) id = std::to_string(std::uint64_t(value));
      else if (!value.is_null() && field_error.empty()) field_error = "field 'id' must be a string or an integer";
    } else {
      rest[std::string(key)] = nlohmann::json::parse(simdjson::minify(value));
    }
  }
  if (!field_error.empty()) return reject(0, field_error);
  // `\u0000` is valid JSON, but text holding NUL is binary, as an article file with one is;
  // and C strings downstream (SQLite's text functions among them) would end at it.
  for (const auto& [name, text] : {std::pair<const char*, const std::string*>{"title", &title}, {"summary", &summary},
                                   {"body", &body}, {"date", &date}, {"lang", &lang}}) {
    if (text->find('\0') != std::string::npos) return reject(0, fmt::format("field '{}' holds a NUL character", name));
  }
  if (id && id->find('\0') != std::string::npos) return reject(0, "field 'id' holds a NUL character");
  if (id) {
    if (trim(*id).empty()) return reject(0, "field 'id' is empty");
    a.uid = std::move(*id);
  } else {
    a.uid = std::string(fallback_id);
  }
  if (trim(title).empty() && trim(body).empty()) {
    return reject(0, "a record needs a non-empty 'title' or 'body'");
  }
  if (!date.empty()) {
    const std::string_view day = std::string_view(date).substr(0, 10);
    const bool shaped = date.size() == 10 || (date.size() > 10 && (date[10] == 'T' || date[10] == ' '));
    if (!shaped || !is_valid_iso_date(day)) {
      return reject(0, fmt::format("date '{}' is not a valid YYYY-MM-DD date", date));
    }
    a.date = std::string(day);
    if (date.size() > 10) a.meta["datetime"] = date;
  }
  a.title = std::string(trim(title));

  std::string_view b(body);
  std::string normalised;
  if (b.find('\r') != std::string_view::npos) {
    normalised = normalise_line_ends(b);
    b = normalised;
  }
  Split split = Split::every_line;
  if (b.find("\n\n") != std::string_view::npos) {
    split = Split::blank_lines;
  } else if (b.find("\n ") != std::string_view::npos || b.find("\n\t") != std::string_view::npos) {
    split = Split::indented;
  }
  if (!trim(summary).empty()) {
    a.lead.kind = ParagraphKind::summary;
    a.lead.text = std::string(trim(summary));
    if (auto outlet = outlet_prefix(a.lead.text)) a.meta["outlet"] = *outlet;
    for (auto& t : paragraphs_of(b, split)) a.body.push_back(classify(std::move(t)));
  } else {
    lay_out(a, paragraphs_of(b, split));
  }

  if (lang == "vi" || lang == "en") {
    a.lang = lang;
  } else {
    a.lang = language_of(a);
    if (!lang.empty()) a.meta["lang_given"] = lang;
  }
  for (auto& [key, value] : rest.items()) a.meta[key] = std::move(value);
  return ParseResult{std::move(a), {}};
}

}  // namespace corpus
