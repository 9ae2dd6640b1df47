#include "layers/codes.hpp"
#include "layers/text.hpp"

#include <gtest/gtest.h>

using namespace wangge::layers;

TEST(Codes, StandardGridCodeIsKept) {
    GridCode g = normalise_grid_code("440303001002007");
    EXPECT_EQ(g.form, GridCodeForm::standard);
    EXPECT_EQ(g.code, "440303001002007");
}

TEST(Codes, LegacyGridCodeSerialIsPaddedToThreeDigits) {
    GridCode g = normalise_grid_code("44030300100207");
    EXPECT_EQ(g.form, GridCodeForm::legacy);
    EXPECT_EQ(g.code, "440303001002007");
}

TEST(Codes, MalformedGridCodesAreKeptAsGiven) {
    for (const char* bad : {"", "4403030010020071", "44030300100A007", "4403030010"}) {
        GridCode g = normalise_grid_code(bad);
        EXPECT_EQ(g.form, GridCodeForm::bad) << bad;
        EXPECT_EQ(g.code, bad);
    }
}

TEST(Codes, PrefixNamesTheParent) {
    EXPECT_EQ(parent_code("440303001002007", Level::community), "440303001002");
    EXPECT_EQ(parent_code("440303001002007", Level::street), "440303001");
    EXPECT_EQ(parent_code("440303001", Level::district), "440303");
    EXPECT_FALSE(parent_code("4403030010A2007", Level::district));
    EXPECT_FALSE(parent_code("44030", Level::district));
}

TEST(Codes, RegionCodeLengths) {
    EXPECT_TRUE(is_region_code("440303", Level::district));
    EXPECT_FALSE(is_region_code("440303", Level::street));
    EXPECT_TRUE(is_region_code("440303001002", Level::community));
    EXPECT_FALSE(is_region_code("44030300100x", Level::community));
}

TEST(Codes, ComponentCodesOfBothGenerations) {
    EXPECT_TRUE(is_component_code("3205080101000001"));  // GB/T 30428.2: 16 digits
    EXPECT_TRUE(is_component_code("32050801001000001")); // GB/T 47678.5: 17 digits
    EXPECT_FALSE(is_component_code("320508010100001"));
    EXPECT_EQ(component_class("3205080101000001"), "0101");
    EXPECT_EQ(component_class("32050801001000001"), "01001");
    EXPECT_FALSE(component_class("BJ05080101000001"));
}

TEST(Text, ParseRealTakesStoredNumbersAndRefusesTheRest) {
    using wangge::layers::parse_real;
    EXPECT_EQ(parse_real("12.5"), 12.5);
    EXPECT_EQ(parse_real("-3"), -3.0);
    EXPECT_EQ(parse_real("+1e-05"), 1e-05);
    for (const char* bad : {"", "abc", "1.5x", " 1", "nan", "inf", "1e999", "--1"})
        EXPECT_FALSE(parse_real(bad)) << bad;
}
