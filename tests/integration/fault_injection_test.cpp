// A crash or an interrupt at any point of an import or a validate leaves the workspace whole,
// holding its old rows, and no temporary file survives the next command.

#include "tests/integration/city_fixture.hpp"
#include "tests/support/test_support.hpp"
#include "tests/support/workspace_probe.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>

using wangge::layers::LayerKind;
using wangge::test::run_wangge;
using wangge::test::sqlite;
using wangge::test::TempDir;
using wangge::test::WorkspaceProbe;

namespace fs = std::filesystem;

namespace {

class FaultInjection : public wangge::test::CityFixture {
protected:
    /// Runs wangge with WANGGE_FAULT set (see layers/fault_injection.hpp).
    static wangge::test::RunResult run_with_fault(const std::string& fault,
                                                  const std::vector<std::string>& args) {
        setenv("WANGGE_FAULT", fault.c_str(), 1);
        auto r = run_wangge(args);
        unsetenv("WANGGE_FAULT");
        return r;
    }

    /// Files in `dir` other than `keep`: journals, .part files.
    static std::vector<std::string> leftovers(const TempDir& dir, const std::vector<std::string>& keep) {
        std::vector<std::string> out;
        for (const auto& e : fs::directory_iterator(dir.path())) {
            std::string name = e.path().filename().string();
            if (std::find(keep.begin(), keep.end(), name) == keep.end()) out.push_back(name);
        }
        return out;
    }

    /// The file is sound (SQLite's own check) and the workspace holds what it held.
    static void expect_whole(const std::string& ws, long long components, long long grids) {
        EXPECT_EQ(sqlite(ws, "PRAGMA integrity_check"), "ok\n");
        EXPECT_EQ(WorkspaceProbe(ws).rows(LayerKind::components), components);
        EXPECT_EQ(WorkspaceProbe(ws).rows(LayerKind::grids), grids);
    }

    /// The stored coverage: its rows and the components they count.
    static std::pair<std::size_t, double> coverage(const std::string& ws) {
        WorkspaceProbe probe(ws);
        auto t = probe.table("grid_coverage");
        return {t ? t->rows.size() : 0, probe.table_sum("grid_coverage", "components").value_or(-1)};
    }
};

} // namespace

TEST_F(FaultInjection, AnImportKilledAtAnyPointLeavesTheOldRows) {
    for (const std::string fault : {"import.row:1:kill", "import.row:700:kill", "import.commit:1:kill",
                                    "import.row:300:term", "import.commit:1:term"}) {
        SCOPED_TRACE(fault);
        TempDir d;
        std::string ws = copy_workspace(d);
        const WorkspaceProbe probe(ws);
        const long long components = probe.rows(LayerKind::components), grids = probe.rows(LayerKind::grids);
        const auto submissions = probe.submissions().size();
        ASSERT_GT(components, 0);
        auto killed = run_with_fault(
            fault, {"import", "components", city_file_path("components.shp"), "--workspace", ws});
        EXPECT_NE(killed.status, 0);
        // The next command opens the workspace (SQLite rolls the hot journal back) and works.
        auto next = run_wangge({"validate", "--workspace", ws, "--as-of", "2026-11-27"});
        EXPECT_EQ(next.status, 0) << next.err;
        expect_whole(ws, components, grids);
        EXPECT_EQ(probe.submissions().size(), submissions);
        EXPECT_EQ(leftovers(d, {"ws.gpkg"}), std::vector<std::string>{});
    }
}

