#pragma once

#include <span>
#include <string>
#include <string_view>

namespace wangge::geo {

/// Operations on geometries given as WKB, so that callers outside geo/ never see GEOS types.
/// Each runs on the calling thread's GEOS context.

/// The union of polygons. Invalid inputs are repaired (GEOSMakeValid) first, so that a defective
/// census grid still contributes its area. Returns WKB of a (Multi)Polygon; empty input gives an
/// empty MultiPolygon.
std::string union_polygons(std::span<const std::string> wkbs);
std::string union_polygons(std::span<const std::string_view> wkbs);

/// Planar area in the units of the geometry's CRS (m² in a projected workspace).
double area(std::string_view wkb);

/// True when GEOS finds the geometry valid (OGC rules).
bool is_valid(std::string_view wkb);

} // namespace wangge::geo
