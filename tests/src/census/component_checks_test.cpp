#include "tests/src/census/census_fixture.hpp"

#include "geo/error.hpp"
#include "layers/codes.hpp"
#include "src/generate/city_generator.hpp"
#include "src/rules/csv_reader.hpp"

#include <map>
#include <set>
#include <tuple>

using namespace wangge;
using test::square;
using K = layers::LayerKind;

namespace {

constexpr double East0 = 505000, North0 = 2494000;
const std::string g1 = "440303001001001", g2 = "440303001001002", g3 = "440303001001003";

} // namespace

using ComponentChecks = test::CensusFixture;

TEST_F(ComponentChecks, EveryRuleWithExactCounts) {
    grids({{g1, square(East0, North0)},
           {g2, square(East0 + 100, North0)},
           {"440304001001001", square(East0 + 200, North0)}});
    std::string csv = component_header();
    csv += component("4403030101000001", g1, East0 + 50, North0 + 50);  // clean
    csv += component("4403030101000001", g1, East0 + 60, North0 + 50);  // duplicate
    csv += component("4403030101000001", g1, East0 + 70, North0 + 50);  // duplicate again
    csv += component("440303010100002", g1, East0 + 50, North0 + 60);   // bad code (15 digits)
    csv += component("4403030999000003", g1, East0 + 50, North0 + 70);  // unknown class
    csv += component("4403030101000004", g1, East0 + 250, North0 + 50); // in 440304, misplaced too
    csv += component("4403030101000005", g1, East0 + 50, North0 + 80, "20260301", "", ""); // missing name
    csv += component("4403030101000006", "440303001001009", East0 + 50, North0 + 90);      // unknown grid
    csv += component("4403030101000007", g1, East0 + 100.4, North0 + 50); // 0.4 m out: class A allows 0.5
    csv += component("4403030101000008", g1, East0 + 100.6, North0 + 50); // 0.6 m out: misplaced
    csv += component("4403030201000009", g1, East0 + 109, North0 + 50);   // car park, class C: 9 m is fine
    csv += component("4403030101000010", g1, East0 + 40, North0 + 40, "20261201"); // future initial date
    csv += component("4403030101000011", g1, East0 + 40, North0 + 30, "20250601",
                     "20250101"); // change before initial
    csv +=
        component("4403030101000012", g1, East0 + 40, North0 + 20, "20240101", "20251126"); // stale: 366 days
    csv +=
        component("4403030101000013", g1, East0 + 40, North0 + 10, "20240101", "20251127"); // fresh: 365 days
    import(K::components, csv);
    auto r = run();
    EXPECT_EQ(count(r, "component.duplicate_code"), 2);
    EXPECT_EQ(count(r, "component.bad_code"), 1);
    EXPECT_EQ(count(r, "component.unknown_class"), 1);
    EXPECT_EQ(count(r, "component.district_mismatch"), 1);
    EXPECT_EQ(count(r, "component.missing_attribute"), 1);
    EXPECT_EQ(count(r, "component.unknown_grid"), 1);
    EXPECT_EQ(count(r, "component.misplaced"), 2);
    EXPECT_EQ(count(r, "component.bad_date"), 2);
    EXPECT_EQ(count(r, "component.stale"), 2); // 366 days, and the one changed in 2025-01
    EXPECT_NE(first(r, "component.missing_attribute")->message.find("name"), std::string::npos);
    EXPECT_EQ(first(r, "component.stale")->code, "4403030101000011");
    EXPECT_EQ(first(r, "component.district_mismatch")->district, "440303");
    for (const auto& f : r.findings.to_vector())
        EXPECT_TRUE(f.is_point || f.rule.rfind("grid.", 0) == 0) << f.rule;
}

