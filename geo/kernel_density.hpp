#pragma once

// Kernel density of points on a raster (the case heat map): the quartic (biweight) kernel of
// QGIS's heatmap and ArcGIS's Kernel Density, K(u) = 3/π · (1 − u²)² for u = d / radius < 1,
// so that each point adds 1 in total. Every pixel is valued at its centre from the points around
// it, whatever raster it belongs to: two adjacent tiles computed apart agree with one raster
// computed over both (no seams), provided each is given the points within `radius` of it.

#include "geo/polygon.hpp"

#include <span>
#include <vector>

namespace wangge::geo {

struct RasterFrame {
    Box bounds; ///< the raster's extent; pixels are square
    int width = 256, height = 256;
};

/// Points per square unit at each pixel centre, row-major from the top (north) row.
std::vector<float> kernel_density(std::span<const XY> points, const RasterFrame& frame, double radius);

} // namespace wangge::geo
