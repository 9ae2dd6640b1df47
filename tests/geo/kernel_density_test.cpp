// The heat map's kernel density: mass preserved, and no seams between rasters computed apart.

#include "geo/kernel_density.hpp"

#include <gtest/gtest.h>

#include <numeric>

using namespace wangge::geo;

namespace {

std::vector<XY> scattered() {
    std::vector<XY> pts;
    for (int i = 0; i < 400; ++i)
        pts.push_back({static_cast<double>((i * 37) % 512) + 0.3, static_cast<double>((i * 91) % 256) + 0.7});
    return pts;
}

} // namespace

TEST(KernelDensity, EachPointAddsOne) {
    std::vector<XY> one{{128, 128}};
    auto d = kernel_density(one, {{0, 0, 256, 256}, 256, 256}, 40);
    double total = std::accumulate(d.begin(), d.end(), 0.0); // pixel area is 1
    EXPECT_NEAR(total, 1.0, 0.01);
    EXPECT_GT(d[128 * 256 + 128], d[128 * 256 + 150]);
    EXPECT_EQ(d[0], 0.0f);
}

TEST(KernelDensity, TwoTilesComputedApartMatchOneRasterOverBoth) {
    auto pts = scattered();
    auto both = kernel_density(pts, {{0, 0, 512, 256}, 512, 256}, 30);
    auto left = kernel_density(pts, {{0, 0, 256, 256}, 256, 256}, 30);
    // The right tile sees only the points within the radius of it, as a tile renderer would.
    std::vector<XY> near_right;
    for (const XY& p : pts)
        if (p.x >= 256 - 30) near_right.push_back(p);
    auto right = kernel_density(near_right, {{256, 0, 512, 256}, 256, 256}, 30);
    for (int r = 0; r < 256; ++r)
        for (int c = 0; c < 256; ++c) {
            ASSERT_EQ(left[static_cast<std::size_t>(r * 256 + c)],
                      both[static_cast<std::size_t>(r * 512 + c)]);
            ASSERT_EQ(right[static_cast<std::size_t>(r * 256 + c)],
                      both[static_cast<std::size_t>(r * 512 + 256 + c)]);
        }
}
