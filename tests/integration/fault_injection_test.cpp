// A crash or an interrupt at any point of an import or a validate leaves the workspace whole,
// holding its old rows, and no temporary file survives the next command.

#include "tests/integration/city_fixture.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>

using wangge::test::run_wangge;
using wangge::test::sqlite;
using wangge::test::TempDir;

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

    static void expect_whole(const std::string& ws, const std::string& components, const std::string& grids) {
        EXPECT_EQ(sqlite(ws, "PRAGMA integrity_check"), "ok\n");
        EXPECT_EQ(sqlite(ws, "SELECT count(*) FROM components"), components);
        EXPECT_EQ(sqlite(ws, "SELECT count(*) FROM grids"), grids);
    }
};

} // namespace

TEST_F(FaultInjection, AnImportKilledAtAnyPointLeavesTheOldRows) {
    for (const std::string fault : {"import.row:1:kill", "import.row:700:kill", "import.commit:1:kill",
                                    "import.row:300:term", "import.commit:1:term"}) {
        SCOPED_TRACE(fault);
        TempDir d;
        std::string ws = copy_workspace(d);
        const std::string components = sqlite(ws, "SELECT count(*) FROM components");
        const std::string grids = sqlite(ws, "SELECT count(*) FROM grids");
        const std::string submissions = sqlite(ws, "SELECT count(*) FROM submissions");
        auto killed = run_with_fault(
            fault, {"import", "components", city_file_path("components.shp"), "--workspace", ws});
        EXPECT_NE(killed.status, 0);
        // The next command opens the workspace (SQLite rolls the hot journal back) and works.
        auto next = run_wangge({"validate", "--workspace", ws, "--as-of", "2026-11-27"});
        EXPECT_EQ(next.status, 0) << next.err;
        expect_whole(ws, components, grids);
        EXPECT_EQ(sqlite(ws, "SELECT count(*) FROM submissions"), submissions);
        EXPECT_EQ(leftovers(d, {"ws.gpkg"}), std::vector<std::string>{});
    }
}

TEST_F(FaultInjection, AValidateKilledWhileWritingKeepsTheOldFilesAndTheWorkspace) {
    for (const std::string fault : {"write.row:5:kill", "output.rename:1:kill", "table.row:50:kill",
                                    "write.row:5:term", "table.row:50:term"}) {
        SCOPED_TRACE(fault);
        TempDir d;
        std::string ws = copy_workspace(d);
        const std::string components = sqlite(ws, "SELECT count(*) FROM components");
        const std::string grids = sqlite(ws, "SELECT count(*) FROM grids");
        ASSERT_EQ(run_wangge({"validate", "--workspace", ws, "--as-of", "2026-11-27", "--findings",
                              d.file("f.gpkg"), "--json", d.file("c.json")})
                      .status,
                  0);
        const std::string coverage = sqlite(ws, "SELECT count(*), sum(components) FROM grid_coverage");
        auto killed = run_with_fault(fault, {"validate", "--workspace", ws, "--as-of", "2026-11-26",
                                             "--findings", d.file("f.gpkg"), "--json", d.file("c.json")});
        EXPECT_NE(killed.status, 0);
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
        EXPECT_EQ(sqlite(ws, "SELECT count(*), sum(components) FROM grid_coverage"), coverage);
        EXPECT_EQ(leftovers(d, {"ws.gpkg", "f.gpkg", "c.json"}), std::vector<std::string>{});
    }
}
