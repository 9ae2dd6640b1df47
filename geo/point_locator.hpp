#pragma once

#include "geo/polygon.hpp"

#include <cstdint>
#include <functional>
#include <vector>

namespace wangge::geo {

/// Finds the polygon (unit grid) that contains a point: the hinted polygon first (a case's or
/// component's own grid code is usually right), else the few polygons of the point's bucket in a
/// uniform grid of buckets about one polygon wide (unit grids are all of a size, so a bucket
/// holds a handful: cheaper than an R-tree descent), each by a plain ring test.
/// Built once (it copies what it needs), then read-only: safe to query from many threads.
class PointLocator {
public:
    explicit PointLocator(const std::vector<PolygonRings>& polygons);
    /// From polygons held elsewhere: `polygon(i)` for i in [0, count).
    PointLocator(std::size_t count, const std::function<const PolygonRings&(std::size_t)>& polygon);

    /// Index of a polygon that contains p, or -1. `hint` is a polygon to try first (-1: none).
    long locate(XY p, long hint) const;

private:
    bool contains(std::size_t polygon, XY p) const;

    // The polygons again, flat: bounds, then rings as ranges of one coordinate array, so that a
    // test touches two or three cache lines instead of chasing nested vectors.
    std::vector<Box> m_bounds;
    std::vector<std::uint32_t> m_first_ring; ///< per polygon, and one past the end
    std::vector<std::uint32_t> m_ring_start; ///< per ring, and one past the end
    std::vector<XY> m_coords;
    Box m_extent{};
    double m_cell = 1;
    std::int64_t m_cols = 1, m_rows = 1;
    std::vector<std::uint32_t> m_offsets; ///< per bucket, into m_members (CSR)
    std::vector<std::uint32_t> m_members;
};

} // namespace wangge::geo
