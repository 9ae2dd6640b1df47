#pragma once

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
/// Good coverages are the common case and cost little: a group (say a community) whose coverage
/// union is valid and keeps the members' total area has no overlap inside it, so its pairs are
/// skipped; only pairs across groups or inside a defective group get the exact GEOS test
/// (prepared intersects, then the intersection's area). Invalid polygons are repaired first.
/// Runs on all cores; GEOS per thread.
///
/// `boxes[i]` is polygon i's bounding box; `groups[i]` its group (any numbering; empty means one
/// group).
std::vector<Overlap> find_overlaps(std::span<const std::string_view> wkbs, std::span<const Box> boxes,
                                   std::span<const std::size_t> groups, double min_area);

} // namespace wangge::geo
