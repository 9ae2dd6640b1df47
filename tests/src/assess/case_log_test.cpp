#include "geo/error.hpp"
#include "layers/dates.hpp"
#include "layers/importer.hpp"
#include "layers/store.hpp"
#include "src/assess/case_log.hpp"
#include "src/rules/calendar.hpp"
#include "src/rules/catalog.hpp"
#include "src/rules/rules.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

using namespace wangge;

namespace {

class CaseLogTest : public ::testing::Test {
protected:
    void SetUp() override {
        ws = layers::create_workspace(dir.file("ws.gpkg"), "EPSG:4547");
        test::write_file(dir.file("grids.csv"), "BGID,QYLB,WKT\n"
                                                "440303001001001,一类,\"POLYGON ((505000 2494000,505100 "
                                                "2494000,505100 2494100,505000 2494100,505000 2494000))\"\n"
                                                "440303001001002,二类,\"POLYGON ((505100 2494000,505200 "
                                                "2494000,505200 2494100,505100 2494100,505100 2494000))\"\n");
        import(layers::LayerKind::grids, "grids.csv");
    }
    void import(layers::LayerKind kind, const std::string& file) {
        layers::ImportOptions o;
        o.kind = kind;
        o.path = dir.file(file);
        o.srs = "EPSG:4547";
        layers::import_file(*ws, o);
    }
    assess::CaseLog load() { return assess::CaseLog::load(*ws, catalog, calendar, rules); }
    test::TempDir dir;
    std::unique_ptr<layers::Workspace> ws;
    rules::Rules rules = rules::Rules::load(test::data_dir() + "/rules.json");
    rules::Catalog catalog = rules::Catalog::load(test::data_dir() + "/catalog.csv");
    rules::WorkingCalendar calendar = rules::WorkingCalendar::load(test::data_dir() + "/calendar");
};

std::string local(long long t) {
    return layers::format_local(t);
}

} // namespace

TEST_F(CaseLogTest, LocatesCasesAndComputesMissingDeadlines) {
    test::write_file(
        dir.file("cases.csv"),
        "case_id,kind,class_code,grid_code,reported_at,filed_at,dispatched_at,deadline,x,y\n"
        // 0101 上水井盖: 4 working hours from dispatch, Friday 16:00 → Monday 11:00.
        "K1,component,0101,440303001001001,2026-10-16 15:00,2026-10-16 15:30,2026-10-16 "
        "16:00,,505050,2494050\n"
        // 0111 燃气井盖: 2 natural hours, through the night.
        "K2,component,0111,440303001001001,2026-10-16 23:00,2026-10-16 23:10,2026-10-16 "
        "23:30,,505050,2494050\n"
        // 0102 暴露垃圾 (event): 2 working hours from a Friday before the adjusted Saturday.
        "K3,event,0102,440303001001002,2026-10-09 17:00,2026-10-09 17:10,2026-10-09 17:30,,505150,2494050\n"
        // A given deadline is kept; a grid_code that disagrees with the location is counted.
        "K4,event,0102,440303001001002,2026-10-13 10:00,2026-10-13 10:10,,2026-10-30 00:00,505050,2494050\n"
        // Outside every grid.
        "K5,event,0102,,2026-10-13 10:00,,,,506000,2494050\n");
    import(layers::LayerKind::cases, "cases.csv");
    assess::CaseLog log = load();
    ASSERT_EQ(log.cases.size(), 5u);
    EXPECT_EQ(local(log.cases[0].deadline), "2026-10-19T11:00:00");
    EXPECT_EQ(local(log.cases[1].deadline), "2026-10-17T01:30:00");
    EXPECT_EQ(local(log.cases[2].deadline), "2026-10-10T10:30:00");
    EXPECT_EQ(local(log.cases[3].deadline), "2026-10-30T00:00:00");
    EXPECT_EQ(log.deadlines_computed, 3);
    EXPECT_EQ(log.cases[0].grid, 0);
    EXPECT_EQ(log.cases[2].grid, 1);
    EXPECT_EQ(log.cases[3].grid, 0);
    EXPECT_TRUE(log.cases[3].grid_mismatch);
    EXPECT_EQ(log.cases[4].grid, -1);
    EXPECT_EQ(log.unlocated, 1);
    EXPECT_EQ(log.grid_mismatch, 1);
    EXPECT_TRUE(log.grids[1].busy);
}

TEST_F(CaseLogTest, WorkspaceWithoutGridsIsRefused) {
    auto empty = layers::create_workspace(dir.file("empty.gpkg"), "EPSG:4547");
    EXPECT_THROW(assess::CaseLog::load(*empty, catalog, calendar, rules), InputError);
}
