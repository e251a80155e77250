// Organisations: the gazetteer's known bodies (with their country written after them, or
// another country's body of the same name), then bodies by the shape of their names: a
// Vietnamese head word and what completes it (`Bộ Nội vụ`, `Công ty CP ...`), an English run
// of capitalised words ending in a body word (`Chrysler Corp`) or `Ministry of X`.
#pragma once

#include "corpus/extract/findings.h"

namespace corpus::extraction {

// The second pass over a field, after find_countries: fills `f.orgs` and `f.org_at`; an
// organisation's country comes from its name, else from a country named just before it.
void find_orgs(const SentenceCursor& c, FieldFindings& f);

// The field's organisations as entities of the article (after the officials pass, which may
// give a known ministry inside a foreign official's title that official's country).
void add_orgs(const SentenceCursor& c, const FieldFindings& f, ArticleEntities& out);

}  // namespace corpus::extraction
