// The outline of a raster's cells of one class as valid polygons on the tile grid.

#include "geo/tile/cell_outline.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

using namespace wangge::geo;

namespace {

/// A raster from rows of text: '.' is no class, a digit its class.
CellRaster raster_of(std::initializer_list<std::string> rows) {
    CellRaster r(static_cast<int>(rows.begin()->size()), static_cast<int>(rows.size()));
    int y = 0;
    for (const std::string& row : rows) {
        for (int x = 0; x < r.width; ++x)
            r.cells[static_cast<std::size_t>(y * r.width + x)] =
                row[static_cast<std::size_t>(x)] == '.'
                    ? 0
                    : static_cast<std::uint16_t>(row[static_cast<std::size_t>(x)] - '0');
        ++y;
    }
    return r;
}

std::vector<TilePolygon> outline(const CellRaster& r, std::uint16_t cls, int cell = 16,
                                 TilePoint origin = {-64, -64}) {
    TileShape shape;
    outline_cells(r, cls, cell, origin, shape);
    return shape.polygons();
}

/// Whether a point (doubled coordinates, so that cell centres are whole) is inside a ring, by crossings.
bool inside(const TileRing& ring, std::int64_t x2, std::int64_t y2) {
    bool in = false;
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        const std::int64_t ax = 2 * std::int64_t{ring[j][0]}, ay = 2 * std::int64_t{ring[j][1]},
                           bx = 2 * std::int64_t{ring[i][0]}, by = 2 * std::int64_t{ring[i][1]};
        if ((ay > y2) != (by > y2) && x2 < ax + (bx - ax) * (y2 - ay) / (by - ay)) in = !in;
    }
    return in;
}

/// Checks the outline of every class of `r`: valid polygons, shells positive and holes negative,
/// the cells' area, and each cell's centre inside its class's outline and no other.
void expect_faithful(const CellRaster& r, std::uint16_t classes, int cell = 16,
                     TilePoint origin = {-64, -64}) {
    for (std::uint16_t cls = 1; cls <= classes; ++cls) {
        SCOPED_TRACE("class " + std::to_string(cls));
        const std::vector<TilePolygon> polygons = outline(r, cls, cell, origin);
        std::int64_t twice = 0;
        for (const TilePolygon& p : polygons) {
            EXPECT_TRUE(is_valid(p));
            ASSERT_FALSE(p.empty());
            EXPECT_GT(twice_area(p[0]), 0);
            twice += twice_area(p[0]);
            for (std::size_t h = 1; h < p.size(); ++h) {
                EXPECT_LT(twice_area(p[h]), 0);
                twice += twice_area(p[h]);
            }
        }
        std::int64_t cells = 0;
        for (int y = 0; y < r.height; ++y)
            for (int x = 0; x < r.width; ++x) {
                const bool of_class = r.at(x, y) == cls;
                cells += of_class;
                bool in = false;
                for (const TilePolygon& p : polygons)
                    for (const TileRing& ring : p)
                        if (inside(ring, 2 * (origin[0] + cell * x) + cell,
                                   2 * (origin[1] + cell * y) + cell))
                            in = !in;
                EXPECT_EQ(in, of_class) << "cell " << x << "," << y;
            }
        EXPECT_EQ(twice, 2 * cells * cell * cell);
    }
}

} // namespace

TEST(CellOutline, ACellIsASquareOfItsFourCornersWhereverTheGridStarts) {
    const auto polygons = outline(raster_of({"...", ".1.", "..."}), 1, 16, {-64, -64});
    ASSERT_EQ(polygons.size(), 1u);
    ASSERT_EQ(polygons[0].size(), 1u);
    EXPECT_EQ(polygons[0][0], (TileRing{{-48, -48}, {-32, -48}, {-32, -32}, {-48, -32}}));
}

TEST(CellOutline, ARowOfCellsKeepsOnlyItsCorners) {
    const auto polygons = outline(raster_of({"1111", "11.."}), 1, 2, {0, 0});
    ASSERT_EQ(polygons.size(), 1u);
    EXPECT_EQ(polygons[0][0], (TileRing{{0, 0}, {8, 0}, {8, 2}, {4, 2}, {4, 4}, {0, 4}}));
}

TEST(CellOutline, AClosedRingOfCellsHasAHoleAndAnIslandInItIsAPolygonOfItsOwn) {
    const CellRaster r = raster_of({"11111", "1...1", "1.1.1", "1...1", "11111"});
    const auto polygons = outline(r, 1);
    ASSERT_EQ(polygons.size(), 2u);
    EXPECT_EQ(polygons[0].size(), 2u); // the frame and its hole
    EXPECT_EQ(polygons[1].size(), 1u); // the island
    expect_faithful(r, 1);
}

TEST(CellOutline, CellsMeetingAtACornerOnlyArePolygonsApart) {
    const CellRaster r = raster_of({"1.", ".1"});
    const auto polygons = outline(r, 1);
    ASSERT_EQ(polygons.size(), 2u);
    expect_faithful(r, 1);
    const CellRaster other = raster_of({".1", "1."});
    EXPECT_EQ(outline(other, 1).size(), 2u);
    expect_faithful(other, 1);
}

TEST(CellOutline, AGroupThatTouchesItselfAtACornerGetsAHoleNotAPinchedShell) {
    // Round a stretch of no class that leaks out only through a corner: one ring would pass that
    // corner twice, which OGC forbids; it is a shell and a hole meeting there instead.
    for (const CellRaster& r :
         {raster_of({"111.", "1.1.", "1..1", "1111"}), raster_of({".111", ".1.1", "1..1", "1111"}),
          raster_of({"1111", "1..1", "1.1.", "111."}), raster_of({"1111", "1..1", ".1.1", ".111"})}) {
        const auto polygons = outline(r, 1);
        ASSERT_EQ(polygons.size(), 1u);
        EXPECT_EQ(polygons[0].size(), 2u);
        expect_faithful(r, 1);
    }
}

TEST(CellOutline, RandomRastersComeOutFaithfulAndValid) {
    std::mt19937 random(7);
    for (int round = 0; round < 60; ++round) {
        const int w = 1 + static_cast<int>(random() % 24), h = 1 + static_cast<int>(random() % 24);
        const std::uint16_t classes = static_cast<std::uint16_t>(1 + random() % 3);
        CellRaster r(w, h);
        // Sparse to dense: many corners where cells of a class meet diagonally.
        const unsigned empty_share = random() % 4;
        for (auto& c : r.cells)
            c = random() % 4 < empty_share ? 0 : static_cast<std::uint16_t>(1 + random() % classes);
        SCOPED_TRACE("round " + std::to_string(round));
        expect_faithful(
            r, classes, 1 + static_cast<int>(random() % 20),
            {static_cast<std::int32_t>(random() % 100) - 50, static_cast<std::int32_t>(random() % 100) - 50});
    }
}
