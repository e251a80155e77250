// Countries: the gazetteer's names (CLDR's and the press supplement's), their long forms
// (`Cộng hòa Hồi giáo Iran`, `Republic of Korea`), English adjectives of nationality; not a
// short name inside a personal or place name (`Nga Sơn`, `Air France`), not a pronoun.
#pragma once

#include "corpus/extract/findings.h"

namespace corpus::extraction {

// The first pass over a field: fills `f.countries` and `f.country_at`, and notes the last
// foreign country named in `state` (agreements take it as a party).
void find_countries(const SentenceCursor& c, FieldFindings& f, ArticleState& state);

// The field's countries as entities of the article.
void add_countries(const SentenceCursor& c, const FieldFindings& f, ArticleEntities& out);

}  // namespace corpus::extraction
