#include "corpus/lang.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace corpus {
namespace {

TEST(Lang, SeedsAreVietnamese) {
  for (const char* id : {"000", "001", "004"}) {
    EXPECT_EQ(detect_language(test::read_file(test::seed_path(id))), "vi") << id;
  }
}

TEST(Lang, DecomposedVietnameseIsVietnamese) {
  EXPECT_EQ(detect_language(test::to_nfd(test::read_file(test::seed_path("004")))), "vi");
}

TEST(Lang, EnglishWithVietnameseNamesIsEnglish) {
  EXPECT_EQ(detect_language("General Lương Tam Quang, the Minister of Public Security, met the "
                            "delegation of Azerbaijan in Hà Nội on Sunday and said that the "
                            "convention was signed by more than sixty countries."),
            "en");
}

TEST(Lang, UnaccentedVietnameseFallsBackToFunctionWords) {
  EXPECT_EQ(detect_language("Bo truong da tiep doan dai bieu cua Azerbaijan va cac nuoc trong khu vuc"), "vi");
}

}  // namespace
}  // namespace corpus
