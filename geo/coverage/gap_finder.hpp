#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wangge::geo {

struct Gap {
    double area = 0;
    std::string wkb; ///< one connected gap polygon
};

/// Finds the gaps of a set of polygons meant to tile an area: holes in their union and, when the
/// area's own polygon is given, the parts of it they leave uncovered. Each connected gap larger
/// than `min_area` is one Gap. A strip along the area's boundary that is nowhere wider than
/// `tolerance` is boundary wobble between two surveys, not a gap.
std::vector<Gap> find_gaps(std::span<const std::string_view> polygons,
                           const std::optional<std::string>& area_wkb, double min_area, double tolerance);

} // namespace wangge::geo
