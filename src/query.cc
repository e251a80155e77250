#include "corpus/query.h"

#include <algorithm>
#include <vector>

#include "corpus/text.h"

namespace corpus {
namespace {

struct Node {
  enum class Kind { term, phrase, all, any } kind = Kind::term;
  std::string text;
  std::string field;
  bool prefix = false;
  bool negated = false;
  std::vector<Node> kids;
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Groups nest at most this deep; the parser recurses once per level.
constexpr int kMaxDepth = 32;

// The parser runs twice at most: with operators, and, when that leaves nothing to search (the
// query is only `OR`, `NOT` or `AND`, perhaps with punctuation), again with every operator a
// word, so that a query made of an operator alone searches for that word.
class Parser {
 public:
  Parser(std::string_view q, bool operators) : q_(q), operators_(operators) {}

  std::optional<Node> parse() {
    auto n = parse_any();
    // A stray `)` at top level is punctuation: skip it and go on.
    while (pos_ < q_.size()) {
      ++pos_;
      if (auto more = parse_any()) {
        std::vector<Node> both;
        if (n) both.push_back(std::move(*n));
        both.push_back(std::move(*more));
        n = group(Node::Kind::all, std::move(both));
      }
    }
    return n;
  }

 private:
  // Nothing, the one node, or a group of `kind` over all of them.
  static std::optional<Node> group(Node::Kind kind, std::vector<Node> kids) {
    if (kids.empty()) return std::nullopt;
    if (kids.size() == 1) return std::move(kids.front());
    Node n;
    n.kind = kind;
    n.kids = std::move(kids);
    return n;
  }

  void skip_space() {
    while (pos_ < q_.size() && is_space(q_[pos_])) ++pos_;
  }

  // Whether the next token is the operator `op` (AND, OR, NOT): upper case only, so that
  // `and`, `or` and `not` stay words, and ending where a word would (`ORANGE`, `NOT*` and
  // `AND-` are words).
  bool at_operator(std::string_view op) {
    skip_space();
    if (!operators_ || q_.substr(pos_, op.size()) != op) return false;
    const std::size_t after = pos_ + op.size();
    return after == q_.size() || is_space(q_[after]) || q_[after] == '(' || q_[after] == ')' ||
           q_[after] == '"';
  }

  // Where a term cannot start: the end of the query or of a group, or before OR.
  bool at_end_of_terms() {
    skip_space();
    return pos_ >= q_.size() || (q_[pos_] == ')' && depth_ > 0) || at_operator("OR");
  }

  // Lowest precedence: alternatives. An OR with nothing on one side is dropped.
  std::optional<Node> parse_any() {
    std::vector<Node> alts;
    if (auto first = parse_all()) alts.push_back(std::move(*first));
    while (at_operator("OR")) {
      pos_ += 2;
      if (auto next = parse_all()) alts.push_back(std::move(*next));
    }
    return group(Node::Kind::any, std::move(alts));
  }

  // Terms that must all occur, side by side or joined by AND (which means the same, so an
  // AND with nothing on one side is dropped).
  std::optional<Node> parse_all() {
    std::vector<Node> parts;
    while (!at_end_of_terms()) {
      if (q_[pos_] == ')') {  // unbalanced: literal punctuation
        ++pos_;
        continue;
      }
      if (at_operator("AND")) {
        pos_ += 3;
        continue;
      }
      if (auto n = parse_unary()) parts.push_back(std::move(*n));
    }
    return group(Node::Kind::all, std::move(parts));
  }

  // Highest precedence: `-term` and `NOT term` (which may be `NOT (group)`). A NOT with
  // nothing after it is dropped; NOT twice cancels out.
  std::optional<Node> parse_unary() {
    bool negated = false;
    while (at_operator("NOT")) {
      pos_ += 3;
      negated = !negated;
    }
    if (at_end_of_terms() || q_[pos_] == ')' || at_operator("AND")) return std::nullopt;
    // `-` must touch its term: `a - b` and `--x` hold no exclusion. After it comes a term as
    // written, so `-NOT` excludes the word NOT.
    if (q_[pos_] == '-' && pos_ + 1 < q_.size() && !is_space(q_[pos_ + 1]) && q_[pos_ + 1] != '-') {
      negated = !negated;
      ++pos_;
    }
    auto n = parse_primary();
    if (n && negated) n->negated = !n->negated;
    return n;
  }

  std::optional<Node> parse_primary() {
    const char c = q_[pos_];
    if (c == '(' && depth_ >= kMaxDepth) {  // deeper groups are punctuation, not recursion
      ++pos_;
      return std::nullopt;
    }
    if (c == '(') {
      ++pos_;
      ++depth_;
      auto n = parse_any();
      --depth_;
      skip_space();
      if (pos_ < q_.size() && q_[pos_] == ')') ++pos_;
      return n;
    }
    std::string field;
    for (std::string_view f : {"title:", "lead:", "body:"}) {
      if (q_.substr(pos_, f.size()) == f && pos_ + f.size() < q_.size() && !is_space(q_[pos_ + f.size()])) {
        field = std::string(f.substr(0, f.size() - 1));
        pos_ += f.size();
        break;
      }
    }
    Node n;
    n.field = field;
    if (q_[pos_] == '"') {
      const std::size_t close = q_.find('"', pos_ + 1);
      const std::size_t end = close == std::string_view::npos ? q_.size() : close;
      n.kind = Node::Kind::phrase;
      n.text = std::string(q_.substr(pos_ + 1, end - pos_ - 1));
      pos_ = close == std::string_view::npos ? q_.size() : close + 1;
      if (pos_ < q_.size() && q_[pos_] == '*') {
        n.prefix = true;
        while (pos_ < q_.size() && q_[pos_] == '*') ++pos_;
      }
    } else {
      const std::size_t start = pos_;
      while (pos_ < q_.size() && !is_space(q_[pos_]) && q_[pos_] != '(' && q_[pos_] != ')' &&
             q_[pos_] != '"') {
        ++pos_;
      }
      std::string_view w = q_.substr(start, pos_ - start);
      while (w.ends_with("*")) {
        n.prefix = true;
        w.remove_suffix(1);
      }
      n.text = std::string(w);
    }
    if (!text::has_word(n.text)) return std::nullopt;  // nothing FTS5 could match
    return n;
  }

