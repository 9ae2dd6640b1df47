#pragma once

#include "geo/polygon.hpp"
#include "layers/schema.hpp"

#include <string>
#include <utility>

namespace wangge::layers {

/// The rings of a record's stored polygon, or why they cannot be used ("no geometry", "empty
/// geometry", "unreadable geometry: …"; then the rings are empty). A workspace edited by hand
/// may hold such rows: readers report them instead of failing.
std::pair<geo::PolygonRings, std::string> polygon_of(const Record& r);
/// The same of a row read in place.
std::pair<geo::PolygonRings, std::string> polygon_of(const RecordView& r);

} // namespace wangge::layers
