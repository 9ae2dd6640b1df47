#include "tests/src/census/census_fixture.hpp"

using namespace wangge;
using test::square;
using K = layers::LayerKind;

namespace {

constexpr double X = 505000, Y = 2494000;

std::string code(int serial) {
    std::string s = std::to_string(serial);
    return "440303001001" + std::string(3 - s.size(), '0') + s;
}

/// A row of n touching 100 m squares, codes 001…n.
std::vector<std::pair<std::string, std::string>> row_of(int n) {
    std::vector<std::pair<std::string, std::string>> rows;
    for (int i = 0; i < n; ++i) rows.emplace_back(code(i + 1), square(X + 100 * i, Y));
    return rows;
}

} // namespace

using GridChecks = test::CensusFixture;

TEST_F(GridChecks, TouchingGridsDoNotOverlap) {
    grids(row_of(4));
    auto r = run();
    EXPECT_EQ(count(r, "grid.overlap"), 0);
    EXPECT_EQ(count(r, "grid.gap"), 0);
    EXPECT_EQ(r.findings.size(), 0u) << (r.findings.empty() ? "" : r.findings.to_vector().front().rule);
    ASSERT_EQ(r.districts.size(), 1u);
    EXPECT_EQ(r.districts[0].grids, 4);
}

TEST_F(GridChecks, OverlapBelowOneSquareMetreIsIgnored) {
    auto rows = row_of(3);
    // Grid 2 reaches 0.005 m into grid 3 along its whole 100 m edge: 0.5 m².
    rows[1].second =
        "POLYGON ((505100 2494000,505200.005 2494000,505200.005 2494100,505100 2494100,505100 2494000))";
    grids(rows);
    EXPECT_EQ(count(run(), "grid.overlap"), 0);
}

TEST_F(GridChecks, OverlapIsReportedPerPairWithItsArea) {
    auto rows = row_of(3);
    // Grid 2 reaches 3 m into grid 3: 300 m², and leaves nothing uncovered.
    rows[1].second = "POLYGON ((505100 2494000,505203 2494000,505203 2494100,505100 2494100,505100 2494000))";
    grids(rows);
    auto r = run();
    ASSERT_EQ(count(r, "grid.overlap"), 1);
    const auto f = first(r, "grid.overlap");
    EXPECT_EQ(f->code, code(2));
    EXPECT_EQ(f->other_code, code(3));
    EXPECT_NEAR(*f->area_m2, 300.0, 1e-6);
    EXPECT_NEAR(r.districts[0].overlap_area_m2, 300.0, 1e-6);
    EXPECT_EQ(r.districts[0].findings.at("grid.overlap"), 1);
}

TEST_F(GridChecks, OneMissingGridIsOneGap) {
    std::vector<std::pair<std::string, std::string>> rows;
    int serial = 0;
    for (int cy = 0; cy < 3; ++cy)
        for (int cx = 0; cx < 3; ++cx)
            if (!(cx == 1 && cy == 1)) rows.emplace_back(code(++serial), square(X + 100 * cx, Y + 100 * cy));
    grids(rows);
    auto r = run();
    ASSERT_EQ(count(r, "grid.gap"), 1);
    EXPECT_NEAR(*first(r, "grid.gap")->area_m2, 10000.0, 1e-6);
    EXPECT_EQ(first(r, "grid.gap")->district, "440303");
    EXPECT_NEAR(r.districts[0].gap_area_m2, 10000.0, 1e-6);
}

TEST_F(GridChecks, UncoveredDistrictAreaIsAGapWhenDistrictsAreLoaded) {
    grids(row_of(2));
    // The district reaches 100 m further east than its grids.
    regions(K::districts,
            {{"440303", "POLYGON ((505000 2494000,505300 2494000,505300 2494100,505000 2494100,505000 "
                        "2494000))"}});
    auto r = run();
    ASSERT_EQ(count(r, "grid.gap"), 1);
    EXPECT_NEAR(*first(r, "grid.gap")->area_m2, 10000.0, 1e-3);
}

TEST_F(GridChecks, ALoadedDistrictWithoutGridsIsAllGap) {
    grids(row_of(2));
    regions(K::districts,
            {{"440303", "POLYGON ((505000 2494000,505200 2494000,505200 2494100,505000 2494100,505000 "
                        "2494000))"},
             {"440304", square(X, Y + 500, 200)}});
    auto r = run();
    ASSERT_EQ(count(r, "grid.gap"), 1);
    EXPECT_EQ(first(r, "grid.gap")->district, "440304");
    EXPECT_NEAR(*first(r, "grid.gap")->area_m2, 40000.0, 1e-6);
    ASSERT_EQ(r.districts.size(), 2u);
    EXPECT_EQ(r.districts[1].grids, 0);
    EXPECT_FALSE(r.districts[1].grid_coverage); // nothing to cover: null
}

TEST_F(GridChecks, BoundaryWobbleIsNoGap) {
    grids(row_of(2));
    // 0.3 m further south than the grids: two surveys of one boundary, within the 0.5 m tolerance.
    regions(K::districts,
            {{"440303", "POLYGON ((505000 2493999.7,505200 2493999.7,505200 2494100,505000 2494100,"
                        "505000 2493999.7))"}});
    EXPECT_EQ(count(run(), "grid.gap"), 0);
}

