#include "layers/record_polygon.hpp"

namespace wangge::layers {

namespace {

std::pair<geo::PolygonRings, std::string> rings_of(std::string_view wkb, std::string_view geometry_problem) {
    if (!geometry_problem.empty()) return {{}, std::string(geometry_problem)};
    try {
        geo::PolygonRings rings = geo::PolygonRings::from_wkb(wkb);
        if (rings.empty()) return {{}, "empty geometry"};
        return {std::move(rings), ""};
    } catch (const std::exception& e) {
        return {{}, std::string("unreadable geometry: ") + e.what()};
    }
}

} // namespace

std::pair<geo::PolygonRings, std::string> polygon_of(const Record& r) {
    return rings_of(r.wkb, r.geometry_problem);
}

std::pair<geo::PolygonRings, std::string> polygon_of(const RecordView& r) {
    return rings_of(r.wkb, r.geometry_problem);
}

} // namespace wangge::layers
