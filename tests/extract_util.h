// Helpers of the extraction tests (one test file per rule file of src/extract/).
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/extract.h"
#include "corpus/parse.h"

namespace corpus::test {

// One article: a headline and paragraphs, in the article file format.
Article article(std::string_view body, std::string_view title = "Tin tức");
std::vector<Entity> extract(const Article& a);
// The names (countries: codes) of the entities of one type, sorted.
std::vector<std::string> names(const std::vector<Entity>& es, EntityType t);
const Entity* find(const std::vector<Entity>& es, EntityType t, std::string_view name);
using Names = std::vector<std::string>;

}  // namespace corpus::test
