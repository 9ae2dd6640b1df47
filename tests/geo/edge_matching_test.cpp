// The overlap search: what edge matching clears, and that the overlaps found are exactly those an
// independent overlay (Boost.Geometry) finds, on clean lattices and planted defects.

#include "geo/coverage/edge_matching.hpp"
#include "geo/coverage/overlap_finder.hpp"
#include "geo/wkb.hpp"

// Boost.Geometry's overlay trips GCC's may-be-uninitialized analysis inside its own headers.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <boost/geometry.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/geometries/polygon.hpp>
#pragma GCC diagnostic pop
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

using namespace wangge::geo;

namespace {

namespace bg = boost::geometry;
using BPoint = bg::model::d2::point_xy<double>;
using BPolygon = bg::model::polygon<BPoint>;

struct Coverage {
    std::vector<Ring> rings; // closed
    std::vector<std::string> wkbs;
    std::vector<Box> boxes;
    std::vector<PolygonRings> polygons;

    void add(Ring r) {
        if (r.front().x != r.back().x || r.front().y != r.back().y) r.push_back(r.front());
        rings.push_back(r);
        wkbs.push_back(polygon_wkb({r}));
        polygons.push_back(PolygonRings::from_wkb(wkbs.back()));
        boxes.push_back(polygons.back().bounds());
    }
    std::vector<std::string_view> views() const { return {wkbs.begin(), wkbs.end()}; }
    std::set<std::pair<std::size_t, std::size_t>> overlaps(double min_area = 1e-6) const {
        std::set<std::pair<std::size_t, std::size_t>> out;
        auto v = views();
        for (const Overlap& o : find_overlaps(v, at(), boxes, min_area)) out.insert({o.a, o.b});
        return out;
    }
    /// Every pair by Boost.Geometry's overlay: the answer to compare with.
    std::set<std::pair<std::size_t, std::size_t>> overlaps_by_overlay(double min_area = 1e-6) const {
        std::vector<BPolygon> ps(rings.size());
        for (std::size_t i = 0; i < rings.size(); ++i) {
            for (const XY& p : rings[i]) bg::append(ps[i].outer(), BPoint(p.x, p.y));
            bg::correct(ps[i]);
        }
        std::set<std::pair<std::size_t, std::size_t>> out;
        for (std::size_t i = 0; i < ps.size(); ++i)
            for (std::size_t j = i + 1; j < ps.size(); ++j) {
                std::vector<BPolygon> inter;
                bg::intersection(ps[i], ps[j], inter);
                double a = 0;
                for (const auto& p : inter) a += bg::area(p);
                if (a > min_area) out.insert({i, j});
            }
        return out;
    }
    PolygonAt at() const {
        return [this](std::size_t i) -> const PolygonRings& { return polygons[i]; };
    }
    std::vector<std::size_t> not_cleared() const {
        return polygons_not_cleared(polygons.size(), at(), boxes);
    }
};

Ring square(double x, double y, double s = 100) {
    return {{x, y}, {x + s, y}, {x + s, y + s}, {x, y + s}, {x, y}};
}

/// A lattice of cells whose shared corners (and edge midpoints) move together, as real grids do:
/// `jitter` of the corner grid, seeded.
Coverage lattice(int cols, int rows, double jitter, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> d(-jitter, jitter);
    std::vector<XY> corner((cols + 1) * (rows + 1)), hmid(cols * (rows + 1)), vmid((cols + 1) * rows);
    for (int j = 0; j <= rows; ++j)
        for (int i = 0; i <= cols; ++i)
            corner[j * (cols + 1) + i] = {500000 + i * 100 + d(rng), 2500000 + j * 100 + d(rng)};
    for (int j = 0; j <= rows; ++j)
        for (int i = 0; i < cols; ++i) {
            const XY &a = corner[j * (cols + 1) + i], &b = corner[j * (cols + 1) + i + 1];
            hmid[j * cols + i] = {(a.x + b.x) / 2 + d(rng), (a.y + b.y) / 2 + d(rng)};
        }
    for (int j = 0; j < rows; ++j)
        for (int i = 0; i <= cols; ++i) {
            const XY &a = corner[j * (cols + 1) + i], &b = corner[(j + 1) * (cols + 1) + i];
            vmid[j * (cols + 1) + i] = {(a.x + b.x) / 2 + d(rng), (a.y + b.y) / 2 + d(rng)};
        }
    Coverage c;
    for (int j = 0; j < rows; ++j)
        for (int i = 0; i < cols; ++i)
            c.add({corner[j * (cols + 1) + i], hmid[j * cols + i], corner[j * (cols + 1) + i + 1],
                   vmid[j * (cols + 1) + i + 1], corner[(j + 1) * (cols + 1) + i + 1],
                   hmid[(j + 1) * cols + i], corner[(j + 1) * (cols + 1) + i], vmid[j * (cols + 1) + i]});
    return c;
}

} // namespace

TEST(EdgeMatching, AJitteredLatticeIsClearedWhole) {
    Coverage c = lattice(30, 20, 20, 1);
    EXPECT_TRUE(c.not_cleared().empty());
    EXPECT_TRUE(c.overlaps().empty());
}

TEST(EdgeMatching, ADuplicatedCellIsFoundAndOnlyItsNeighbourhoodIsTestedExactly) {
    Coverage c = lattice(20, 20, 20, 2);
    c.add(c.rings[55]); // the same cell again
    auto left = c.not_cleared();
    EXPECT_LT(left.size(), 20u) << "the rest of the lattice is cleared";
    EXPECT_NE(std::find(left.begin(), left.end(), std::size_t{55}), left.end());
    EXPECT_EQ(c.overlaps(), c.overlaps_by_overlay());
    EXPECT_EQ(c.overlaps().count({55, 400}), 1u);
}

