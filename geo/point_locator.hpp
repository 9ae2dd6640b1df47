#pragma once

#include "geo/polygon.hpp"

#include <cstdint>
#include <functional>
#include <span>
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

    /// Index of a polygon that contains p, or -1. When several do, the one of lowest index.
    /// `hint` is a polygon to try first (-1: none).
    long locate(XY p, long hint) const;

    /// locate() of many points: found[i] for points[i], with hints[i] when hints are given (one
    /// per point, negative: none). The points of a city come in no order, so each lookup waits
    /// on memory; here the lookups of a block of points go step by step together, each step
    /// fetching ahead what the next will read, so that their waits overlap.
    void locate(std::span<const XY> points, std::span<const int> hints, std::span<int> found) const;

    /// PolygonRings::distance of polygon i, from the copy kept here: the same number, so that the
    /// polygons themselves can be let go once this is built.
    double distance(std::size_t i, XY p) const;

private:
    /// What a ring test needs of a polygon, in one place: the points in a city are in no order,
    /// so each lookup is a few cache misses, and each array it reads adds one.
    struct Shape {
        Box bounds;
        std::uint32_t first = 0, last = 0; ///< its one ring's coordinates, or its rings in m_ring_start
        bool one_ring = true;
    };
    /// A bucket's polygon: its shape copied beside its index, so that a bucket is one stretch
    /// of memory whose bounds are tested without going anywhere else.
    struct Member {
        Shape shape;
        std::uint32_t polygon = 0;
    };

    bool contains(const Shape& shape, XY p) const;
    /// The bucket holding p, or -1 when p is outside every bucket (or NaN).
    std::int64_t bucket_of(XY p) const;

    std::vector<Shape> m_shapes;
    std::vector<std::uint32_t> m_ring_start; ///< per ring of the polygons with several, and one past the end
    std::vector<XY> m_coords;
    Box m_extent{};
    double m_cell = 1;
    std::int64_t m_cols = 1, m_rows = 1;
    std::vector<std::uint32_t> m_offsets; ///< per bucket, into m_members (CSR)
    std::vector<Member> m_members;
};

} // namespace wangge::geo
