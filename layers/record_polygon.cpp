#include "layers/record_polygon.hpp"

namespace wangge::layers {

std::pair<geo::PolygonRings, std::string> polygon_of(const Record& r) {
    if (!r.geometry_problem.empty()) return {{}, r.geometry_problem};
    try {
        geo::PolygonRings rings = geo::PolygonRings::from_wkb(r.wkb);
        if (rings.empty()) return {{}, "empty geometry"};
        return {std::move(rings), ""};
    } catch (const std::exception& e) {
        return {{}, std::string("unreadable geometry: ") + e.what()};
    }
}

} // namespace wangge::layers
