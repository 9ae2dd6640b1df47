// `wangge assess` as managers' monthly bulletins are made.

#include "tests/support/test_support.hpp"
#include "tests/support/workspace_probe.hpp"

#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

using wangge::test::run_wangge;
using wangge::test::TempDir;

namespace {

class AssessCli : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir = new TempDir;
        auto g = run_wangge({"generate", "--out", dir->file("city"), "--grids", "300", "--components", "100",
                             "--cases", "6000", "--seed", "9", "--as-of", "2026-11-27"});
        ASSERT_EQ(g.status, 0) << g.err;
        ASSERT_EQ(run_wangge({"init", "--workspace", ws()}).status, 0);
        for (const char* layer : {"districts", "grids"})
            ASSERT_EQ(run_wangge({"import", layer, dir->file("city/" + std::string(layer) + ".shp"),
                                  "--workspace", ws()})
                          .status,
                      0);
        ASSERT_EQ(run_wangge({"import", "cases", dir->file("city/cases.csv"), "--workspace", ws(), "--srs",
                              "EPSG:4490"})
                      .status,
                  0);
        ASSERT_EQ(run_wangge({"import", "roster", dir->file("city/roster.csv"), "--workspace", ws()}).status,
                  0);
    }
    static void TearDownTestSuite() { delete dir; }
    static std::string ws() { return dir->file("ws.gpkg"); }
    static inline TempDir* dir = nullptr;
};

/// One file of a zip (an .xlsx part), through GDAL's /vsizip/.
std::string zip_entry(const std::string& zip, const std::string& entry) {
    VSILFILE* f = VSIFOpenL(("/vsizip/" + zip + "/" + entry).c_str(), "rb");
    if (!f) return {};
    std::string out;
    char buf[65536];
    for (std::size_t n; (n = VSIFReadL(buf, 1, sizeof buf, f)) > 0;) out.append(buf, n);
    VSIFCloseL(f);
    return out;
}

/// How many cells of row `r` (1-based) of a sheet have a style with a thin border all round, and
/// how many cells the row has.
std::pair<int, int> ruled_cells(const std::string& xlsx, int sheet, int r) {
    const std::string styles = zip_entry(xlsx, "xl/styles.xml");
    std::vector<bool> thin;
    {
        // <border> elements carry their sides as children: look at each whole element.
        std::size_t at = styles.find("<borders"), end = styles.find("</borders>");
        while ((at = styles.find("<border>", at + 1)) != std::string::npos && at < end) {
            const std::string b = styles.substr(at, styles.find("</border>", at) - at);
            thin.push_back(b.find("<left style=\"thin\"") != std::string::npos &&
                           b.find("<bottom style=\"thin\"") != std::string::npos);
        }
    }
    std::vector<bool> ruled_style; // by cell format (<xf> of <cellXfs>), whether its border is thin
    const std::size_t xfs_end = styles.find("</cellXfs>");
    for (std::size_t at = styles.find("<xf ", styles.find("<cellXfs")); at < xfs_end;
         at = styles.find("<xf ", at + 1)) {
        const std::string xf = styles.substr(at, styles.find('>', at) - at);
        const auto id = xf.find("borderId=\"");
        const std::size_t border = id == std::string::npos ? 0 : std::stoul(xf.substr(id + 10));
        ruled_style.push_back(border < thin.size() && thin[border]);
    }
    const std::string xml = zip_entry(xlsx, "xl/worksheets/sheet" + std::to_string(sheet) + ".xml");
    const std::string row_tag = "<row r=\"" + std::to_string(r) + "\"";
    const std::size_t from = xml.find(row_tag);
    if (from == std::string::npos) return {0, 0};
    const std::string row = xml.substr(from, xml.find("</row>", from) - from);
    int ruled = 0, cells = 0;
    for (std::size_t at = row.find("<c "); at != std::string::npos; at = row.find("<c ", at + 1)) {
        ++cells;
        const std::string c = row.substr(at, row.find('>', at) - at);
        const auto s = c.find(" s=\"");
        const std::size_t style = s == std::string::npos ? 0 : std::stoul(c.substr(s + 4));
        ruled += style < ruled_style.size() && ruled_style[style];
    }
    return {ruled, cells};
}

} // namespace