TEST_F(ComponentChecks, ScoresOfADistrict) {
    grids({{g1, square(East0, North0)},
           {g2, square(East0 + 100, North0)},
           {g3, square(East0 + 200, North0)},
           {"440303001001004",
            "POLYGON ((505300 2494000,505400 2494100,505400 2494000,505300 2494100,505300 2494000))"}});
    std::string csv = component_header();
    csv += component("4403030101000001", g1, East0 + 50, North0 + 50);             // 0101, fresh
    csv += component("4403030118000002", g1, East0 + 60, North0 + 50, "20240101"); // 0118, stale
    csv +=
        component("4403030301000003", g2, East0 + 150, North0 + 50, "20260101", "", ""); // 0301, missing name
    csv += component("4403030101000004", g2, East0 + 160, North0 + 50);                  // 0101, fresh
    import(K::components, csv);
    auto r = run();
    ASSERT_EQ(r.districts.size(), 1u);
    const auto& d = r.districts[0];
    EXPECT_EQ(d.grids, 4);
    EXPECT_EQ(d.components, 4);
    EXPECT_DOUBLE_EQ(*d.grid_coverage, 0.5);
    auto catalog = rules::Catalog::load(test::data_dir() + "/catalog.csv");
    double classes = static_cast<double>(catalog.count(rules::ClassKind::component));
    EXPECT_NEAR(*d.class_coverage, 3 / classes, 1e-4);
    EXPECT_DOUBLE_EQ(*d.attribute_completeness, 0.75);
    EXPECT_DOUBLE_EQ(*d.fresh_ratio, 0.75);
    // 100 × (0.3 × 0.75 + 0.3 × 0.5 + 0.2 × (3/classes)/0.9 + 0.2 × (1 − 1/4)): the bowtie is flawed.
    double expected = 100 * (0.3 * 0.75 + 0.3 * 0.5 + 0.2 * std::min(1.0, (3 / classes) / 0.9) + 0.2 * 0.75);
    EXPECT_NEAR(d.completeness_score, expected, 0.006);
    EXPECT_DOUBLE_EQ(d.timeliness_score, 75.0);
    EXPECT_EQ(d.timeliness_grade, "B");
    EXPECT_EQ(d.findings.size(), census::census_rules().size()); // every rule id, 0 when none
    EXPECT_EQ(d.findings.at("grid.overlap"), 0);
    // Coverage per grid, for the coverage map.
    std::vector<std::vector<std::string>> g;
    census::coverage_rows(r)([&](std::span<const layers::Cell> row) {
        auto& text = g.emplace_back();
        for (const layers::Cell& c : row) text.push_back(layers::cell_text(c));
    });
    ASSERT_EQ(g.size(), 4u);
    ASSERT_EQ(census::coverage_columns().columns.size(), g[0].size());
    // grid_fid, grid_code, district, components, classes, stale, stale_share, class_counts,
    // as_of, status, colour.
    EXPECT_EQ(g[0][1], g1);
    EXPECT_EQ(g[0][3], "2");
    EXPECT_EQ(g[0][5], "1");
    EXPECT_EQ(g[0][7], "0101:1,0118:1");
    // One of its two components is stale: half is "mostly stale", orange.
    EXPECT_EQ(g[0][9], "stale");
    EXPECT_EQ(g[0][10], "#fdae61");
    EXPECT_EQ(g[2][3], "0");
    EXPECT_EQ(g[2][9], "empty");
    EXPECT_EQ(g[2][10], "#d7191c");
}

TEST_F(ComponentChecks, OneDistrictOnlyAndUnknownDistrict) {
    grids({{g1, square(East0, North0)}, {"440304001001001", square(East0 + 100, North0)}});
    std::string csv = component_header();
    csv += component("4403030101000001", g1, East0 + 50, North0 + 50, "20200101");
    csv += component("4403040101000001", "440304001001001", East0 + 150, North0 + 50, "20200101");
    import(K::components, csv);
    auto r = run("440304");
    ASSERT_EQ(r.districts.size(), 1u);
    EXPECT_EQ(r.districts[0].code, "440304");
    ASSERT_EQ(r.findings.size(), 1u);
    EXPECT_EQ(r.findings.to_vector()[0].district, "440304");
    EXPECT_THROW(run("440399"), InputError);
}

// The generator's defective city: every injected defect is found, and nothing else.
TEST(CensusOfGeneratedCity, FindsExactlyTheInjectedDefects) {
    test::TempDir dir;
    generate::CityOptions o;
    o.out_dir = dir.file("city");
    o.grids = 900;
    o.components = 9000;
    o.cases = 10;
    o.seed = 11;
    o.as_of = "2026-11-27";
    o.defects = true;
    o.catalog_path = test::data_dir() + "/catalog.csv";
    o.rules_path = test::data_dir() + "/rules.json";
    o.calendar_path = test::data_dir() + "/calendar";
    generate::generate_city(o);
    auto ws = layers::create_workspace(dir.file("ws.gpkg"), std::nullopt);
    for (auto kind : {K::districts, K::streets, K::communities, K::grids, K::components}) {
        layers::ImportOptions io;
        io.kind = kind;
        io.path = o.out_dir + "/" + std::string(layers::layer_name(kind)) + ".shp";
        layers::import_file(*ws, io);
    }
    auto rules = rules::Rules::load(test::data_dir() + "/rules.json");
    auto catalog = rules::Catalog::load(test::data_dir() + "/catalog.csv");
    auto report =
        census::run_census(*ws, census::CensusOptions::from_rules(rules, o.as_of), catalog, rules, {});

    using Key = std::tuple<std::string, std::string, std::string, std::string>;
    std::multiset<Key> found, injected;
    for (const auto& f : report.findings.to_vector()) found.emplace(f.rule, f.district, f.code, f.other_code);
    auto defects = rules::read_csv(o.out_dir + "/defects.csv");
    for (const auto& row : defects.rows)
        injected.emplace(row.cells[defects.column("rule")], row.cells[defects.column("district")],
                         row.cells[defects.column("code")], row.cells[defects.column("other_code")]);
    EXPECT_EQ(found, injected);
    EXPECT_EQ(injected.size(), 15u);
}

TEST_F(ComponentChecks, SeventeenDigitCodesAreCheckedByTheirClass) {
    grids({{g1, square(East0, North0)}});
    std::string csv = component_header();
    // GB/T 47678.5: class 01001 (minor 001) is catalogue class 0101, accuracy A (0.5 m).
    csv += component("44030301001000001", g1, East0 + 50, North0 + 50);    // clean
    csv += component("44030301001000002", g1, East0 + 100.6, North0 + 50); // 0.6 m out: misplaced
    csv += component("44030301112000003", g1, East0 + 60, North0 + 50);    // minor 112 is no class
    import(K::components, csv);
    auto r = run();
    EXPECT_EQ(count(r, "component.unknown_class"), 1);
    EXPECT_EQ(first(r, "component.unknown_class")->code, "44030301112000003");
    EXPECT_EQ(count(r, "component.misplaced"), 1);
    EXPECT_EQ(count(r, "component.bad_code"), 0);
}
