// Agreements: a head (`Hiệp định`, `Công ước`, `Treaty`, `Accord`) and the name it governs
// (Vietnamese: the words after it, to a clause's end; English: capitalised words before it and
// `of/on X` after), a parties clause (`giữa X và Y`), a bracketed popular name, the parties,
// status and year from the sentence.
#pragma once

#include <vector>

#include "corpus/article.h"
#include "corpus/extract/findings.h"

namespace corpus::extraction {

// The last pass over a field, after find_orgs (and find_officials, which may change which
// country an organisation belongs to): appends the field's agreement mentions to `out`.
void find_agreements(const SentenceCursor& c, const FieldFindings& f, const ArticleState& state,
                     std::vector<AgreementMention>& out);

// The article's agreement mentions as entities: a full name and its bracketed popular name
// are one, `X về ...` extends X, parties tell apart instruments that share a topic name; a
// well-known instrument (src/data/agreements.tsv) takes its names in both languages.
void group_agreements(const std::vector<AgreementMention>& mentions, const Article& a,
                      const Gazetteer& gaz, Normalizer& norm, ArticleEntities& out);

}  // namespace corpus::extraction