TEST_F(AssessCli, JsonCsvAndWorkbook) {
    TempDir out;
    auto r = run_wangge({"assess", "--workspace", ws(), "--period", "2026-10", "--json", out.file("a.json"),
                         "--csv", out.file("a.csv"), "--xlsx", out.file("a.xlsx")});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("罗湖区"), std::string::npos) << r.out;
    auto j = nlohmann::json::parse(wangge::test::read_file(out.file("a.json")));
    EXPECT_EQ(j["period"]["start"], "2026-10-01T00:00:00+08:00");
    EXPECT_EQ(j["period"]["end"], "2026-11-01T00:00:00+08:00");
    ASSERT_FALSE(j["regions"].empty());
    const auto& d = j["regions"][0];
    EXPECT_EQ(d["level"], "district");
    for (const char* k :
         {"reports", "collector_reports", "public_verified", "filed", "closed", "closed_on_time",
          "overdue_open", "due", "reworked", "rated", "satisfied", "basic", "unsatisfied"})
        EXPECT_TRUE(d["counts"].contains(k)) << k;
    EXPECT_EQ(d["counts"]["due"],
              d["counts"]["closed"].get<long>() + d["counts"]["overdue_open"].get<long>());
    double closure = d["rates"]["closure_rate"];
    EXPECT_GT(closure, 0.5);
    EXPECT_LE(closure, 1.0);
    EXPECT_TRUE(d["scores"].contains("composite"));
    EXPECT_EQ(d["colour"].get<std::string>().size(), 7u);
    EXPECT_TRUE(j.contains("unlocated_cases"));
    EXPECT_FALSE(j["departments"].empty());
    EXPECT_FALSE(j["staff"].empty());
    long levels[4] = {0, 0, 0, 0};
    for (const auto& region : j["regions"]) {
        // design.md's contract, every count and rate, for every region.
        for (const char* k :
             {"reports", "collector_reports", "public_verified", "filed", "closed", "closed_on_time",
              "overdue_open", "carried_over", "due", "valid_reports", "no_deadline", "suspended",
              "supervised", "supervised_closed", "reworked", "rated", "satisfied", "basic", "unsatisfied"})
            ASSERT_TRUE(region["counts"].contains(k)) << region["code"] << " " << k;
        for (const char* k : {"closure_rate", "on_time_rate", "public_report_rate", "rework_rate",
                              "satisfaction_rate", "valid_report_rate"})
            ASSERT_TRUE(region["rates"].contains(k)) << region["code"] << " " << k;
        EXPECT_EQ(region["counts"]["due"],
                  region["counts"]["closed"].get<long>() + region["counts"]["overdue_open"].get<long>());
        EXPECT_LE(region["counts"]["carried_over"].get<long>(), region["counts"]["overdue_open"].get<long>());
        std::string l = region["level"];
        levels[l == "district" ? 0 : l == "street" ? 1 : l == "community" ? 2 : 3]++;
    }
    EXPECT_EQ(levels[0], 3);
    EXPECT_EQ(levels[3], 300);

    std::string csv = wangge::test::read_file(out.file("a.csv"));
    EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
    EXPECT_NE(csv.find("\r\n"), std::string::npos);
    EXPECT_EQ(csv.rfind("\xEF\xBB\xBF层级 level,考核周期 period,排名 rank,区域代码 code,", 0), 0u);
    EXPECT_NE(csv.find(",\"440303\","), std::string::npos);

    char** sheets = VSIReadDir(("/vsizip/" + out.file("a.xlsx") + "/xl/worksheets").c_str());
    ASSERT_NE(sheets, nullptr);
    EXPECT_EQ(CSLCount(sheets), 7);
    CSLDestroy(sheets);
    const std::string xml = zip_entry(out.file("a.xlsx"), "xl/workbook.xml");
    EXPECT_NE(xml.find("name=\"通报\""), std::string::npos);
    EXPECT_NE(xml.find("name=\"区\""), std::string::npos);
    EXPECT_NE(xml.find("部门评价"), std::string::npos);
    // Grade cells are filled with their grade's colour: the districts' grades are in the styles.
    const std::string styles = zip_entry(out.file("a.xlsx"), "xl/styles.xml");
    std::string colour = j["regions"][0]["colour"].get<std::string>().substr(1);
    for (char& ch : colour) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    EXPECT_NE(styles.find("FF" + colour), std::string::npos) << colour;
}

