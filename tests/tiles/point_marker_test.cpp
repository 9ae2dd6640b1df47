// The points of PNG tiles: counts shortened as Chinese maps write them, discs that grow with the
// count up to the largest, and a cluster's count set small enough to stay inside its disc.

#include "tiles/png_canvas.hpp"
#include "tiles/point_marker.hpp"
#include "tiles/tile_content.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace wangge;
using namespace wangge::tiles;

TEST(PointMarker, LargeCountsAreWrittenInWanAndYiCutNotRounded) {
    EXPECT_EQ(count_label(2), "2");
    EXPECT_EQ(count_label(9999), "9999");
    EXPECT_EQ(count_label(10000), "1万");
    EXPECT_EQ(count_label(12345), "1.2万");
    EXPECT_EQ(count_label(19999), "1.9万");
    EXPECT_EQ(count_label(99999), "9.9万");
    EXPECT_EQ(count_label(100000), "10万");
    EXPECT_EQ(count_label(1234567), "123万");
    EXPECT_EQ(count_label(99999999), "9999万");
    EXPECT_EQ(count_label(100000000), "1亿");
    EXPECT_EQ(count_label(2150000000), "21亿");
}

TEST(PointMarker, DiscsGrowWithTheCountUpToTheLargest) {
    EXPECT_EQ(marker_radius_px(1), 4);
    double last = marker_radius_px(1);
    for (long long n : {2LL, 5LL, 10LL, 50LL, 100LL, 300LL}) {
        EXPECT_GT(marker_radius_px(n), last) << n;
        last = marker_radius_px(n);
    }
    EXPECT_EQ(marker_radius_px(1'000'000), max_marker_radius_px);
}

TEST(PointMarker, NothingOfAClusterIsDrawnOutsideItsDiscAndItsCountIsInIt) {
    // One cluster in each 64-px cell of a tile, the counts from a pair to billions.
    const long long counts[] = {2, 9, 37, 999, 9999, 12345, 987654, 99999999, 2150000000, 7};
    const geo::TileId tile{14, 13382, 7135};
    const geo::Box b = tile.bounds();
    const double px = (b.max_x - b.min_x) / 256;
    TileContent content;
    content.layer = "cases";
    content.tile = tile;
    std::vector<std::pair<double, double>> centres; // in 256-px pixels
    for (std::size_t i = 0; i < std::size(counts); ++i) {
        const double cx = 32 + 64 * static_cast<double>(i % 4), cy = 32 + 64 * static_cast<double>(i / 4);
        centres.emplace_back(cx, cy);
        content.points.push_back(
            {i + 1, {b.min_x + cx * px, b.max_y - cy * px}, counts[i], {215, 48, 31, 255}, {}});
    }
    for (int scale : {1, 2}) {
        const DecodedPng png = decode_png(render_png(content, 256 * scale));
        ASSERT_EQ(png.width, 256 * scale);
        std::vector<int> white_inside(std::size(counts), 0);
        for (int y = 0; y < png.height; ++y)
            for (int x = 0; x < png.width; ++x) {
                const Rgba c = png.at(x, y);
                if (c.a == 0) continue;
                // The pixel's distance to the nearest centre, against that cluster's radius.
                std::size_t nearest = 0;
                double best = 1e9;
                for (std::size_t i = 0; i < centres.size(); ++i) {
                    const double d = std::hypot((x + 0.5) / scale - centres[i].first,
                                                (y + 0.5) / scale - centres[i].second);
                    if (d < best) best = d, nearest = i;
                }
                const double r = marker_radius_px(counts[nearest]);
                ASSERT_LE(best, r + 0.75 / scale)
                    << "count " << counts[nearest] << " @" << scale << "x paints (" << x << ", " << y << ")";
                if (best < r - 2 && c.g > 150) ++white_inside[nearest]; // the fill's green is 48
            }
        for (std::size_t i = 0; i < std::size(counts); ++i) {
            if (counts[i] == 1) continue;
            EXPECT_GT(white_inside[i], 5 * scale * scale) << "count " << counts[i] << " has no text";
        }
    }
}
