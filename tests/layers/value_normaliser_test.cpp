#include "geo/error.hpp"
#include "layers/value_normaliser.hpp"

#include <gtest/gtest.h>

using namespace wangge;
using namespace wangge::layers;

namespace {

const FieldSpec& field(LayerKind kind, const char* name) {
    const LayerSchema& s = schema_of(kind);
    return s.fields[s.index(name)];
}

std::optional<std::string> norm(LayerKind kind, const char* name, const char* raw) {
    return normalise_value(kind, field(kind, name), raw, "f.csv row 3 field X");
}

} // namespace

TEST(ValueNormaliser, EmptyIsNull) {
    EXPECT_FALSE(norm(LayerKind::components, "name", "   "));
}

TEST(ValueNormaliser, CaseSourcesInEnglishAndChinese) {
    EXPECT_EQ(norm(LayerKind::cases, "source", "市民举报"), "public");
    EXPECT_EQ(norm(LayerKind::cases, "source", "Collector"), "collector");
    EXPECT_EQ(norm(LayerKind::cases, "source", "督查员"), "inspector");
    EXPECT_EQ(norm(LayerKind::cases, "kind", "部件"), "component");
    EXPECT_EQ(norm(LayerKind::cases, "satisfaction", "基本满意"), "basic");
}

TEST(ValueNormaliser, UnknownEnumerationNamesWhereAndChoices) {
    try {
        norm(LayerKind::cases, "source", "radio");
        FAIL();
    } catch (const InputError& e) {
        std::string msg = e.what();
        EXPECT_NE(msg.find("f.csv row 3 field X"), std::string::npos) << msg;
        EXPECT_NE(msg.find("collector, public, inspector, other"), std::string::npos) << msg;
    }
}

TEST(ValueNormaliser, BooleansAndIntegers) {
    EXPECT_EQ(norm(LayerKind::cases, "voided", "是"), "1");
    EXPECT_EQ(norm(LayerKind::cases, "voided", "false"), "0");
    EXPECT_EQ(norm(LayerKind::cases, "rework", "2.0"), "2");
    EXPECT_THROW(norm(LayerKind::cases, "rework", "two"), InputError);
}

TEST(ValueNormaliser, DatesAndTimestamps) {
    EXPECT_EQ(norm(LayerKind::components, "initial_date", "20250101"), "2025-01-01");
    EXPECT_EQ(norm(LayerKind::cases, "reported_at", "2026-10-01 08:00"), "2026-10-01T08:00:00");
    try {
        norm(LayerKind::components, "initial_date", "2025-02-30");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("'2025-02-30' is not a date"), std::string::npos) << e.what();
    }
}

TEST(ValueNormaliser, RegionClassAndRosterGrids) {
    EXPECT_EQ(norm(LayerKind::grids, "region_class", "2"), "二类");
    EXPECT_EQ(norm(LayerKind::grids, "region_class", "一类区域"), "一类");
    EXPECT_EQ(norm(LayerKind::roster, "grids", "440303001002007; 44030300100208,440303001002009"),
              "440303001002007,440303001002008,440303001002009");
    EXPECT_EQ(norm(LayerKind::roster, "role", "监督员"), "collector");
}

TEST(ValueNormaliser, ANumberTooLargeIsRefusedNotThrownAsStdException) {
    EXPECT_EQ(norm(LayerKind::cases, "rework", "2"), "2");
    EXPECT_EQ(norm(LayerKind::cases, "rework", "3.0"), "3");
    try {
        norm(LayerKind::cases, "rework", "12345678901234567890");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("too large a number"), std::string::npos) << e.what();
    }
}
