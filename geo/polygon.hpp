#pragma once

#include "geo/wkb.hpp"

#include <string_view>
#include <vector>

namespace wangge::geo {

struct Box {
    double min_x = 0, min_y = 0, max_x = 0, max_y = 0;
    bool intersects(const Box& o) const {
        return min_x <= o.max_x && o.min_x <= max_x && min_y <= o.max_y && o.min_y <= max_y;
    }
    Box expanded(double d) const { return {min_x - d, min_y - d, max_x + d, max_y + d}; }
    bool contains(const Box& o) const {
        return min_x <= o.min_x && o.max_x <= max_x && min_y <= o.min_y && o.max_y <= max_y;
    }
};

/// The distance from p to the segment a–b.
double segment_distance(XY p, XY a, XY b);

/// A (multi)polygon as plain rings, for the hot loops that GEOS would make slow: point in polygon
/// and distance to the boundary for millions of points. Rings are closed. Not validated.
class PolygonRings {
public:
    PolygonRings() = default;
    /// Reads ISO WKB of a 2D Polygon or MultiPolygon; throws BackendError on anything else, on
    /// truncated bytes (counts are checked against the bytes left before anything is allocated)
    /// and on coordinates that are not finite numbers.
    static PolygonRings from_wkb(std::string_view wkb);
    /// Takes parts as they are (each a shell then its holes, closed rings) and computes the bounds.
    static PolygonRings from_parts(std::vector<std::vector<Ring>> parts);

    /// Parts, each a shell followed by its holes.
    const std::vector<std::vector<Ring>>& parts() const noexcept { return m_parts; }
    const Box& bounds() const noexcept { return m_bounds; }
    bool empty() const noexcept { return m_parts.empty(); }

    /// Even–odd rule over every ring: inside a shell and outside its holes.
    bool contains(XY p) const;
    /// Distance from p to the polygon: 0 inside, else to the nearest boundary segment.
    double distance(XY p) const;
    /// Whether distance(p) <= tolerance, found without measuring every edge: an edge near enough
    /// ends the search (a neighbour's shared vertex is on the first few), the inside test last.
    bool within(XY p, double tolerance) const;
    /// Sum of shell areas minus hole areas (absolute shoelace per ring).
    double area() const;
    double perimeter() const;
    /// A point well inside the first part: the centroid when it is inside, else a point found on a
    /// horizontal scan line. For locating a polygon in a coarser region.
    XY interior_point() const;

private:
    std::vector<std::vector<Ring>> m_parts;
    Box m_bounds;
};

} // namespace wangge::geo
