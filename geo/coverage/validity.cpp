#include "geo/coverage/validity.hpp"

#include "geo/geos_context.hpp"

namespace wangge::geo {

Validity check_validity(std::string_view wkb) {
    GeosContext& ctx = GeosContext::for_thread();
    auto h = ctx.handle();
    GeosGeometry g = from_wkb(ctx, wkb);
    char* reason = nullptr;
    GEOSGeometry* location = nullptr;
    char r = GEOSisValidDetail_r(h, g.get(), 0, &reason, &location);
    if (r == 2) ctx.fail("validity test");
    Validity v;
    v.valid = r == 1;
    if (reason) {
        if (!v.valid) v.reason = reason;
        GEOSFree_r(h, reason);
    }
    if (location) {
        GEOSGeomGetX_r(h, location, &v.location.x);
        GEOSGeomGetY_r(h, location, &v.location.y);
        GEOSGeom_destroy_r(h, location);
    }
    return v;
}

} // namespace wangge::geo
