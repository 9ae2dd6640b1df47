#pragma once

#include "geo/wkb.hpp"

#include <string>
#include <string_view>

namespace wangge::geo {

struct Validity {
    bool valid = true;
    std::string reason; ///< GEOS's words: "Self-intersection", "Ring Self-intersection", …
    XY location;        ///< where GEOS found the problem
};

/// OGC validity of a polygon, with GEOS's reason and location (GEOSisValidDetail).
Validity check_validity(std::string_view wkb);

} // namespace wangge::geo
