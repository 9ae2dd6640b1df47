#pragma once

// Polygons cut to a tile and put on its integer grid (Mapbox Vector Tile 2.1 §4.3): the tile's
// square plus a buffer, coordinates in tile units with y pointing down, shells of positive area
// and holes of negative area by the surveyor's formula, every polygon valid.
//
// Neighbours stay neighbours: a coordinate is snapped the same way whichever polygon it belongs
// to, and only exactly collinear or repeated vertices are dropped, so a shared edge comes out the
// same on both sides; no slivers open between regions of a coverage.

#include "geo/polygon.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace wangge::geo {

/// The rings of a multipolygon: parts, each a shell followed by its holes (closed rings).
using PolygonParts = std::vector<std::vector<Ring>>;

/// The parts of `polygon` inside `box`: the polygon itself when it lies wholly inside, nothing when
/// it lies wholly outside, else GEOS's rectangle clip (which keeps valid input valid).
PolygonParts clip_to_box(const PolygonRings& polygon, const Box& box);

/// A tile's integer grid: `extent` units across the tile's square `bounds` (EPSG:3857).
struct TileGrid {
    Box bounds;
    int extent = 4096;

    double unit() const noexcept { return (bounds.max_x - bounds.min_x) / extent; }
    /// Tile units, y down, not rounded.
    XY to_units(XY p) const noexcept {
        double k = extent / (bounds.max_x - bounds.min_x); // hoisted out of loops: a multiply a point
        return {(p.x - bounds.min_x) * k, (bounds.max_y - p.y) * k};
    }
    /// The box `buffer` units beyond the tile on every side, in EPSG:3857.
    Box buffered(int buffer) const noexcept { return bounds.expanded(buffer * unit()); }
};

using TilePoint = std::array<std::int32_t, 2>;
/// An open ring (the first point is not repeated) on the tile grid.
using TileRing = std::vector<TilePoint>;
/// One polygon: its shell, then its holes.
using TilePolygon = std::vector<TileRing>;

/// Polygons on the tile grid, flat: rings back to back, a shell (positive area) starting each
/// polygon and its holes (negative area) after it. One shape is reused feature after feature, so
/// a tile of thousands of regions allocates almost nothing.
class TileShape {
public:
    void clear() noexcept { m_points.clear(), m_ends.clear(); }
    bool empty() const noexcept { return m_ends.empty(); }
    std::size_t ring_count() const noexcept { return m_ends.size(); }
    std::span<const TilePoint> ring(std::size_t i) const noexcept {
        std::size_t begin = i == 0 ? 0 : m_ends[i - 1];
        return {m_points.data() + begin, m_ends[i] - begin};
    }
    void add_ring(std::span<const TilePoint> ring);
    /// Keeps the first `rings` rings only.
    void truncate(std::size_t rings);
    /// The shape as polygons (for tests and checks).
    std::vector<TilePolygon> polygons() const;

private:
    std::vector<TilePoint> m_points;
    std::vector<std::size_t> m_ends;
};

/// Twice the signed area of a ring by the surveyor's formula, in tile units (positive: a shell).
std::int64_t twice_area(std::span<const TilePoint> ring) noexcept;

/// Snaps clipped parts to the grid and drops what vanishes at this zoom (rings under three
/// distinct points or of no area), appending the rest to `out`. A polygon that snapping makes
/// invalid (a pinched neck, a hole touching its shell) is snap-rounded by GEOS instead, which keeps
/// it valid.
void snap_to_grid(const PolygonParts& parts, const TileGrid& grid, TileShape& out);
/// The same, as polygons.
std::vector<TilePolygon> snap_to_grid(const PolygonParts& parts, const TileGrid& grid);

/// Whether a snapped polygon is valid by OGC rules (GEOS). For tests and checks.
bool is_valid(const TilePolygon& polygon);

} // namespace wangge::geo
