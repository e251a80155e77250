#include "corpus/article.h"

#include <fmt/format.h>
#include <xxhash.h>

namespace corpus {

std::string_view to_string(ParagraphKind kind) {
  switch (kind) {
    case ParagraphKind::text: return "text";
    case ParagraphKind::caption: return "caption";
    case ParagraphKind::outlet: return "outlet";
    case ParagraphKind::bullet: return "bullet";
    case ParagraphKind::summary: return "summary";
  }
  return "text";
}

std::optional<ParagraphKind> paragraph_kind_from_string(std::string_view s) {
  for (auto k : {ParagraphKind::text, ParagraphKind::caption, ParagraphKind::outlet,
                 ParagraphKind::bullet, ParagraphKind::summary}) {
    if (to_string(k) == s) return k;
  }
  return std::nullopt;
}

std::string Article::body_text() const {
  std::string out;
  for (const auto& p : body) {
    if (!out.empty()) out += "\n\n";
    out += p.text;
  }
  return out;
}

std::string Article::content_hash() const {
  XXH3_state_t* state = XXH3_createState();
  XXH3_128bits_reset(state);
  auto add = [&](std::string_view s) {
    XXH3_128bits_update(state, s.data(), s.size());
    XXH3_128bits_update(state, "\0", 1);  // a separator, so that fields cannot run together
  };
  add(date.value_or("-"));
  add(lang);
  add(title);
  add(to_string(lead.kind));
  add(lead.text);
  for (const auto& p : body) {
    add(to_string(p.kind));
    add(p.text);
  }
  add(meta.dump());
  const XXH128_hash_t h = XXH3_128bits_digest(state);
  XXH3_freeState(state);
  return fmt::format("{:016x}{:016x}", h.high64, h.low64);
}

}  // namespace corpus
