#pragma once

#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace wangge::test {

/// A small generated city (three districts, ~300 grids, components and a year of cases to
/// 2026-11-27) imported once per test suite; each test works on its own copy of the workspace.
class CityFixture : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        city = new TempDir;
        auto g = run_wangge({"generate", "--out", city->file("city"), "--grids", "300", "--components",
                             "1500", "--cases", "800", "--seed", "11", "--as-of", "2026-11-27"});
        ASSERT_EQ(g.status, 0) << g.err;
        ASSERT_EQ(run_wangge({"init", "--workspace", workspace()}).status, 0);
        for (const char* layer : {"districts", "grids", "components"}) {
            auto r = run_wangge({"import", layer, city->file("city/" + std::string(layer) + ".shp"),
                                 "--workspace", workspace()});
            ASSERT_EQ(r.status, 0) << r.err;
        }
        auto c = run_wangge({"import", "cases", city->file("city/cases.csv"), "--workspace", workspace(),
                             "--srs", "EPSG:4490"});
        ASSERT_EQ(c.status, 0) << c.err;
    }

    static void TearDownTestSuite() {
        delete city;
        city = nullptr;
    }

public:
    /// The generated city's files.
    static std::string city_file_path(const std::string& name) { return city->file("city/" + name); }
    static std::string workspace() { return city->file("ws.gpkg"); }

protected:
    /// A copy of the imported workspace in `dir`, for a test to change.
    static std::string copy_workspace(const TempDir& dir, const std::string& name = "ws.gpkg") {
        std::string to = dir.file(name);
        std::filesystem::copy_file(workspace(), to);
        return to;
    }

    static inline TempDir* city = nullptr; // one per test suite
};

} // namespace wangge::test
