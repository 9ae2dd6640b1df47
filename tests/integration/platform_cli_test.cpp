// `wangge platform`: a city's and a district's scorecard from a checklist and the workspace.

#include "tests/integration/city_fixture.hpp"
#include "tests/support/test_support.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

using nlohmann::json;
using wangge::test::run_wangge;
using wangge::test::TempDir;
using wangge::test::write_file;

namespace {

class PlatformCli : public wangge::test::CityFixture {
protected:
    /// A copy of the city with its roster, validated (the census report stored).
    std::string ready(const TempDir& d) {
        std::string ws = copy_workspace(d);
        EXPECT_EQ(run_wangge({"import", "roster", city_file_path("roster.csv"), "--workspace", ws}).status,
                  0);
        EXPECT_EQ(run_wangge({"validate", "--workspace", ws, "--as-of", "2026-11-27"}).status, 0);
        return ws;
    }

    static const json& item(const json& card, const std::string& id) {
        for (const auto& i : card["items"])
            if (i["id"] == id) return i;
        throw std::runtime_error("no item " + id);
    }
};

} // namespace

TEST_F(PlatformCli, ScoresTheCityFromItsChecklistAndItsData) {
    TempDir d;
    std::string ws = ready(d);
    write_file(d.file("city.txt"),
               "# 深圳市平台 2026年10月\nplatform = 440300\nperiod = 2026-10\n"
               "organisation = 5\ntraining = 4\nsubsystem.geocoding = 1\nmeetings = 5.5\n");
    auto r = run_wangge({"platform", "--workspace", ws, "--period", "2026-10", "--checklist",
                         d.file("city.txt"), "--json", d.file("city.json"), "--xlsx", d.file("city.xlsx")});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("platform 440300"), std::string::npos) << r.out;
    json card = json::parse(wangge::test::read_file(d.file("city.json")));
    EXPECT_EQ(card["level"], "city");
    EXPECT_EQ(card["max_points"], 100);
    ASSERT_EQ(card["items"].size(), 26u); // data/platform_items.txt
    double sum = 0;
    for (const auto& i : card["items"]) {
        sum += i["points"].get<double>();
        EXPECT_LE(i["points"].get<double>(), i["max_points"].get<double>()) << i["id"];
        EXPECT_GE(i["points"].get<double>(), 0) << i["id"];
    }
    EXPECT_NEAR(card["total"].get<double>(), sum, 1e-9);
    EXPECT_NEAR(card["score"].get<double>(), sum, 1e-9); // of 100
    EXPECT_EQ(item(card, "meetings")["points"], 5.5);
    EXPECT_EQ(item(card, "integration")["note"], "清单未填报");
    // The generated roster: two of its six operators on the night shift; a collector per 15 grids.
    EXPECT_EQ(item(card, "operator_duty")["figures"]["night_shift_operators"], 2);
    EXPECT_LE(item(card, "collectors_per_grid")["figures"]["grids_per_collector"].get<double>(), 15);
    EXPECT_EQ(item(card, "collectors_per_grid")["points"], 5);
    EXPECT_GT(item(card, "operation_accuracy")["figures"]["operations"].get<double>(), 100);
    // Imported today, so within a year of the period's end; and validated.
    EXPECT_EQ(item(card, "census_updated")["points"], 5);
    EXPECT_GT(item(card, "census_done")["figures"]["completeness_score"].get<double>(), 0);
    // The workbook: the items with their points, through GDAL's XLSX driver.
    GDALAllRegister();
    GDALDatasetUniquePtr book(GDALDataset::Open(d.file("city.xlsx").c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(book);
    OGRLayer* sheet = book->GetLayerByName("平台考核");
    ASSERT_NE(sheet, nullptr);
    std::string all;
    for (auto& f : *sheet)
        for (int i = 0; i < f->GetFieldCount(); ++i) all += std::string(f->GetFieldAsString(i)) + "|";
    for (const char* text :
         {"7×24值班受理", "operator_duty", "数据计算", "清单填报", "运行管理 小计", "夜班操作员 2"})
        EXPECT_NE(all.find(text), std::string::npos) << text;
}

TEST_F(PlatformCli, ADistrictsCensusThirteenMonthsOldFailsItsUpdateItem) {
    TempDir d;
    std::string ws = ready(d);
    write_file(d.file("d.txt"), "platform = 440303\n");
    // The census was submitted today; December 2027 ends 13 months later.
    auto r = run_wangge({"platform", "--workspace", ws, "--period", "2027-12", "--checklist", d.file("d.txt"),
                         "--json", d.file("d.json")});
    ASSERT_EQ(r.status, 0) << r.err;
    json card = json::parse(wangge::test::read_file(d.file("d.json")));
    EXPECT_EQ(card["level"], "district");
    EXPECT_EQ(item(card, "census_updated")["points"], 0);
    EXPECT_EQ(item(card, "census_updated")["figures"]["districts_updated"], 0);
    EXPECT_GT(item(card, "census_updated")["figures"]["oldest_census_days"].get<double>(), 365);
}

TEST_F(PlatformCli, AMalformedChecklistIsRefusedNamingFileAndLine) {
    TempDir d;
    std::string ws = copy_workspace(d);
    struct Case {
        std::string text, expected;
    };
    for (const Case& c :
         std::vector<Case>{{"platform = 440303\nmeetingz = 1\n", "bad.txt:2: unknown item 'meetingz'"},
                           {"platform = 440303\ntraining = 9\n", "over the item's maximum of 4"},
                           {"training = 1\n", "no `platform = CODE` line"},
                           {"platform = 440399\n", "platform 440399 is neither the city"},
                           {"platform = 440303\nperiod = 2026-09\n", "for period 2026-09, not 2026-10"}}) {
        write_file(d.file("bad.txt"), c.text);
        auto r = run_wangge({"platform", "--workspace", ws, "--period", "2026-10", "--checklist",
                             d.file("bad.txt"), "--json", d.file("out.json")});
        EXPECT_EQ(r.status, 2) << c.text;
        EXPECT_NE(r.err.find(c.expected), std::string::npos) << r.err;
        EXPECT_FALSE(std::filesystem::exists(d.file("out.json")));
    }
    auto missing =
        run_wangge({"platform", "--workspace", ws, "--period", "2026-10", "--checklist", d.file("none.txt")});
    EXPECT_EQ(missing.status, 2);
    EXPECT_NE(missing.err.find("none.txt"), std::string::npos) << missing.err;
}
