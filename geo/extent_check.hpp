#pragma once

#include "geo/crs.hpp"
#include "geo/polygon.hpp"

#include <string>

namespace wangge::geo {

/// Whether a layer's coordinates can be what its CRS says.
enum class ExtentVerdict {
    fits,    ///< within the CRS's area of use (or the CRS declares none)
    swapped, ///< outside, but inside with x and y exchanged (northing written first)
    outside, ///< outside either way: a wrong CRS, or shifted coordinates
};

/// Judges a layer's extent, in `crs` with x east (or longitude) first, against the CRS's area of
/// use widened by `margin_deg` degrees (surveys run past a Gauss–Krüger zone's edge). Samples a
/// 3 × 3 lattice of the extent; one sample outside is enough to fail. Cost: one PROJ
/// transformation of 18 points.
ExtentVerdict judge_extent(const CrsInfo& crs, const Box& extent, double margin_deg = 1.5);

/// "x 479987..482013, y 2479988..2481514": an extent for a message.
std::string describe_extent(const Box& extent);

} // namespace wangge::geo
