#pragma once

#include "layers/importer.hpp"
#include "layers/store.hpp"
#include "src/census/census_report.hpp"
#include "src/rules/catalog.hpp"
#include "src/rules/rules.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace wangge::test {

/// A square of `size` metres at (x, y) as WKT.
inline std::string square(double x, double y, double size = 100) {
    std::ostringstream s;
    s.precision(12);
    s << "POLYGON ((" << x << " " << y << "," << x + size << " " << y << "," << x + size << " " << y + size
      << "," << x << " " << y + size << "," << x << " " << y << "))";
    return s.str();
}

/// A workspace built from small CSV files (WKT or x/y in EPSG:4547), and the census run on it.
class CensusFixture : public ::testing::Test {
protected:
    void SetUp() override { ws = layers::create_workspace(dir.file("ws.gpkg"), "EPSG:4547"); }

    void import(layers::LayerKind kind, const std::string& csv) {
        std::string path = dir.file(std::string(layers::layer_name(kind)) + ".csv");
        write_file(path, csv);
        layers::ImportOptions o;
        o.kind = kind;
        o.path = path;
        o.srs = "EPSG:4547";
        layers::import_file(*ws, o);
    }

    /// Grids as code → WKT, written as a CSV.
    void grids(const std::vector<std::pair<std::string, std::string>>& rows) {
        std::string csv = "BGID,WKT\n";
        for (const auto& [code, wkt] : rows) csv += code + ",\"" + wkt + "\"\n";
        import(layers::LayerKind::grids, csv);
    }

    void regions(layers::LayerKind kind, const std::vector<std::pair<std::string, std::string>>& rows) {
        std::string csv = "code,name,WKT\n";
        for (const auto& [code, wkt] : rows) csv += code + ",x,\"" + wkt + "\"\n";
        import(kind, csv);
    }

    /// Components: code, grid code, x, y; the other attributes filled in unless `row` overrides.
    static std::string component_header() {
        return "ObjID,ObjName,DeptCode1,DeptName1,BGID,ObjState,ORDate,CHDate,x,y\n";
    }
    static std::string component(const std::string& code, const std::string& grid, double x, double y,
                                 const std::string& initial = "20260301", const std::string& change = "",
                                 const std::string& name = "井盖") {
        std::ostringstream s;
        s.precision(12);
        s << code << "," << name << ",GY01,水务局," << grid << ",完好," << initial << "," << change << ","
          << x << "," << y << "\n";
        return s.str();
    }

    census::CensusReport run(std::optional<std::string> district = std::nullopt) {
        auto rules = rules::Rules::load(data_dir() + "/rules.json");
        auto catalog = rules::Catalog::load(data_dir() + "/catalog.csv");
        return census::run_census(*ws, census::CensusOptions::from_rules(rules, "2026-11-27"), catalog, rules,
                                  district);
    }

    /// Counted by reading the findings back (the spool's own counts are checked against it).
    static long long count(const census::CensusReport& r, const std::string& rule) {
        long long n = 0;
        r.findings.for_each([&](const census::Finding& f) { n += f.rule == rule; });
        EXPECT_EQ(n, r.findings.count(rule)) << rule;
        return n;
    }

    static std::optional<census::Finding> first(const census::CensusReport& r, const std::string& rule) {
        std::optional<census::Finding> found;
        r.findings.for_each([&](const census::Finding& f) {
            if (!found && f.rule == rule) found = f;
        });
        return found;
    }

    TempDir dir;
    std::unique_ptr<layers::Workspace> ws;
};

} // namespace wangge::test
