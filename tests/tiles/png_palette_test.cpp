// The palette reduction of drawn tiles, on its own and through the encoder: exact when a tile has
// few colours, the frequent colours exact and the rest close when it has many, and the PNG read
// back by Cairo's reader.

#include "tiles/png_canvas.hpp"
#include "tiles/png_encode.hpp"
#include "tiles/png_palette.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <map>

using namespace wangge::tiles;

namespace {

std::uint32_t argb(unsigned a, unsigned r, unsigned g, unsigned b) {
    return (a << 24) | (r << 16) | (g << 8) | b;
}

int channel(std::uint32_t c, int i) {
    return static_cast<int>((c >> (8 * i)) & 0xff);
}

/// Each pixel's colour as the palette gives it back.
std::vector<std::uint32_t> expand(const PalettedImage& image) {
    std::vector<std::uint32_t> out;
    for (std::uint8_t i : image.indices) {
        EXPECT_LT(i, image.palette.size());
        out.push_back(image.palette.at(i));
    }
    return out;
}

void expect_translucent_first(const PalettedImage& image) {
    for (std::size_t i = 0; i < image.palette.size(); ++i)
        EXPECT_EQ(channel(image.palette[i], 3) < 255, i < image.translucent) << "entry " << i;
}

/// A 256 × 256 tile: three fills, a translucent overlay, and `edges` distinct edge colours.
std::vector<std::uint32_t> tile_with_edges(int edges) {
    std::vector<std::uint32_t> px(256 * 256, argb(255, 26, 150, 65));
    for (int i = 0; i < 20000; ++i) px[static_cast<std::size_t>(i)] = argb(255, 215, 25, 28);
    for (int i = 20000; i < 30000; ++i) px[static_cast<std::size_t>(i)] = argb(255, 43, 131, 186);
    for (int i = 30000; i < 31000; ++i) px[static_cast<std::size_t>(i)] = 0;
    for (int i = 31000; i < 32000; ++i) px[static_cast<std::size_t>(i)] = argb(128, 255, 217, 47);
    for (int e = 0; e < edges; ++e) // a blend of two fills, one or two pixels each
        for (int k = 0; k < 1 + e % 2; ++k)
            px[static_cast<std::size_t>(40000 + 2 * e + k)] =
                argb(255 - e % 64, 26 + e * 189 / edges, 150 - e * 125 / edges, 65 - e * 37 / edges);
    return px;
}

TEST(PngPalette, FewColoursAreKeptExactly) {
    auto px = tile_with_edges(200);
    PalettedImage image = reduce_to_palette(px);
    EXPECT_TRUE(image.exact);
    EXPECT_LE(image.palette.size(), 256u);
    EXPECT_EQ(expand(image), px);
    expect_translucent_first(image);
    EXPECT_GT(image.translucent, 0u);
}

TEST(PngPalette, OneColourAndAnEmptyTile) {
    std::vector<std::uint32_t> empty(64, 0);
    PalettedImage image = reduce_to_palette(empty);
    ASSERT_EQ(image.palette.size(), 1u);
    EXPECT_EQ(image.translucent, 1u);
    EXPECT_EQ(expand(image), empty);
}

TEST(PngPalette, ManyColoursKeepTheFrequentOnesExactAndTheRestClose) {
    auto px = tile_with_edges(3000);
    PalettedImage image = reduce_to_palette(px);
    EXPECT_FALSE(image.exact);
    EXPECT_EQ(image.palette.size(), 256u);
    expect_translucent_first(image);
    auto back = expand(image);
    std::map<std::uint32_t, int> counts;
    for (auto p : px) ++counts[p];
    int worst = 0;
    for (std::size_t i = 0; i < px.size(); ++i) {
        if (counts[px[i]] > 100) { // the fills and the overlay
            EXPECT_EQ(back[i], px[i]) << "pixel " << i;
            continue;
        }
        for (int c = 0; c < 4; ++c)
            worst = std::max(worst, std::abs(channel(back[i], c) - channel(px[i], c)));
    }
    // Thousands of edge colours in 128 entries, along gradients of 189 steps of red and 63 of alpha.
    EXPECT_LE(worst, 12);
    EXPECT_GT(worst, 0) << "the edges were not shared at all: the test no longer tests median cut";
}

TEST(PngPalette, TheSameTileGivesTheSameBytes) {
    auto px = tile_with_edges(3000);
    auto a = reduce_to_palette(px), b = reduce_to_palette(px);
    EXPECT_EQ(a.palette, b.palette);
    EXPECT_EQ(a.indices, b.indices);
}

/// Cairo's premultiplied form of a straight colour.
std::uint32_t premultiplied(std::uint32_t c) {
    unsigned a = c >> 24;
    auto pre = [&](int i) { return static_cast<unsigned>((channel(c, i) * a + 127) / 255); };
    return (a << 24) | (pre(2) << 16) | (pre(1) << 8) | pre(0);
}

TEST(PngPalette, EncodedTileIsAPalettePngThatReadsBack) {
    auto px = tile_with_edges(200);
    std::vector<std::uint32_t> cairo(px.size());
    std::transform(px.begin(), px.end(), cairo.begin(), premultiplied);
    std::string png = encode_png(reinterpret_cast<const unsigned char*>(cairo.data()), 256, 256, 256 * 4);
    ASSERT_GT(png.size(), 26u);
    EXPECT_EQ(png.substr(1, 3), "PNG");
    EXPECT_EQ(static_cast<int>(png[25]), 3) << "IHDR colour type: not a palette image";
    EXPECT_NE(png.find("tRNS"), std::string::npos);
    DecodedPng back = decode_png(png);
    ASSERT_EQ(back.width, 256);
    ASSERT_EQ(back.height, 256);
    for (std::size_t i = 0; i < px.size(); i += 97) {
        Rgba got = back.pixels[i];
        std::uint32_t want = px[i];
        if (channel(want, 3) == 0) {
            EXPECT_EQ(got.a, 0) << "pixel " << i;
            continue;
        }
        // Premultiplied storage rounds translucent colours; opaque ones come back exactly.
        int slack = channel(want, 3) == 255 ? 0 : 2;
        EXPECT_NEAR(got.a, channel(want, 3), 0) << "pixel " << i;
        EXPECT_NEAR(got.r, channel(want, 2), slack) << "pixel " << i;
        EXPECT_NEAR(got.g, channel(want, 1), slack) << "pixel " << i;
        EXPECT_NEAR(got.b, channel(want, 0), slack) << "pixel " << i;
    }
}

} // namespace
