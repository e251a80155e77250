// Officials: a person named with a title, rank or honorific before the name (`Bộ trưởng Bộ
// Công an Lương Tam Quang`, `Đại tướng X`, `Mr Baker`) or a title in apposition after it
// (`Lee Iacocca, chairman of Chrysler`), with each role's organisation and country and whether
// it is past (`nguyên`, `former`); a bare title standing for the last holder named
// (`Bộ trưởng khẳng định`) is an anaphor of that person.
#pragma once

#include <string>
#include <vector>

#include "corpus/extract/findings.h"

namespace corpus::extraction {

// The third pass over a field, after find_orgs: appends the field's persons to `out` and to
// `state.persons` (which later title-only references resolve against). It may change
// `f.orgs`: a known ministry inside a foreign official's title becomes that country's
// (`Thứ trưởng Bộ Ngoại giao Iran`), so the organisations are added after it.
void find_officials(const SentenceCursor& c, FieldFindings& f, ArticleState& state,
                    std::vector<PersonMention>& out);

// The article's persons as officials: a person with a title or rank anywhere in the article;
// honorific-only mentions and title references join a titled person of that name; a family
// name alone joins the full name; foreign spellings one edit apart are one person.
void group_officials(const std::vector<PersonMention>& persons, bool vietnamese_article,
                     ArticleEntities& out);

}  // namespace corpus::extraction
