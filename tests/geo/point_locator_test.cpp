#include "geo/error.hpp"
#include "geo/point_locator.hpp"
#include "geo/polygon.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

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
