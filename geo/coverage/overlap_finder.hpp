#pragma once

#include "geo/coverage/edge_matching.hpp"
#include "geo/polygon.hpp"

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wangge::geo {

struct Overlap {
    std::size_t a = 0, b = 0; ///< indices of the two polygons, a < b
    double area = 0;          ///< area of their intersection
    std::string wkb;          ///< the intersection (polygonal part)
};

/// Finds every pair of polygons whose interiors overlap by more than `min_area`.
///
/// Good coverages are the common case and cost little: the polygons that edge matching clears
/// (edge_matching.hpp) overlap none of each other, so only pairs with a polygon it could not clear
/// get the exact GEOS test (prepared intersects, then the intersection's area). Invalid polygons
/// are repaired first. Runs on all cores; GEOS per thread. `boxes[i]` is polygon i's bounding box.
/// `polygon(i)` is polygon i as rings (what the proof reads), `wkbs[i]` as WKB (what GEOS reads).
std::vector<Overlap> find_overlaps(std::span<const std::string_view> wkbs, const PolygonAt& polygon,
                                   std::span<const Box> boxes, double min_area);

} // namespace wangge::geo