  std::string_view q_;
  bool operators_;
  std::size_t pos_ = 0;
  int depth_ = 0;
};

// Writes a parsed query as an FTS5 expression, recording how many phrases each of its terms
// became (CompiledQuery::groups).
class Emitter {
 public:
  Emitter(const Expand& expand, std::vector<TermPhrases>& groups)
      : expand_(expand), groups_(groups) {}

  // `excluded`: under an odd number of NOTs.
  std::string emit(const Node& n, bool excluded = false) {
    switch (n.kind) {
      case Node::Kind::term:
      case Node::Kind::phrase:
        return emit_leaf(n, excluded);
      case Node::Kind::any: {
        std::string s = "(";
        for (std::size_t i = 0; i < n.kids.size(); ++i) {
          if (n.kids[i].negated) throw QueryError("an excluded term cannot be one side of OR");
          if (i > 0) s += " OR ";
          s += emit(n.kids[i], excluded);
        }
        return s + ")";
      }
      case Node::Kind::all: {
        // Positive terms first, so that the plain words of `a b -c` are the first groups.
        std::string positive, negative;
        for (const Node& k : n.kids) {
          if (k.negated) continue;
          positive += positive.empty() ? "(" : " AND ";
          positive += emit(k, excluded);
        }
        if (positive.empty()) throw QueryError("nothing to search for: every term is excluded");
        positive += ")";
        for (const Node& k : n.kids) {
          if (!k.negated) continue;
          negative += " NOT ";
          negative += emit_unnegated(k, !excluded);
        }
        // FTS5's NOT is binary; nesting keeps precedence out of the question.
        return negative.empty() ? positive : "(" + positive + negative + ")";
      }
    }
    return {};
  }

 private:
  std::string emit_leaf(const Node& n, bool excluded) {
    std::string s = fts5_quote(n.text);
    if (n.prefix) s += " *";
    if (!n.field.empty()) s = n.field + " : " + s;
    Alternatives more;
    if (n.kind == Node::Kind::term && !n.prefix && expand_) more = expand_(n.text, n.field);
    groups_.push_back(TermPhrases{1 + more.inflections, more.inflections, excluded});
    if (more.inflections == 0) return s;
    return "(" + s + " OR " + more.expression + ")";
  }

  // A node that stands after NOT: emitted without its own negation, in parentheses.
  std::string emit_unnegated(const Node& n, bool excluded) {
    Node copy = n;
    copy.negated = false;
    return "(" + emit(copy, excluded) + ")";
  }

  const Expand& expand_;
  std::vector<TermPhrases>& groups_;
};

// A word or a quoted phrase, with no exclusion, prefix or field.
bool is_plain(const Node& n) {
  return (n.kind == Node::Kind::term || n.kind == Node::Kind::phrase) && !n.negated && !n.prefix && n.field.empty();
}

bool is_plain_term(const Node& n) { return n.kind == Node::Kind::term && is_plain(n); }

}  // namespace

std::string fts5_quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

CompiledQuery compile_query(std::string_view query, const Expand& expand) {
  CompiledQuery out;
  // Control characters separate words in text (text.h), but mean something to what reads the
  // expression: a NUL ends FTS5's reading of it (`p\x01\x00*` failed as an unterminated string;
  // found by fuzz/fuzz_query), and kExactQueryMark would ask the tokenizer for no alternatives.
  // In a query they are spaces.
  std::string cleaned(query);
  for (char& c : cleaned) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  auto root = Parser(cleaned, /*operators=*/true).parse();
  if (!root) root = Parser(cleaned, /*operators=*/false).parse();
  if (!root) return out;
  if (root->negated) throw QueryError("nothing to search for: every term is excluded");
  out.match = Emitter(expand, out.groups).emit(*root);
  if (is_plain(*root)) {
    out.plain_words = root->text;
    out.plain_terms = 1;
    out.plain_quoted = {root->kind == Node::Kind::phrase};
  } else if (root->kind == Node::Kind::all && std::all_of(root->kids.begin(), root->kids.end(), is_plain)) {
    std::string words;
    for (const Node& k : root->kids) {
      if (!words.empty()) words += ' ';
      words += k.text;
      out.plain_quoted.push_back(k.kind == Node::Kind::phrase);
    }
    out.plain_words = std::move(words);
    out.plain_terms = root->kids.size();
  }
  if (root->kind == Node::Kind::all) {
    std::string words;
    std::size_t plain = 0;
    for (const Node& k : root->kids) {
      if (k.negated) continue;
      if (!is_plain_term(k)) return out;
      if (plain++ > 0) words += ' ';
      words += k.text;
    }
    if (plain >= 2) {
      out.phrase = fts5_quote(words);
      out.phrase_terms = plain;
    }
  }
  return out;
}

}  // namespace corpus
