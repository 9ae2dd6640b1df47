#include "geo/error.hpp"
#include "geo/point_locator.hpp"
#include "geo/polygon.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <stdexcept>

using namespace wangge;

namespace {

geo::PolygonRings rect(double x0, double y0, double x1, double y1) {
    return geo::PolygonRings::from_wkb(test::rect_wkb(x0, y0, x1, y1));
}

} // namespace

TEST(PolygonRings, ContainsDistanceAreaWithHolesAndParts) {
    // A 300 m square with a 100 m hole, and a second part to the east.
    std::string wkb = geo::multipolygon_wkb({{{{0, 0}, {300, 0}, {300, 300}, {0, 300}, {0, 0}},
                                              {{100, 100}, {200, 100}, {200, 200}, {100, 200}, {100, 100}}},
                                             {{{400, 0}, {500, 0}, {500, 100}, {400, 100}, {400, 0}}}});
    auto p = geo::PolygonRings::from_wkb(wkb);
    EXPECT_TRUE(p.contains({50, 50}));
    EXPECT_FALSE(p.contains({150, 150})); // in the hole
    EXPECT_TRUE(p.contains({450, 50}));
    EXPECT_FALSE(p.contains({350, 50}));
    EXPECT_DOUBLE_EQ(p.distance({150, 150}), 50);
    EXPECT_DOUBLE_EQ(p.distance({350, 50}), 50);
    EXPECT_DOUBLE_EQ(p.distance({50, 50}), 0);
    EXPECT_DOUBLE_EQ(p.area(), 90000 - 10000 + 10000);
    EXPECT_DOUBLE_EQ(p.perimeter(), 1200 + 400 + 400);
    geo::XY inside = p.interior_point();
    EXPECT_TRUE(p.contains(inside));
    EXPECT_THROW(geo::PolygonRings::from_wkb(std::string("\x01\x01\x00\x00\x00", 5)), BackendError);
}

TEST(PointLocator, FindsTheGridOrNone) {
    std::vector<geo::PolygonRings> grids;
    for (int r = 0; r < 20; ++r)
        for (int c = 0; c < 20; ++c)
            grids.push_back(rect(c * 100.0, r * 100.0, c * 100.0 + 100, r * 100.0 + 100));
    grids.push_back(rect(5000, 5000, 5010, 5010)); // a small one far away
    geo::PointLocator locator(grids);
    EXPECT_EQ(locator.locate({150, 250}, -1), 41);
    EXPECT_EQ(locator.locate({1999, 1999}, -1), 399);
    EXPECT_EQ(locator.locate({5005, 5005}, -1), 400);
    EXPECT_EQ(locator.locate({-1, 50}, -1), -1);
    EXPECT_EQ(locator.locate({3000, 3000}, -1), -1);
    EXPECT_EQ(locator.locate({150, 250}, 41), 41);
    EXPECT_EQ(locator.locate({150, 250}, 0), 41); // a wrong hint costs a test, not the answer
    geo::PointLocator empty(std::vector<geo::PolygonRings>{});
    (void)empty;
}

