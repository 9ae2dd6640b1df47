#pragma once

// Proof that the polygons of a coverage do not overlap, from their edges alone (the idea of
// JTS's CoverageValidator): in a coverage whose neighbours share exact edges no pair of polygons
// needs an overlay.
//
// With every ring simple and oriented so that its polygon lies on the left, and
//   (a) each edge used at most twice, and then in opposite directions by two polygons,
//   (b) no edge used once (a boundary of the coverage) meeting another edge except at a common
//       end (no crossing, no vertex on it, no collinear overlap), and
//   (c) the midpoint of each edge used once outside every other polygon,
// the number of polygons over a point changes only across edges used once, by one: across an
// edge used twice one polygon ends where the other begins, whatever else crosses there. By (b)
// and (c) the inside of an edge used once lies apart from every other polygon, so the number is
// 0 on its outer side and 1 on its inner. Counting from far outside, it is never 2: no two
// polygons overlap. (Edges used twice need not be tested against each other, which spares
// nearly all the work inside a coverage: JTS tests only the unmatched ones too.)
//
// The polygons that break a condition are not cleared; the proof is then run again without them,
// so that what it clears is cleared for certain and only the few others need exact tests.

#include "geo/polygon.hpp"

#include <cstddef>
#include <functional>
#include <span>
#include <vector>

namespace wangge::geo {

/// The polygons that cannot be cleared of overlapping another: those of several parts or with
/// holes, of no area, or breaking (a)–(c), until the rest passes; ascending. No two polygons
/// outside the list overlap. `boxes[i]` is polygon i's bounding box.
using PolygonAt = std::function<const PolygonRings&(std::size_t)>;
std::vector<std::size_t> polygons_not_cleared(std::size_t count, const PolygonAt& polygon,
                                              std::span<const Box> boxes);

} // namespace wangge::geo
