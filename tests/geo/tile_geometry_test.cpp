// Tile maths and the snapping of polygons onto a tile's grid.

#include "geo/tile/tile_geometry.hpp"
#include "geo/tile/tile_math.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

using namespace wangge::geo;

TEST(TileMath, MatchesTheSlippyMapFormulaAndGdalsTilePaths) {
    // A point near Shenzhen whose tiles GDAL's MVT writer named (conventions §4.1).
    EXPECT_EQ(tile_at(114.00243, 22.50797, 12), (TileId{12, 3345, 1785}));
    EXPECT_EQ(tile_at(114.00243, 22.50797, 14), (TileId{14, 13380, 7140}));
    EXPECT_EQ(tile_at(114.00243, 22.50797, 15), (TileId{15, 26760, 14280}));
    EXPECT_EQ((TileId{14, 13380, 7140}).tms_row(), 9243u);
    Box b = TileId{0, 0, 0}.bounds();
    EXPECT_DOUBLE_EQ(b.min_x, -mercator_half_extent);
    EXPECT_DOUBLE_EQ(b.max_y, mercator_half_extent);
    XY m = lonlat_to_mercator(114.058, 22.543);
    XY back = mercator_to_lonlat(m.x, m.y);
    EXPECT_NEAR(back.x, 114.058, 1e-9);
    EXPECT_NEAR(back.y, 22.543, 1e-9);
}

TEST(TileMath, ParseRefusesJunkAndTilesThatDoNotExist) {
    EXPECT_TRUE(TileId::parse("3", "7", "7"));
    EXPECT_FALSE(TileId::parse("3", "8", "0"));
    EXPECT_FALSE(TileId::parse("23", "0", "0"));
    EXPECT_FALSE(TileId::parse("-1", "0", "0"));
    EXPECT_FALSE(TileId::parse("1x", "0", "0"));
    EXPECT_FALSE(TileId::parse("", "0", "0"));
    EXPECT_FALSE(TileId::parse("4", "99999999999", "0"));
}

namespace {

TileGrid unit_grid() {
    return TileGrid{{0, 0, 4096, 4096}, 4096};
}

PolygonRings square(double x0, double y0, double x1, double y1) {
    return PolygonRings::from_parts({{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}});
}

} // namespace

TEST(TileGeometry, ShellsComeOutWithPositiveAreaInTileUnits) {
    // Counter-clockwise in map coordinates (y up) is clockwise on the tile (y down).
    auto out = snap_to_grid(square(10, 10, 110, 60).parts(), unit_grid());
    ASSERT_EQ(out.size(), 1u);
    EXPECT_GT(twice_area(out[0][0]), 0);
    EXPECT_EQ(out[0][0].size(), 4u);
}

TEST(TileGeometry, NeighboursKeepTheirSharedEdge) {
    // Two regions sharing a wobbly edge, at a scale where its vertices fall between units.
    Ring shared{{100.2, 0.4}, {100.7, 30.3}, {99.6, 60.8}, {100.3, 90.1}};
    Ring left{{0, 0.4}};
    left.insert(left.end(), shared.begin(), shared.end());
    left.push_back({0, 90.1});
    left.push_back(left.front());
    Ring right(shared.rbegin(), shared.rend());
    right.insert(right.begin(), {200, 90.1});
    right.push_back({200, 0.4});
    right.push_back(right.front());
    auto a = snap_to_grid({{left}}, unit_grid());
    auto b = snap_to_grid({{right}}, unit_grid());
    ASSERT_EQ(a.size(), 1u);
    ASSERT_EQ(b.size(), 1u);
    std::set<TilePoint> pa(a[0][0].begin(), a[0][0].end()), pb(b[0][0].begin(), b[0][0].end());
    std::vector<TilePoint> common;
    std::set_intersection(pa.begin(), pa.end(), pb.begin(), pb.end(), std::back_inserter(common));
    EXPECT_EQ(common.size(), 4u) << "every vertex of the shared edge is in both polygons";
    EXPECT_TRUE(is_valid(a[0]));
    EXPECT_TRUE(is_valid(b[0]));
}