TEST_F(FaultInjection, AValidateKilledWhileWritingKeepsTheOldFilesAndTheWorkspace) {
    for (const std::string fault : {"write.row:5:kill", "output.rename:1:kill", "table.row:50:kill",
                                    "write.row:5:term", "table.row:50:term"}) {
        SCOPED_TRACE(fault);
        TempDir d;
        std::string ws = copy_workspace(d);
        const WorkspaceProbe probe(ws);
        const long long components = probe.rows(LayerKind::components), grids = probe.rows(LayerKind::grids);
        ASSERT_EQ(run_wangge({"validate", "--workspace", ws, "--as-of", "2026-11-27", "--findings",
                              d.file("f.gpkg"), "--json", d.file("c.json")})
                      .status,
                  0);
        const auto stored = coverage(ws);
        ASSERT_GT(stored.first, 0u);
        auto killed = run_with_fault(fault, {"validate", "--workspace", ws, "--as-of", "2026-11-26",
                                             "--findings", d.file("f.gpkg"), "--json", d.file("c.json")});
        EXPECT_NE(killed.status, 0);
        // The stored coverage is the old one, whole, and so is its map view.
        EXPECT_EQ(coverage(ws), stored);
        EXPECT_EQ(sqlite(ws, "SELECT count(*) FROM coverage_grid"), std::to_string(stored.first) + "\n");
        if (fault.find(":term") != std::string::npos) { // the handler removed its temporaries at once
            EXPECT_EQ(leftovers(d, {"ws.gpkg", "f.gpkg", "c.json", "ws.gpkg-journal"}),
                      std::vector<std::string>{});
        }
        // Each output is the old file or the new one, whole.
        EXPECT_NO_THROW(nlohmann::json::parse(wangge::test::read_file(d.file("c.json"))));
        EXPECT_EQ(sqlite(d.file("f.gpkg"), "PRAGMA integrity_check"), "ok\n");
        // The next run cleans up what a crash left, and writes the files afresh.
        auto next = run_wangge({"validate", "--workspace", ws, "--as-of", "2026-11-26", "--findings",
                                d.file("f.gpkg"), "--json", d.file("c.json")});
        EXPECT_EQ(next.status, 0) << next.err;
        expect_whole(ws, components, grids);
        EXPECT_EQ(coverage(ws), stored);
        EXPECT_EQ(leftovers(d, {"ws.gpkg", "f.gpkg", "c.json"}), std::vector<std::string>{});
    }
}

TEST_F(FaultInjection, AnAssessmentKilledWhileStoringKeepsNoneOfItsRows) {
    // The regions, the departments and the staff of a period are stored together: killed at the
    // first staff row, the workspace holds none of the period's rows, not the regions alone.
    TempDir d;
    std::string ws = copy_workspace(d);
    ASSERT_EQ(run_wangge({"assess", "--workspace", ws, "--period", "2026-10"}).status, 0);
    auto count = [&](const char* table) {
        return std::stoll(sqlite(ws, std::string("SELECT count(*) FROM ") + table));
    };
    const long long regions = count("assessment_results"), departments = count("department_results"),
                    staff = count("staff_results");
    ASSERT_GT(departments, 0);
    ASSERT_GT(staff, 0);
    auto periods = [&](const std::string& table) {
        return sqlite(ws, "SELECT group_concat(period) FROM (SELECT DISTINCT period FROM " + table +
                              " ORDER BY period)");
    };
    for (const std::string& fault :
         {std::to_string(regions + departments + 1), std::to_string(regions / 2)}) {
        SCOPED_TRACE(fault);
        auto killed = run_with_fault("table.row:" + fault + ":kill",
                                     {"assess", "--workspace", ws, "--period", "2026-09"});
        EXPECT_NE(killed.status, 0);
        EXPECT_EQ(sqlite(ws, "PRAGMA integrity_check"), "ok\n");
        for (const char* table : {"assessment_results", "department_results", "staff_results"})
            EXPECT_EQ(periods(table), "2026-10\n") << table;
        EXPECT_EQ(count("assessment_results"), regions);
        EXPECT_EQ(count("department_results"), departments);
        EXPECT_EQ(count("staff_results"), staff);
    }
    // And stored whole when not killed.
    ASSERT_EQ(run_wangge({"assess", "--workspace", ws, "--period", "2026-09"}).status, 0);
    for (const char* table : {"assessment_results", "department_results", "staff_results"})
        EXPECT_EQ(periods(table), "2026-09,2026-10\n") << table;
}
