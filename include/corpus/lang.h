// Language detection for articles that do not say their language.
#pragma once

#include <string_view>

namespace corpus {

// "vi" or "en". Vietnamese is recognised by its letters (đ ơ ư ă and the tone marks, NFC or
// NFD); unaccented text falls back to counting each language's commonest function words.
std::string_view detect_language(std::string_view text);

}  // namespace corpus
