#pragma once

// Regions too small to draw one by one at a tile's zoom (a city's hectare grids on a tile of
// a whole district), drawn as the areas their colours cover: what a map of them shows at that
// scale, in a vector tile of bounded size. One by one, the 60,000 grids of such a zoom-10 tile
// made 7 MB; a client draws them as a blur of sub-pixel slivers anyway. This is what tippecanoe's
// coalescing of tiny polygons does for the same reason.

#include "tiles/mvt_layer.hpp"
#include "tiles/tile_content.hpp"

#include <span>
#include <vector>

namespace wangge::tiles {

/// Whether a tile's regions (its content, perhaps in parts) are mostly too small to draw one by
/// one: the median region under two pixels of a 256-pixel tile across, and their fills a palette
/// (at most colour_area_palette colours), not a continuous ramp.
bool regions_too_small_to_draw(std::span<const TileContent> parts);

/// Each colour is outlined over the whole tile: a palette keeps that to a few passes.
inline constexpr std::size_t colour_area_palette = 64;

/// The regions of a tile (its content, perhaps in parts built on several threads) as one feature
/// per fill colour: the cells of 16 tile units (a pixel of a 256-pixel tile) where that colour
/// covers the most of 4 × 4 sample points, outlined as valid polygons. A feature carries the
/// properties its colour's regions all share (a level, a grade and its colour; not a code or a
/// value); its id is its colour's place in the order the colours first appear.
MvtLayer colour_areas_layer(std::span<const TileContent> parts);

/// The same areas as a size × size raster over the tile (row-major, top row first; transparent
/// where no colour covers most of a pixel): each pixel in the colour of a region, as the legend
/// has it, where anti-aliasing sub-pixel regions would blend their colours into ones it has not.
std::vector<Rgba> colour_areas_raster(const TileContent& content, int size);

} // namespace wangge::tiles