TEST(EdgeMatching, APolygonInsideAnotherWithoutTouchingIsFound) {
    Coverage c;
    c.add(square(0, 0, 100));
    c.add(square(30, 30, 10)); // wholly inside, no edge shared or crossed
    c.add(square(100, 0, 100));
    EXPECT_EQ(c.overlaps(), (std::set<std::pair<std::size_t, std::size_t>>{{0, 1}}));
    EXPECT_EQ(c.overlaps(), c.overlaps_by_overlay());
}

TEST(EdgeMatching, CrossingStripsWhoseMidpointsLieOutsideEachOtherAreFound) {
    // No midpoint of either strip lies inside the other: only the crossing edges show it.
    Coverage c;
    c.add({{0, 0}, {10, 0}, {10, 1}, {0, 1}});
    c.add({{1, -5}, {2, -5}, {2, 20}, {1, 20}});
    EXPECT_EQ(c.not_cleared().size(), 2u);
    EXPECT_EQ(c.overlaps(), (std::set<std::pair<std::size_t, std::size_t>>{{0, 1}}));
}

TEST(EdgeMatching, TwoTilingsOfTheSameGroundAreFound) {
    Coverage c;
    for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 2; ++j) c.add(square(i * 50.0, j * 50.0, 50));
    c.add(square(0, 0, 100)); // the same ground, in one piece
    EXPECT_EQ(c.overlaps().size(), 4u);
    EXPECT_EQ(c.overlaps(), c.overlaps_by_overlay());
}

TEST(EdgeMatching, AVertexOnANeighboursEdgeIsNotAnOverlap) {
    // Not the same vertices along the shared side (a T-junction): not cleared, and the exact
    // test finds nothing.
    Coverage c;
    c.add(square(0, 0, 100));
    c.add({{100, 0}, {200, 0}, {200, 100}, {100, 100}, {100, 50}});
    EXPECT_EQ(c.not_cleared().size(), 2u);
    EXPECT_TRUE(c.overlaps().empty());
}

TEST(EdgeMatching, MovedVerticesGiveTheOverlapsAnOverlayFinds) {
    for (unsigned seed = 3; seed < 9; ++seed) {
        SCOPED_TRACE(seed);
        Coverage c = lattice(12, 12, 15, seed);
        // Push a few vertices into a neighbour, as a careless edit does (keeping each cell valid:
        // the overlay's answer on an invalid polygon is not defined).
        std::mt19937 rng(seed);
        for (int moved = 0; moved < 4;) {
            std::size_t cell = rng() % c.rings.size();
            Ring r = c.rings[cell];
            std::size_t v = 1 + rng() % (r.size() - 2);
            r[v].x += 30, r[v].y += 25;
            BPolygon check;
            for (const XY& p : r) bg::append(check.outer(), BPoint(p.x, p.y));
            bg::correct(check);
            if (!bg::is_valid(check)) continue;
            ++moved;
            c.rings[cell] = r;
            c.wkbs[cell] = polygon_wkb({r});
            c.polygons[cell] = PolygonRings::from_wkb(c.wkbs[cell]);
            c.boxes[cell] = c.polygons[cell].bounds();
        }
        EXPECT_EQ(c.overlaps(), c.overlaps_by_overlay());
        EXPECT_LT(c.not_cleared().size(), c.rings.size() / 2);
    }
}

namespace {

/// A square of side 100 at (x, y) with `per_side` vertices along each side, counter-clockwise from
/// the bottom left.
Ring dense_square(double x, double y, int per_side) {
    Ring r;
    const double step = 100.0 / per_side;
    for (int i = 0; i < per_side; ++i) r.push_back({x + i * step, y});
    for (int i = 0; i < per_side; ++i) r.push_back({x + 100, y + i * step});
    for (int i = 0; i < per_side; ++i) r.push_back({x + 100 - i * step, y + 100});
    for (int i = 0; i < per_side; ++i) r.push_back({x, y + 100 - i * step});
    return r;
}

} // namespace

TEST(EdgeMatching, ALatticeOfLongRingsIsClearedWhole) {
    // 64 vertices a cell (a step of 6.25 m, exact in binary, so neighbours' vertices agree): the rings' own
    // edges are proved apart by the sweep, not pair by pair, and neighbours share every vertex along their
    // common side.
    Coverage c;
    for (int j = 0; j < 6; ++j)
        for (int i = 0; i < 8; ++i) c.add(dense_square(i * 100.0, j * 100.0, 16));
    EXPECT_TRUE(c.not_cleared().empty());
    EXPECT_TRUE(c.overlaps().empty());
}

TEST(EdgeMatching, ALongRingThatCrossesOrTouchesItselfIsNotCleared) {
    // One polygon alone: no neighbour's edge is matched or tested, so only the ring's own check
    // can find it. A vertex of one side pushed across the opposite side (horizontal, vertical),
    // or onto it between two of its vertices.
    struct Move {
        std::size_t vertex;
        XY to;
    };
    for (const Move& m : {Move{7, {43.75, 150}}, Move{52, {150, 25}}, Move{7, {45, 100}}}) {
        SCOPED_TRACE(m.vertex);
        Ring r = dense_square(0, 0, 16);
        ASSERT_EQ(r.size(), 64u);
        Coverage plain;
        plain.add(r);
        EXPECT_TRUE(plain.not_cleared().empty()) << "the square as drawn is simple";
        r[m.vertex] = m.to;
        Coverage bent;
        bent.add(r);
        EXPECT_EQ(bent.not_cleared(), std::vector<std::size_t>{0});
    }
}
