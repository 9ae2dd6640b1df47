#pragma once

// Which polygons of a coverage are neighbours: "queen" contiguity, sharing an edge or only a
// corner (the weights of Getis-Ord Gi* on unit grids).

#include "geo/polygon.hpp"

#include <cstdint>
#include <vector>

namespace wangge::geo {

/// For each polygon, the indices of the others that share at least one point with it: a vertex
/// of one lying within `tolerance` of the other's boundary (or inside it). Sorted, without
/// itself. Empty polygons have no neighbours. Runs on all cores.
std::vector<std::vector<std::uint32_t>> queen_neighbours(const std::vector<PolygonRings>& polygons,
                                                         double tolerance);

} // namespace wangge::geo
