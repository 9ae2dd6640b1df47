#include "geo/error.hpp"
#include "src/rules/catalog.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

using namespace wangge;
using namespace wangge::rules;

TEST(Catalog, DefaultCatalogueHoldsTheMinimumClasses) {
    Catalog c = Catalog::load(test::data_dir() + "/catalog.csv");
    const ClassEntry* gas = c.find(ClassKind::component, "0111");
    ASSERT_TRUE(gas);
    EXPECT_EQ(gas->name, "燃气井盖");
    EXPECT_EQ(gas->accuracy, 'A');
    EXPECT_EQ(gas->limit_hours, 2);
    EXPECT_EQ(gas->clock, Clock::natural);
    const ClassEntry* park = c.find(ClassKind::component, "0201");
    ASSERT_TRUE(park);
    EXPECT_EQ(park->accuracy, 'C');
    EXPECT_EQ(park->limit_hours, 40);
    const ClassEntry* pipe = c.find(ClassKind::event, "0403");
    ASSERT_TRUE(pipe);
    EXPECT_EQ(pipe->limit_hours, 1);
    EXPECT_GE(c.count(ClassKind::component), 42u);
    EXPECT_GE(c.count(ClassKind::event), 22u);
    EXPECT_EQ(Catalog::accuracy_metres('B'), 1.0);
}

TEST(Catalog, MalformedRowsAreRefusedWithFileAndLine) {
    test::TempDir dir;
    const std::string header = "kind,code,major_name,name,accuracy,limit_hours,limit_clock\n";
    struct Case {
        std::string row, expected;
    } cases[] = {
        {"component,0101,公用设施,上水井盖,D,4,working\n", "accuracy 'D'"},
        {"component,01x1,公用设施,上水井盖,A,4,working\n", "not 4 or 5 digits"},
        {"event,0101,市容环境,私搭乱建,A,40,working\n", "event class has no location accuracy"},
        {"event,0101,市容环境,私搭乱建,,-1,working\n", "limit_hours '-1'"},
        {"event,0101,市容环境,私搭乱建,,4,sometimes\n", "limit_clock 'sometimes'"},
        {"part,0101,市容环境,私搭乱建,,4,working\n", "kind 'part'"},
        {"event,0101,市容环境,私搭乱建,,4\n", "6 fields where the header has 7"},
    };
    for (const auto& c : cases) {
        std::string path = dir.file("cat.csv");
        test::write_file(path, header + "component,0102,公用设施,污水井盖,A,4,working\n" + c.row);
        try {
            Catalog::load(path);
            ADD_FAILURE() << c.row;
        } catch (const InputError& e) {
            std::string msg = e.what();
            EXPECT_NE(msg.find("cat.csv line 3"), std::string::npos) << msg;
            EXPECT_NE(msg.find(c.expected), std::string::npos) << msg;
        }
    }
    test::write_file(dir.file("dup.csv"),
                     header + "component,0102,a,b,A,4,working\ncomponent,0102,a,b,A,4,working\n");
    EXPECT_THROW(Catalog::load(dir.file("dup.csv")), InputError);
}

TEST(Catalog, SeventeenDigitCodesFindTheirClass) {
    test::TempDir dir;
    test::write_file(dir.file("cat.csv"), "kind,code,major_name,name,accuracy,limit_hours,limit_clock\n"
                                          "component,0101,公用设施,上水井盖,A,4,working\n"
                                          "component,01012,公用设施,消防栓(新),A,4,working\n"
                                          "component,0112,公用设施,雨水箅子,B,4,working\n");
    Catalog cat = Catalog::load(dir.file("cat.csv"));
    // GB/T 47678.5 code 44030501001000123: class 01001, minor 001 → 0101.
    ASSERT_NE(cat.find(ClassKind::component, "01001"), nullptr);
    EXPECT_EQ(cat.find(ClassKind::component, "01001")->code, "0101");
    // A 5-digit entry wins over the two-digit reading.
    EXPECT_EQ(cat.find(ClassKind::component, "01012")->code, "01012");
    EXPECT_EQ(cat.find(ClassKind::component, "01012")->name, "消防栓(新)");
    EXPECT_EQ(cat.find(ClassKind::component, "01012")->code, "01012");
    // Minor 112 has no two-digit reading.
    EXPECT_EQ(cat.find(ClassKind::component, "01112"), nullptr);
    EXPECT_EQ(cat.find(ClassKind::component, "0112")->code, "0112");
}
