#pragma once

// The outline of a class of cells of a raster as polygons on the tile grid: what a raster's areas
// of one value become as vector geometry (as GDAL's polygonize does, on the tile's integer grid).

#include "geo/tile/tile_geometry.hpp"

#include <cstdint>
#include <vector>

namespace wangge::geo {

/// A raster of class numbers (0: no class), row-major, the top row first.
struct CellRaster {
    int width = 0, height = 0;
    std::vector<std::uint16_t> cells;

    CellRaster() = default;
    CellRaster(int w, int h) : width(w), height(h), cells(static_cast<std::size_t>(w) * static_cast<std::size_t>(h), 0) {}
    std::uint16_t at(int x, int y) const noexcept {
        return cells[static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                     static_cast<std::size_t>(x)];
    }
};

/// Appends to `out` the outline of the raster's cells of class `cls` (not 0): a polygon for each
/// group of them joined side to side (cells that meet at a corner only are apart), with a hole for
/// each stretch of other cells it closes round. Raster corner (x, y) is tile point
/// `origin + cell * (x, y)`. Rings keep only their corners; shells have positive area and holes
/// negative (MVT 2.1 §4.3.4.4). Polygons meet one another, and holes their shell, at single
/// points only: every polygon is valid by OGC rules.
void outline_cells(const CellRaster& raster, std::uint16_t cls, int cell, TilePoint origin, TileShape& out);

} // namespace wangge::geo
