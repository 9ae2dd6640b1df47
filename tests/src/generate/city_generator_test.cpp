#include "geo/error.hpp"
#include "geo/geometry_ops.hpp"
#include "layers/importer.hpp"
#include "layers/store.hpp"
#include "src/generate/city_generator.hpp"
#include "src/rules/csv_reader.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

using namespace wangge;

namespace {

generate::CityOptions small_city(const std::string& dir) {
    generate::CityOptions o;
    o.out_dir = dir;
    o.districts = 3;
    o.grids = 400;
    o.components = 2000;
    o.cases = 3000;
    o.seed = 7;
    o.as_of = "2026-11-27";
    o.catalog_path = test::data_dir() + "/catalog.csv";
    o.rules_path = test::data_dir() + "/rules.json";
    o.calendar_path = test::data_dir() + "/calendar";
    return o;
}

std::unique_ptr<layers::Workspace> import_city(const std::string& data, const std::string& gpkg) {
    auto ws = layers::create_workspace(gpkg, std::nullopt);
    for (auto kind :
         {layers::LayerKind::districts, layers::LayerKind::grids, layers::LayerKind::components}) {
        layers::ImportOptions o;
        o.kind = kind;
        o.path = data + "/" + std::string(layers::layer_name(kind)) + ".shp";
        layers::import_file(*ws, o);
    }
    return ws;
}

} // namespace

TEST(CityGenerator, SameSeedSameFiles) {
    test::TempDir a, b;
    generate::generate_city(small_city(a.path()));
    generate::generate_city(small_city(b.path()));
    for (const char* f : {"grids.dbf", "grids.shp", "components.dbf", "cases.csv", "roster.csv"})
        EXPECT_EQ(test::read_file(a.file(f)), test::read_file(b.file(f))) << f;
    auto other = small_city(b.path());
    other.seed = 8;
    generate::generate_city(other);
    EXPECT_NE(test::read_file(a.file("grids.shp")), test::read_file(b.file("grids.shp")));
}

TEST(CityGenerator, GridsTileTheDistrictsExactly) {
    test::TempDir dir;
    generate::CitySummary s = generate::generate_city(small_city(dir.path()));
    EXPECT_EQ(s.grids, 400);
    EXPECT_EQ(s.districts, 3);
    auto ws = import_city(dir.path(), dir.file("ws.gpkg"));

    std::vector<std::string> grids;
    double sum = 0, min_area = 1e18, max_area = 0;
    std::set<std::string> codes;
    ws->for_each(layers::LayerKind::grids, [&](const layers::Record& r) {
        double a = geo::area(r.wkb);
        sum += a, min_area = std::min(min_area, a), max_area = std::max(max_area, a);
        EXPECT_TRUE(geo::is_valid(r.wkb)) << *r.values[0];
        codes.insert(*r.values[0]);
        grids.push_back(r.wkb);
    });
    EXPECT_EQ(codes.size(), 400u); // unique codes
    EXPECT_NEAR(sum / 400, 10000.0, 1500.0);
    EXPECT_GT(min_area, 5000.0);
    EXPECT_LT(max_area, 16000.0);
    // No overlap and no gap: the union has the area of the sum, and equals the districts' area.
    EXPECT_NEAR(geo::area(geo::union_polygons(grids)), sum, 1e-3);
    double districts = 0;
    ws->for_each(layers::LayerKind::districts,
                 [&](const layers::Record& r) { districts += geo::area(r.wkb); });
    EXPECT_NEAR(districts, sum, 1e-3);
}

