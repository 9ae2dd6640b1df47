#include "geo/error.hpp"
#include "geo/polygon.hpp"
#include "src/census/finding_spool.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace wangge::census {
namespace {

Finding grid_finding(const std::string& rule, const std::string& district, const std::string& code,
                     const std::string& other = "") {
    Finding f;
    f.rule = rule;
    f.district = district;
    f.code = code;
    f.other_code = other;
    f.message = rule + " " + code;
    f.at = geo::XY{1, 2}; // located: the spool leaves it
    return f;
}

Finding component_finding(const std::string& rule, const std::string& code, double x, double y) {
    Finding f;
    f.rule = rule;
    f.severity = rule == "component.stale" ? Severity::warning : Severity::error;
    f.district = code.substr(0, 6);
    f.code = code;
    f.is_point = true;
    f.x = x;
    f.y = y;
    f.fid = static_cast<std::int64_t>(x);
    f.message = "第 " + std::to_string(static_cast<long>(x)) + " 行";
    return f;
}

/// A square as WKB (a little-endian polygon).
std::string square_wkb(double x0, double y0, double side) {
    const double xy[] = {x0, y0, x0 + side, y0, x0 + side, y0 + side, x0, y0 + side, x0, y0};
    const std::uint32_t header[] = {3, 1, 5}; // polygon, one ring, five points
    std::string wkb(1 + sizeof header + sizeof xy, '\1');
    std::memcpy(wkb.data() + 1, header, sizeof header);
    std::memcpy(wkb.data() + 1 + sizeof header, xy, sizeof xy);
    return wkb;
}

TEST(FindingSpool, VisitsByRuleThenGridKeyOrComponentOrderAndGivesBackEveryField) {
    FindingSpool spool;
    // Out of order, rules interleaved, as the parallel checks hand them over.
    spool.add(component_finding("component.stale", "4403040100010001", 7, 70));
    spool.add(grid_finding("grid.overlap", "440305", "44030501001001", "44030501001002"));
    spool.add(component_finding("component.bad_code", "4403040100010002", 3, 30));
    spool.add(grid_finding("grid.bad_code", "440304", "x"));
    spool.add(grid_finding("grid.overlap", "440304", "44030401001009", "44030401001010"));
    spool.add(component_finding("component.stale", "4403040100010003", 1, 10));
    spool.add(grid_finding("grid.overlap", "440304", "44030401001009", "44030401001003"));

    Finding gap = grid_finding("grid.gap", "440304", "44030401001001");
    gap.wkb = square_wkb(10, 20, 5);
    gap.wkb.append(1, '\0').append(1, '\xff'); // bytes as they are, a nul among them
    gap.area_m2 = 25;
    gap.at.reset();
    gap.fid = 42;
    spool.add(gap);

    ASSERT_EQ(spool.size(), 8u);
    std::vector<Finding> all = spool.to_vector();
    ASSERT_EQ(all.size(), 8u);
    std::vector<std::string> order;
    for (const Finding& f : all)
        order.push_back(f.rule + " " + f.district + " " + f.code + " " + f.other_code);
    EXPECT_EQ(order, (std::vector<std::string>{
                         "grid.bad_code 440304 x ",
                         "grid.overlap 440304 44030401001009 44030401001003",
                         "grid.overlap 440304 44030401001009 44030401001010",
                         "grid.overlap 440305 44030501001001 44030501001002",
                         "grid.gap 440304 44030401001001 ",
                         "component.bad_code 440304 4403040100010002 ",
                         "component.stale 440304 4403040100010001 ",
                         "component.stale 440304 4403040100010003 ",
                     }));
    const Finding& g = all[4];
    EXPECT_EQ(g.wkb, gap.wkb);
    ASSERT_TRUE(g.area_m2);
    EXPECT_EQ(*g.area_m2, 25);
    ASSERT_TRUE(g.fid);
    EXPECT_EQ(*g.fid, 42);
    EXPECT_FALSE(g.is_point);
    // Located on the way in: a point inside the square.
    ASSERT_TRUE(g.at);
    EXPECT_GT(g.at->x, 10);
    EXPECT_LT(g.at->x, 15);
    EXPECT_GT(g.at->y, 20);
    EXPECT_LT(g.at->y, 25);

    const Finding& c = all[6];
    EXPECT_TRUE(c.is_point);
    EXPECT_EQ(c.severity, Severity::warning);
    EXPECT_EQ(c.x, 7);
    EXPECT_EQ(c.y, 70);
    EXPECT_EQ(c.message, "第 7 行");
    ASSERT_TRUE(c.at);
    EXPECT_EQ(c.at->x, 7);
    EXPECT_FALSE(all[1].area_m2);
    EXPECT_FALSE(all[1].fid);
    EXPECT_EQ(all[1].severity, Severity::error);
}

TEST(FindingSpool, TalliesEveryDistrictAndKeepsOneOnRequest) {
    FindingSpool spool;
    Finding overlap = grid_finding("grid.overlap", "440304", "a", "b");
    overlap.area_m2 = 1.5;
    spool.add(overlap);
    Finding gap = grid_finding("grid.gap", "440305", "c");
    gap.area_m2 = 4;
    spool.add(gap);
    spool.add(component_finding("component.stale", "4403040100010001", 1, 1));
    spool.add(component_finding("component.stale", "4403050100010001", 2, 2));
    spool.add(component_finding("component.bad_code", "4403050100010002", 3, 3));

    const auto& tallies = spool.tallies();
    ASSERT_EQ(tallies.size(), 2u);
    const FindingTally& a = tallies.at("440304");
    EXPECT_EQ(a.errors, 1);
    EXPECT_EQ(a.warnings, 1);
    EXPECT_EQ(a.overlap_area_m2, 1.5);
    EXPECT_EQ(a.gap_area_m2, 0);
    const FindingTally& b = tallies.at("440305");
    EXPECT_EQ(b.errors, 2);
    EXPECT_EQ(b.warnings, 1);
    EXPECT_EQ(b.gap_area_m2, 4);
    EXPECT_EQ(spool.count("component.stale"), 2);
    EXPECT_EQ(spool.count(Severity::error), 3);

    spool.keep_district("440305");
    EXPECT_EQ(spool.size(), 3u);
    EXPECT_EQ(spool.count("component.stale"), 1);
    EXPECT_EQ(spool.count(Severity::warning), 1);
    for (const Finding& f : spool.to_vector()) EXPECT_EQ(f.district, "440305");
    EXPECT_EQ(spool.to_vector().size(), 3u);
    EXPECT_EQ(spool.tallies().size(), 2u); // the scores still see every district
}

TEST(FindingSpool, ManyFindingsAcrossBlocksAndOneLongerThanABlockComeBackWhole) {
    FindingSpool spool;
    std::mt19937 random(7);
    std::vector<std::string> messages;
    for (int i = 0; i < 60000; ++i) {
        Finding f = component_finding("component.missing_attribute", "4403040100010001", i, -i);
        f.message = std::string(random() % 200, static_cast<char>('a' + i % 26));
        messages.push_back(f.message);
        spool.add(std::move(f));
        if (i == 30000) { // a record of 3 MB, longer than the reading block
            Finding big = grid_finding("grid.invalid_geometry", "440304", "big");
            big.wkb.resize(std::size_t{3} << 20, 'w');
            spool.add(big);
        }
    }
    std::size_t seen = 0;
    bool whole = true;
    spool.for_each([&](const Finding& f) {
        if (f.rule == "grid.invalid_geometry") {
            whole = whole && f.wkb.size() == (3u << 20);
            return;
        }
        const std::size_t i = seen++;
        whole = whole && f.x == static_cast<double>(i) && f.message == messages[i];
    });
    EXPECT_EQ(seen, messages.size());
    EXPECT_TRUE(whole);
    // And again: reading does not use the findings up.
    std::size_t again = 0;
    spool.for_each([&](const Finding&) { ++again; });
    EXPECT_EQ(again, messages.size() + 1);
}

TEST(FindingSpool, AnUnwritableTemporaryFolderIsNamed) {
    const char* before = std::getenv("TMPDIR");
    std::string saved = before ? before : "";
    setenv("TMPDIR", "/nonexistent/wangge-tmp", 1);
    FindingSpool spool;
    try {
        spool.add(grid_finding("grid.bad_code", "440304", "x"));
        ADD_FAILURE() << "no error";
    } catch (const BackendError& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/wangge-tmp"), std::string::npos) << e.what();
    }
    if (before)
        setenv("TMPDIR", saved.c_str(), 1);
    else
        unsetenv("TMPDIR");
}

TEST(FindingSpool, AFindingOfAnUnknownRuleIsAProgrammingError) {
    FindingSpool spool;
    EXPECT_THROW(spool.add(grid_finding("grid.nonsense", "440304", "x")), std::logic_error);
}

} // namespace
} // namespace wangge::census