TEST(PointLocator, ManyPointsAtOnceFindWhatOneAtATimeAndThePolygonsThemselvesFind) {
    // Irregular grids of one and several rings, a hole with a grid inside it, an overlap, a
    // two-part grid: the answers of the blocked lookup are the plain ones, and each is right by
    // PolygonRings::contains (the lowest index where two overlap).
    std::vector<geo::PolygonRings> grids;
    for (int r = 0; r < 12; ++r)
        for (int c = 0; c < 12; ++c) {
            const double x = c * 100.0, y = r * 100.0, w = (r * 7 + c * 3) % 11; // a wobbly top edge
            grids.push_back(
                geo::PolygonRings::from_wkb(geo::polygon_wkb({{{x, y},
                                                               {x + 100, y},
                                                               {x + 100, y + 100 + (c % 2 ? w : 0)},
                                                               {x + 50, y + 100 + w},
                                                               {x, y + 100 + (c % 2 ? 0 : w)},
                                                               {x, y}}})));
        }
    // Grids 0–143 reach into the row above with their wobbly tops: there the lower index is the
    // answer.
    grids.push_back(geo::PolygonRings::from_wkb(geo::polygon_wkb(
        {{{1300, 0}, {1700, 0}, {1700, 400}, {1300, 400}, {1300, 0}},
         {{1400, 100}, {1600, 100}, {1600, 300}, {1400, 300}, {1400, 100}}}))); // 144, with a hole
    grids.push_back(rect(1450, 150, 1550, 250));                                // 145, in the hole
    grids.push_back(rect(1650, 350, 1800, 500));                                // 146, overlaps 144
    grids.push_back(geo::PolygonRings::from_wkb(
        geo::multipolygon_wkb({{{{2000, 0}, {2100, 0}, {2100, 100}, {2000, 100}, {2000, 0}}},
                               {{{2300, 300}, {2400, 300}, {2400, 400}, {2300, 400}, {2300, 300}}}}))); // 147
    grids.push_back(geo::PolygonRings{}); // 148, unusable: locates nothing

    geo::PointLocator locator(grids);
    std::vector<geo::XY> points;
    std::vector<int> hints;
    std::uint64_t seed = 12345;
    auto next = [&] {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<double>(seed >> 11) / static_cast<double>(1ULL << 53);
    };
    for (int i = 0; i < 20000; ++i) {
        points.push_back({-100 + 2600 * next(), -100 + 1500 * next()});
        hints.push_back(i % 4 == 0 ? -1 : i % 4 == 1 ? -2 : static_cast<int>(next() * 149));
    }
    points.push_back({std::nan(""), 50});
    hints.push_back(3);
    points.push_back({1500, 200}); // in the grid in the hole, hinted at the grid around it
    hints.push_back(144);

    std::vector<int> found(points.size()), unhinted(points.size());
    locator.locate(points, hints, found);
    locator.locate(points, {}, unhinted);
    int inside = 0;
    for (std::size_t i = 0; i < points.size(); ++i) {
        long expected = -1;
        for (std::size_t g = 0; g < grids.size() && expected < 0; ++g)
            if (grids[g].contains(points[i])) expected = static_cast<long>(g);
        SCOPED_TRACE("point " + std::to_string(i));
        EXPECT_EQ(unhinted[i], expected);
        EXPECT_EQ(found[i], locator.locate(points[i], hints[i]));
        // A hint that holds the point is taken even where another grid overlaps it.
        if (hints[i] >= 0 && grids[static_cast<std::size_t>(hints[i])].contains(points[i]))
            EXPECT_EQ(found[i], hints[i]);
        else
            EXPECT_EQ(found[i], expected);
        inside += expected >= 0;
    }
    EXPECT_GT(inside, 5000); // many points are in some grid: the test is not of empty answers
    EXPECT_EQ(found[points.size() - 1], 145);
    std::vector<int> wrong_size(3);
    EXPECT_THROW(locator.locate(points, hints, wrong_size), std::invalid_argument);
}

TEST(PolygonRings, WithinAgreesWithTheDistanceEverywhere) {
    // Two parts, one with a hole; points inside, outside, in the hole, on and near the edges.
    using geo::PolygonRings, geo::XY;
    const PolygonRings p = PolygonRings::from_parts(
        {{{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}, {{3, 3}, {3, 7}, {7, 7}, {7, 3}, {3, 3}}},
         {{{20, 0}, {25, 5}, {20, 10}, {20, 0}}}});
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> x(-3, 28), y(-3, 13);
    std::vector<XY> points = {{0, 0}, {5, 0}, {3, 5}, {5, 5}, {20, 5}, {25, 5}, {10.4, 5}, {15, 5}};
    for (int i = 0; i < 3000; ++i) points.push_back({x(rng), y(rng)});
    for (const XY& q : points)
        for (double tolerance : {0.0, 0.5, 3.0})
            ASSERT_EQ(p.within(q, tolerance), p.distance(q) <= tolerance)
                << q.x << " " << q.y << " within " << tolerance;
}

TEST(PointLocator, DistanceIsThePolygonsOwn) {
    // The locator's copy answers as the polygons would: one ring, holes and parts, and none.
    using geo::PolygonRings, geo::XY;
    const std::vector<PolygonRings> polygons = {
        PolygonRings::from_parts({{{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}}}),
        PolygonRings::from_parts(
            {{{{20, 0}, {30, 0}, {30, 10}, {20, 10}, {20, 0}}, {{23, 3}, {23, 7}, {27, 7}, {27, 3}, {23, 3}}},
             {{{40, 0}, {45, 5}, {40, 10}, {40, 0}}}}),
        PolygonRings()};
    const geo::PointLocator locator(polygons);
    std::mt19937 rng(5);
    std::uniform_real_distribution<double> x(-5, 50), y(-5, 15);
    for (int k = 0; k < 3000; ++k) {
        const XY q{x(rng), y(rng)};
        for (std::size_t i = 0; i < polygons.size(); ++i)
            ASSERT_EQ(locator.distance(i, q), polygons[i].distance(q)) << i << ": " << q.x << " " << q.y;
    }
}