TEST(CityGenerator, ComponentsStandInTheirGridsAndCasesHaveAWorkflow) {
    test::TempDir dir;
    generate::generate_city(small_city(dir.path()));
    rules::CsvTable cases = rules::read_csv(dir.file("cases.csv"));
    ASSERT_EQ(cases.rows.size(), 3000u);
    std::size_t reported = cases.column("reported_at"), filed = cases.column("filed_at"),
                closed = cases.column("closed_at"), deadline = cases.column("deadline"),
                source = cases.column("source");
    std::map<std::string, int> sources;
    int closed_count = 0;
    for (const auto& row : cases.rows) {
        ++sources[row.cells[source]];
        EXPECT_LT(row.cells[reported], "2026-11-27") << row.line;
        EXPECT_GE(row.cells[reported], "2025-11-27") << row.line;
        if (!row.cells[closed].empty()) {
            ++closed_count;
            EXPECT_LE(row.cells[filed], row.cells[closed]) << row.line;
            EXPECT_FALSE(row.cells[deadline].empty()) << row.line;
        }
    }
    EXPECT_GT(sources["collector"], 2000);
    EXPECT_GT(sources["public"], 200);
    EXPECT_GT(sources["inspector"], 50);
    EXPECT_GT(closed_count, 2400);
}

TEST(CityGenerator, DefectsAreListedBesideTheData) {
    test::TempDir dir;
    auto o = small_city(dir.path());
    o.defects = true;
    generate::CitySummary s = generate::generate_city(o);
    rules::CsvTable defects = rules::read_csv(dir.file("defects.csv"));
    std::set<std::string> rules;
    for (const auto& row : defects.rows) rules.insert(row.cells[defects.column("rule")]);
    for (const char* rule :
         {"grid.gap", "grid.overlap", "grid.invalid_geometry", "grid.duplicate_code", "grid.legacy_code",
          "grid.bad_code", "component.bad_code", "component.duplicate_code", "component.unknown_class",
          "component.district_mismatch", "component.missing_attribute", "component.unknown_grid",
          "component.misplaced", "component.bad_date", "component.stale"})
        EXPECT_TRUE(rules.count(rule)) << rule;
    EXPECT_EQ(s.grids, 399); // the gap is a grid left out
    // The defective census still loads whole.
    auto ws = import_city(dir.path(), dir.file("ws.gpkg"));
    long long components = 0, invalid = 0;
    ws->for_each(layers::LayerKind::components, [&](const layers::Record&) { ++components; });
    ws->for_each(layers::LayerKind::grids,
                 [&](const layers::Record& r) { invalid += !geo::is_valid(r.wkb); });
    EXPECT_EQ(components, 2000);
    EXPECT_EQ(invalid, 1);
}

TEST(CityGenerator, GbkShapefiles) {
    test::TempDir dir;
    auto o = small_city(dir.path());
    o.encoding = "GBK";
    generate::generate_city(o);
    EXPECT_EQ(test::read_file(dir.file("grids.cpg")).substr(0, 3), "GBK");
    auto ws = import_city(dir.path(), dir.file("ws.gpkg"));
    std::string name;
    ws->for_each(layers::LayerKind::components, [&](const layers::Record& r) {
        if (name.empty()) name = r.values[1].value_or("");
    });
    EXPECT_NE(name.find("井盖") + name.find("灯") + name.find("箱") + 1, 0u)
        << name; // some Chinese class name
    EXPECT_GE(name.size(), 6u);
}

TEST(CityGenerator, GeoPackageAndCsvFormats) {
    for (const char* format : {"gpkg", "csv"}) {
        test::TempDir dir;
        auto o = small_city(dir.path());
        o.format = format;
        generate::generate_city(o);
        auto ws = layers::create_workspace(dir.file("ws.gpkg"), std::nullopt);
        layers::ImportOptions io;
        io.kind = layers::LayerKind::grids;
        if (o.format == "gpkg") {
            io.path = dir.file("city.gpkg"); // several layers: the one named "grids" is taken
        } else {
            io.path = dir.file("grids.csv");
            io.srs = "EPSG:4547"; // CSV carries no CRS
        }
        EXPECT_EQ(layers::import_file(*ws, io).summary.rows, 400) << format;
        EXPECT_EQ(ws->crs(), "EPSG:4547") << format;
    }
}

TEST(CityGenerator, RefusesBadOptions) {
    test::TempDir dir;
    auto o = small_city(dir.path());
    o.format = "kml";
    EXPECT_THROW(generate::generate_city(o), UsageError);
    o = small_city(dir.path());
    o.grids = 20;
    o.defects = true;
    EXPECT_THROW(generate::generate_city(o), UsageError);
}