TEST(TileGeometry, WhatVanishesAtThisZoomIsDropped) {
    EXPECT_TRUE(snap_to_grid(square(10.1, 10.1, 10.3, 10.4).parts(), unit_grid()).empty());
    // A hole smaller than a unit disappears; the shell stays.
    PolygonRings with_hole =
        PolygonRings::from_parts({{{{0, 0}, {50, 0}, {50, 50}, {0, 50}, {0, 0}},
                                   {{20.1, 20.1}, {20.2, 20.1}, {20.2, 20.2}, {20.1, 20.1}}}});
    auto out = snap_to_grid(with_hole.parts(), unit_grid());
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].size(), 1u);
}

TEST(TileGeometry, APolygonPinchedBySnappingComesOutValid) {
    // A thin neck narrower than a unit: snapping alone would make the ring touch itself.
    Ring r{{0, 0}, {40, 0}, {40, 20}, {20.4, 20}, {20.4, 20.3}, {40, 20.3}, {40, 40}, {0, 40}, {0, 0}};
    auto out = snap_to_grid({{r}}, unit_grid());
    ASSERT_FALSE(out.empty());
    for (const TilePolygon& p : out) {
        EXPECT_TRUE(is_valid(p));
        EXPECT_GT(twice_area(p[0]), 0);
    }
}

TEST(TileGeometry, ClipCutsAtTheBoxAndPassesWhatIsInside) {
    auto inside = clip_to_box(square(10, 10, 20, 20), {0, 0, 100, 100});
    ASSERT_EQ(inside.size(), 1u);
    EXPECT_EQ(inside[0][0].size(), 5u);
    EXPECT_TRUE(clip_to_box(square(200, 200, 300, 300), {0, 0, 100, 100}).empty());
    auto cut = clip_to_box(square(50, 50, 150, 150), {0, 0, 100, 100});
    ASSERT_EQ(cut.size(), 1u);
    EXPECT_NEAR(PolygonRings::from_parts(cut).area(), 2500, 1e-6);
}

TEST(TileGeometry, ClipOfConcaveRingsMatchesTheirTrueIntersection) {
    // A U whose arms leave the box through one edge and come back: two pieces, not one ring
    // joined along the box's edge.
    Ring u{{0, 0}, {30, 0}, {30, 30}, {20, 30}, {20, 10}, {10, 10}, {10, 30}, {0, 30}, {0, 0}};
    auto arms = clip_to_box(PolygonRings::from_parts({{u}}), {-5, 20, 35, 40});
    ASSERT_EQ(arms.size(), 2u);
    for (const auto& part : arms) EXPECT_NEAR(PolygonRings::from_parts({part}).area(), 100, 1e-9);
    // The same U cut across its base: one concave piece, as it is.
    auto base = clip_to_box(PolygonRings::from_parts({{u}}), {-5, -5, 35, 25});
    ASSERT_EQ(base.size(), 1u);
    EXPECT_NEAR(PolygonRings::from_parts(base).area(), 30 * 10 + 2 * 10 * 15, 1e-9);
    // A slightly concave octagon (a unit grid along streets) cut through a corner.
    Ring grid{{0, 0}, {50, 3}, {100, 0}, {97, 50}, {100, 100}, {50, 97}, {0, 100}, {3, 50}, {0, 0}};
    auto corner = clip_to_box(PolygonRings::from_parts({{grid}}), {60, 60, 200, 200});
    ASSERT_EQ(corner.size(), 1u);
    // The corner piece: the edges (97,50)-(100,100) and (100,100)-(50,97) meet the box's sides at
    // (97.6,60) and (60,97.6).
    Ring expected{{60, 60}, {97.6, 60}, {100, 100}, {60, 97.6}, {60, 60}};
    EXPECT_NEAR(PolygonRings::from_parts(corner).area(), PolygonRings::from_parts({{expected}}).area(), 1e-9);
}
