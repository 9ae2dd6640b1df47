#pragma once

// A drawn tile's colours reduced to a PNG palette of at most 256 entries, as map servers serve
// raster tiles (Mapnik's "png8"): a tile of flat grade colours then weighs under half of its RGBA
// form, which is what a browser loads and the tile cache keeps. The reduction is exact when the
// tile has 256 colours or fewer. Otherwise the most frequent colours (the region fills) stay
// exact and the rest (the anti-aliased edges, a heat map's gradient) share the remaining entries
// by median cut.

#include <cstdint>
#include <span>
#include <vector>

namespace wangge::tiles {

struct PalettedImage {
    /// Straight (not premultiplied) colours as 0xAARRGGBB; the translucent ones first, so that
    /// PNG's tRNS chunk lists only them.
    std::vector<std::uint32_t> palette;
    std::size_t translucent = 0;       ///< how many leading entries have alpha below 255
    std::vector<std::uint8_t> indices; ///< one per pixel, into the palette
    bool exact = true;                 ///< every pixel's colour is in the palette as it was
};

/// The palette and indices of an image of straight 0xAARRGGBB pixels.
PalettedImage reduce_to_palette(std::span<const std::uint32_t> pixels);

} // namespace wangge::tiles