namespace {

/// Every row of a sheet as text, through GDAL's XLSX driver, the first row included.
std::vector<std::vector<std::string>> sheet_rows(const std::string& path, const std::string& sheet) {
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
    std::vector<std::vector<std::string>> out;
    if (!ds) return out;
    OGRLayer* layer = ds->GetLayerByName(sheet.c_str());
    if (!layer) return out;
    // The first row: the header GDAL found, or the first feature when it found none (Field1 …).
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    if (defn->GetFieldCount() > 0 && std::string(defn->GetFieldDefn(0)->GetNameRef()) != "Field1") {
        std::vector<std::string> header;
        for (int i = 0; i < defn->GetFieldCount(); ++i)
            header.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
        out.push_back(std::move(header));
    }
    for (auto& f : *layer) {
        std::vector<std::string> row;
        for (int i = 0; i < f->GetFieldCount(); ++i)
            row.emplace_back(f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "");
        out.push_back(std::move(row));
    }
    return out;
}

bool has_latin(const std::string& s) {
    return std::any_of(s.begin(), s.end(),
                       [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
}

} // namespace

TEST_F(AssessCli, BulletinReadsAsTheDocumentACitySends) {
    TempDir out;
    // A copy of the workspace with the components (whose census names the departments) and the
    // previous month stored.
    std::filesystem::copy_file(ws(), out.file("ws.gpkg"));
    const std::string w = out.file("ws.gpkg");
    ASSERT_EQ(run_wangge({"import", "components", dir->file("city/components.shp"), "--workspace", w}).status,
              0);
    ASSERT_EQ(run_wangge({"assess", "--workspace", w, "--period", "2026-09"}).status, 0);
    auto r = run_wangge({"assess", "--workspace", w, "--period", "2026-10", "--xlsx", out.file("b.xlsx"),
                         "--issuer", "罗湖区城市管理监督指挥中心", "--issued", "2026-11-05"});
    ASSERT_EQ(r.status, 0) << r.err;
    GDALAllRegister();

    // The first sheet: title, issuer, date and period, the method, the districts against last month.
    auto front = sheet_rows(out.file("b.xlsx"), "通报");
    ASSERT_GE(front.size(), 8u);
    EXPECT_EQ(front[0][0], "2026年10月数字城管区域考核通报");
    EXPECT_NE(front[1][0].find("罗湖区城市管理监督指挥中心"), std::string::npos) << front[1][0];
    EXPECT_NE(front[1][0].find("2026-11-05"), std::string::npos);
    EXPECT_NE(front[1][0].find("2026-10-01 至 2026-10-31"), std::string::npos) << front[1][0];
    EXPECT_NE(front[2][0].find("优（A） ≥ 90"), std::string::npos) << front[2][0];
    EXPECT_NE(front[2][0].find("结案率分值 × "), std::string::npos);
    std::size_t head = 0;
    while (head < front.size() && front[head][0] != "排名") ++head;
    ASSERT_LT(head + 3, front.size());
    EXPECT_EQ(front[head][8], "上期（2026-09）排名");
    for (std::size_t i = head + 1; i <= head + 3; ++i) {
        EXPECT_FALSE(front[i][8].empty()) << "no previous rank for " << front[i][2];
        const std::string& change = front[i][9];
        EXPECT_TRUE(change == "—" || change.rfind("↑", 0) == 0 || change.rfind("↓", 0) == 0) << change;
        EXPECT_NE(front[i][7].find("（"), std::string::npos) << front[i][7]; // 良（B）
    }

    // Level sheets: Chinese headers only, shared ranks, the parents' codes and names.
    for (const char* sheet : {"区", "街道", "社区", "单元网格"}) {
        auto rows = sheet_rows(out.file("b.xlsx"), sheet);
        ASSERT_GT(rows.size(), 1u) << sheet;
        for (const std::string& h : rows[0]) EXPECT_FALSE(has_latin(h)) << sheet << ": " << h;
        std::size_t composite = std::find(rows[0].begin(), rows[0].end(), "综合指标值") - rows[0].begin();
        ASSERT_LT(composite, rows[0].size()) << sheet;
        std::vector<double> scores;
        for (std::size_t i = 1; i < rows.size(); ++i) scores.push_back(std::stod(rows[i][composite]));
        int ties = 0;
        for (std::size_t i = 1; i < rows.size(); ++i) {
            int better = 0;
            for (double s : scores) better += std::llround(s * 100) > std::llround(scores[i - 1] * 100);
            EXPECT_EQ(std::stoi(rows[i][0]), better + 1) << sheet << " row " << i;
            ties += i > 1 && rows[i][0] == rows[i - 1][0];
        }
        if (std::string(sheet) == "单元网格") {
            EXPECT_GT(ties, 0) << "300 grids, yet no tie";
        }
    }
    auto streets = sheet_rows(out.file("b.xlsx"), "街道");
    ASSERT_EQ(streets[0][3], "所属区代码");
    ASSERT_EQ(streets[0][4], "所属区");
    EXPECT_EQ(streets[1][3], streets[1][1].substr(0, 6));
    EXPECT_TRUE(streets[1][4] == "罗湖区" || streets[1][4] == "福田区" || streets[1][4] == "南山区")
        << streets[1][4];

    // Departments by name, staff by their Chinese role.
    auto depts = sheet_rows(out.file("b.xlsx"), "部门评价");
    ASSERT_GT(depts.size(), 1u);
    int named = 0;
    for (std::size_t i = 1; i < depts.size(); ++i) named += !depts[i][2].empty();
    EXPECT_GT(named, 0);
    auto staff = sheet_rows(out.file("b.xlsx"), "岗位考核");
    ASSERT_GT(staff.size(), 1u);
    EXPECT_EQ(staff[1][3], "信息采集员");
    EXPECT_EQ(staff[1][0], "1");

    // Rates as percentages: the cells hold fractions shown with a percent format.
    const std::string styles = zip_entry(out.file("b.xlsx"), "xl/styles.xml");
    EXPECT_NE(styles.find("formatCode=\"0.0%\""), std::string::npos);
    // The district sheet prints one page wide: a fit-to-width page setup and a print area.
    const std::string book = zip_entry(out.file("b.xlsx"), "xl/workbook.xml");
    EXPECT_NE(book.find("_xlnm.Print_Area"), std::string::npos);
    // The tables are ruled, empty cells too, as a printed bulletin's are: the first district of the
    // front sheet (its previous-period cells included), and a street.
    EXPECT_EQ(ruled_cells(out.file("b.xlsx"), 1, static_cast<int>(head) + 2), std::make_pair(12, 12));
    const auto [ruled, cells] = ruled_cells(out.file("b.xlsx"), 3, 2);
    EXPECT_GT(cells, 10);
    EXPECT_EQ(ruled, cells);
}

TEST_F(AssessCli, TheBulletinComparesWithThePreviousPeriodOfTheSameKind) {
    TempDir out;
    std::filesystem::copy_file(ws(), out.file("ws.gpkg"));
    const std::string w = out.file("ws.gpkg");
    auto previous_header = [&](const std::string& period) {
        auto r = run_wangge({"assess", "--workspace", w, "--period", period, "--xlsx", out.file("b.xlsx")});
        EXPECT_EQ(r.status, 0) << r.err;
        GDALAllRegister();
        auto front = sheet_rows(out.file("b.xlsx"), "通报");
        std::size_t head = 0;
        while (head < front.size() && front[head][0] != "排名") ++head;
        return head < front.size() && front[head].size() > 8 ? front[head][8] : std::string("(no table)");
    };
    // A half year and a month are stored, but no quarter: a quarter's bulletin has no previous one
    // (by text, "2026-H1" sorts below "2026-Q4" and was taken for it).
    for (const char* p : {"2026-H1", "2026-09"})
        ASSERT_EQ(run_wangge({"assess", "--workspace", w, "--period", p}).status, 0) << p;
    EXPECT_EQ(previous_header("2026-Q4"), "上期排名");
    ASSERT_EQ(run_wangge({"assess", "--workspace", w, "--period", "2026-Q2"}).status, 0);
    ASSERT_EQ(run_wangge({"assess", "--workspace", w, "--period", "2026-Q3"}).status, 0);
    EXPECT_EQ(previous_header("2026-Q4"), "上期（2026-Q3）排名");
    // A month's bulletin takes the month before, not the quarter stored after it.
    EXPECT_EQ(previous_header("2026-10"), "上期（2026-09）排名");
}

TEST_F(AssessCli, CitiesOverrideRulesAndCalendar) {
    TempDir out;
    std::string rules = wangge::test::read_file(WANGGE_SOURCE_DATA_DIR "/rules.json");
    // A city that weighs on-time closure less: 10/20/40/30.
    auto swap = [&](const std::string& from, const std::string& to) {
        rules.replace(rules.find(from), from.size(), to);
    };
    swap("\"closure_score\": 30", "\"closure_score\": 40");
    swap("\"on_time_score\": 40", "\"on_time_score\": 30");
    wangge::test::write_file(out.file("rules.json"), rules);
    ASSERT_EQ(run_wangge({"assess", "--workspace", ws(), "--period", "2026-10", "--level", "district",
                          "--rules", out.file("rules.json"), "--json", out.file("a.json")})
                  .status,
              0);
    auto j = nlohmann::json::parse(wangge::test::read_file(out.file("a.json")));
    const auto& s = j["regions"][0]["scores"];
    double expected = 0.1 * s["public_report_score"].get<double>() + 0.2 * s["filed_score"].get<double>() +
                      0.4 * s["closure_score"].get<double>() + 0.3 * s["on_time_score"].get<double>();
    EXPECT_NEAR(s["composite"].get<double>(), expected, 0.011);

    swap("\"closure_score\": 40", "\"closure_score\": 45");
    wangge::test::write_file(out.file("bad.json"), rules);
    auto bad =
        run_wangge({"assess", "--workspace", ws(), "--period", "2026-10", "--rules", out.file("bad.json")});
    EXPECT_EQ(bad.status, 2);
    EXPECT_NE(bad.err.find("bad.json line 2"), std::string::npos) << bad.err;
    EXPECT_NE(bad.err.find("105 %"), std::string::npos) << bad.err;

    wangge::test::write_file(out.file("2026.csv"), "date,type,name\n2026-10-09,workday,调休\n");
    auto cal = run_wangge(
        {"assess", "--workspace", ws(), "--period", "2026-10", "--calendar", out.file("2026.csv")});
    EXPECT_EQ(cal.status, 2);
    EXPECT_NE(cal.err.find("2026.csv line 2"), std::string::npos) << cal.err;
}

TEST_F(AssessCli, EveryResultIsStoredAsRowsPerPeriod) {
    TempDir out;
    ASSERT_EQ(run_wangge({"assess", "--workspace", ws(), "--period", "2026-08"}).status, 0);
    ASSERT_EQ(run_wangge({"assess", "--workspace", ws(), "--period", "2026-09", "--level", "district",
                          "--json", out.file("a.json")})
                  .status,
              0);
    const wangge::test::WorkspaceProbe probe(ws());
    // Every level, whatever --level printed; no document beside the rows.
    auto regions = probe.table("assessment_results", wangge::layers::RowFilter{"period", "2026-09"});
    ASSERT_TRUE(regions);
    EXPECT_EQ(regions->rows.size(), 312u); // 3 + 3 + 6 + 300
    EXPECT_FALSE(probe.document("assessment:2026-09"));
    auto j = nlohmann::json::parse(wangge::test::read_file(out.file("a.json")));
    // Departments and staff as rows of their own, the same figures as the JSON.
    auto column = [](const wangge::layers::ResultTable& t, const std::string& name) {
        for (std::size_t c = 0; c < t.columns.size(); ++c)
            if (t.columns[c].name == name) return c;
        throw std::runtime_error("no column " + name);
    };
    auto depts = probe.table("department_results", wangge::layers::RowFilter{"period", "2026-09"});
    ASSERT_TRUE(depts);
    ASSERT_EQ(depts->rows.size(), j["departments"].size());
    ASSERT_GT(depts->rows.size(), 0u);
    const auto& d0 = j["departments"][0];
    EXPECT_EQ(depts->rows[0][column(*depts, "dept_code")], d0["dept_code"].get<std::string>());
    EXPECT_EQ(std::stol(depts->rows[0][column(*depts, "filed")]), d0["counts"]["filed"].get<long>());
    EXPECT_NEAR(std::stod(depts->rows[0][column(*depts, "composite")]),
                d0["scores"]["composite"].get<double>(), 0.005);
    auto staff = probe.table("staff_results", wangge::layers::RowFilter{"period", "2026-09"});
    ASSERT_TRUE(staff);
    ASSERT_EQ(staff->rows.size(), j["staff"].size());
    for (std::size_t i = 0; i < staff->rows.size(); ++i) {
        const auto& p = j["staff"][i];
        const auto& row = staff->rows[i];
        EXPECT_EQ(row[column(*staff, "person_id")], p["person_id"].get<std::string>());
        EXPECT_EQ(row[column(*staff, "role")], p["role"].get<std::string>());
        // A figure of another role is null, not 0.
        if (p["role"] == "collector") {
            EXPECT_EQ(std::stol(row[column(*staff, "reports")]), p["reports"].get<long>());
            EXPECT_EQ(row[column(*staff, "operations")], "");
        } else if (p["role"] == "operator") {
            EXPECT_EQ(std::stol(row[column(*staff, "operations")]), p["operations"].get<long>());
            EXPECT_EQ(row[column(*staff, "reports")], "");
        }
    }
    // Each period keeps its own rows: assessing 2026-09 left 2026-08's.
    auto august = probe.table("staff_results", wangge::layers::RowFilter{"period", "2026-08"});
    ASSERT_TRUE(august);
    EXPECT_GT(august->rows.size(), 0u);
}

TEST_F(AssessCli, OneLevelAndQuarter) {
    TempDir out;
    ASSERT_EQ(run_wangge({"assess", "--workspace", ws(), "--period", "2026-Q3", "--level", "street", "--json",
                          out.file("q.json")})
                  .status,
              0);
    auto j = nlohmann::json::parse(wangge::test::read_file(out.file("q.json")));
    for (const auto& r : j["regions"]) EXPECT_EQ(r["level"], "street");
}

TEST_F(AssessCli, BadInputExitsTwo) {
    auto syntax = run_wangge({"assess", "--workspace", ws(), "--period", "Oct-2026"});
    EXPECT_EQ(syntax.status, 2);
    EXPECT_NE(syntax.err.find("2026-Q4"), std::string::npos) << syntax.err;
    auto empty = run_wangge({"assess", "--workspace", ws(), "--period", "2020-01"});
    EXPECT_EQ(empty.status, 2);
    EXPECT_NE(empty.err.find("2020-01"), std::string::npos) << empty.err;
    TempDir other;
    ASSERT_EQ(run_wangge({"init", "--workspace", other.file("w.gpkg"), "--crs", "EPSG:4547"}).status, 0);
    auto no_grids = run_wangge({"assess", "--workspace", other.file("w.gpkg"), "--period", "2026-10"});
    EXPECT_EQ(no_grids.status, 2);
    EXPECT_NE(no_grids.err.find("no grids"), std::string::npos) << no_grids.err;
    EXPECT_EQ(run_wangge({"assess", "--workspace", ws(), "--period", "2026-10", "--level", "county"}).status,
              2);
}

TEST_F(AssessCli, ResultsAreStoredAsRowsAndShownToQgisAsGradeLayers) {
    TempDir out;
    std::string ws = out.file("ws.gpkg");
    std::filesystem::copy_file(AssessCli::ws(), ws);
    ASSERT_EQ(run_wangge({"assess", "--workspace", ws, "--period", "2026-09"}).status, 0);
    ASSERT_EQ(
        run_wangge({"assess", "--workspace", ws, "--period", "2026-10", "--json", out.file("a.json")}).status,
        0);
    // One row per (period, level, code); a period assessed again replaces its rows.
    // (Other tests of the suite may have stored other periods in the shared workspace first.)
    const wangge::test::WorkspaceProbe probe(ws);
    auto rows_of = [&](const std::string& period) {
        auto t = probe.table("assessment_results", wangge::layers::RowFilter{"period", period});
        if (!t) throw std::runtime_error("no assessment_results");
        return *t;
    };
    auto column = [](const wangge::layers::ResultTable& t, const std::string& name) {
        for (std::size_t c = 0; c < t.columns.size(); ++c)
            if (t.columns[c].name == name) return c;
        throw std::runtime_error("no column " + name);
    };
    auto grid_rows = [&](const std::string& period) {
        auto t = rows_of(period);
        std::size_t level = column(t, "level");
        return std::count_if(t.rows.begin(), t.rows.end(), [&](const auto& r) { return r[level] == "grid"; });
    };
    EXPECT_EQ(grid_rows("2026-09"), 300);
    EXPECT_EQ(grid_rows("2026-10"), 300);
    ASSERT_EQ(run_wangge({"assess", "--workspace", ws, "--period", "2026-10"}).status, 0);
    EXPECT_EQ(rows_of("2026-09").rows.size() + rows_of("2026-10").rows.size(), 624u); // 2 × (3 + 3 + 6 + 300)
    // The rows hold what the JSON holds.
    auto j = nlohmann::json::parse(wangge::test::read_file(out.file("a.json")));
    const auto& d = j["regions"][0];
    {
        auto t = rows_of("2026-10");
        auto row = std::find_if(t.rows.begin(), t.rows.end(), [&](const auto& r) {
            return r[column(t, "level")] == "district" &&
                   r[column(t, "code")] == d["code"].get<std::string>();
        });
        ASSERT_NE(row, t.rows.end());
        EXPECT_EQ(std::stol((*row)[column(t, "due")]), d["counts"]["due"].get<long>());
        EXPECT_NEAR(std::stod((*row)[column(t, "closure_rate")]), d["rates"]["closure_rate"].get<double>(),
                    1e-9);
        EXPECT_NEAR(std::stod((*row)[column(t, "composite")]), d["scores"]["composite"].get<double>(), 1e-9);
        EXPECT_EQ((*row)[column(t, "grade")], d["grade"].get<std::string>());
        EXPECT_EQ((*row)[column(t, "colour")], d["colour"].get<std::string>());
    }
    // The GeoPackage as QGIS reads it:
    using wangge::test::sqlite;
    // A layer per level, of the period last assessed, on the region geometries, styled by colour.
    EXPECT_EQ(sqlite(ws, "SELECT count(*), min(period), count(geom) FROM grades_grid"), "300|2026-10|300\n");
    EXPECT_EQ(sqlite(ws,
                     "SELECT count(*) FROM gpkg_contents WHERE table_name LIKE 'grades_%' AND data_type = "
                     "'features'"),
              "4\n");
    EXPECT_EQ(sqlite(ws,
                     "SELECT count(*) FROM layer_styles WHERE f_table_name LIKE 'grades_%' AND useAsDefault "
                     "AND styleQML LIKE '%name=\"field\" value=\"colour\"%'"),
              "4\n");
    const std::string script = "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py";
    auto v = wangge::test::run_shell("/usr/bin/python3 " + script + " " + ws);
    EXPECT_EQ(v.status, 0) << v.out;
}