TEST_F(GridChecks, BowtieIsInvalidWithGeosReason) {
    auto rows = row_of(2);
    rows.emplace_back(
        code(3), "POLYGON ((505200 2494000,505300 2494100,505300 2494000,505200 2494100,505200 2494000))");
    grids(rows);
    auto r = run();
    ASSERT_EQ(count(r, "grid.invalid_geometry"), 1);
    const auto f = first(r, "grid.invalid_geometry");
    EXPECT_EQ(f->code, code(3));
    EXPECT_NE(f->message.find("Self-intersection"), std::string::npos) << f->message;
    EXPECT_NE(f->message.find("505250"), std::string::npos) << f->message;
}

TEST_F(GridChecks, GridWithAHoleLeavesAGapUnlessAnotherGridFillsIt) {
    const std::string ring =
        "POLYGON ((505000 2494000,505300 2494000,505300 2494300,505000 2494300,505000 2494000),"
        "(505100 2494100,505200 2494100,505200 2494200,505100 2494200,505100 2494100))";
    grids({{code(1), ring}});
    auto r = run();
    EXPECT_EQ(count(r, "grid.invalid_geometry"), 0);
    ASSERT_EQ(count(r, "grid.gap"), 1);
    EXPECT_NEAR(*first(r, "grid.gap")->area_m2, 10000.0, 1e-6);

    grids({{code(1), ring}, {code(2), square(X + 100, Y + 100)}});
    r = run();
    EXPECT_EQ(count(r, "grid.gap"), 0);
    EXPECT_EQ(count(r, "grid.overlap"), 0);
}

TEST_F(GridChecks, MultiPolygonGridsAreValidGrids) {
    grids({{code(1),
            "MULTIPOLYGON (((505000 2494000,505100 2494000,505100 2494100,505000 2494100,505000 2494000)),"
            "((505200 2494000,505300 2494000,505300 2494100,505200 2494100,505200 2494000)))"},
           {code(2), square(X + 100, Y)}});
    auto r = run();
    EXPECT_EQ(r.findings.size(), 0u) << (r.findings.empty() ? "" : r.findings.to_vector().front().rule);
    EXPECT_EQ(r.districts[0].grids, 2);
}

TEST_F(GridChecks, SliversAndAreaOutOfRange) {
    grids({{code(1), square(X, Y)},
           {code(2), square(X + 100, Y, 8)}, // 64 m²
           {code(3),
            "POLYGON ((505000 2494200,505400 2494200,505400 2494203,505000 2494203,505000 2494200))"}, // thin
           {code(4), square(X + 300, Y, 25)},    // 625 m²
           {code(5), square(X, Y + 400, 500)}}); // 250,000 m²
    auto r = run();
    EXPECT_EQ(count(r, "grid.sliver"), 2);
    EXPECT_EQ(count(r, "grid.area_out_of_range"), 2);
    for (const auto& f : r.findings.to_vector())
        if (f.rule == "grid.area_out_of_range") {
            EXPECT_EQ(f.severity, census::Severity::warning);
            EXPECT_TRUE(f.code == code(4) || f.code == code(5)) << f.code;
        }
}

TEST_F(GridChecks, CodesBadDuplicateAndLegacy) {
    grids({{code(1), square(X, Y)},
           {code(1), square(X + 100, Y)},
           {code(1), square(X + 200, Y)},
           {"44030300100104", square(X + 300, Y)},
           {"4403030010010A5", square(X + 400, Y)}});
    auto r = run();
    EXPECT_EQ(count(r, "grid.duplicate_code"), 2); // every one after the first
    EXPECT_EQ(count(r, "grid.legacy_code"), 1);
    EXPECT_EQ(first(r, "grid.legacy_code")->code, "44030300100104");
    ASSERT_EQ(count(r, "grid.bad_code"), 1);
    // A grid whose code is unusable belongs to the district that holds it.
    EXPECT_EQ(first(r, "grid.bad_code")->district, "440303");
    EXPECT_EQ(count(r, "grid.gap"), 0);
}

TEST_F(GridChecks, OutsideTheCommunityItsCodeNames) {
    regions(K::communities,
            {{"440303001001", "POLYGON ((505000 2494000,505200 2494000,505200 2494100,505000 2494100,"
                              "505000 2494000))"}});
    grids(
        {{code(1), square(X, Y)},
         // 0.3 m of wobble past the community's edge is tolerated…
         {code(2),
          "POLYGON ((505100 2494000,505200.3 2494000,505200.3 2494100,505100 2494100,505100 2494000))"},
         // …20 m is not.
         {code(3), "POLYGON ((505000 2494100,505100 2494100,505100 2494120,505000 2494120,505000 2494100))"},
         // and a community the layer does not hold.
         {"440303001002001", square(X, Y - 100)}});
    auto r = run();
    ASSERT_EQ(count(r, "grid.outside_parent"), 2);
    for (const auto& f : r.findings.to_vector())
        if (f.rule == "grid.outside_parent" && f.code == code(3)) {
            EXPECT_NEAR(*f.area_m2, 2000.0, 1e-6);
            EXPECT_EQ(f.other_code, "440303001001");
        }
}
