#include "geo/geometry_ops.hpp"

#include "geo/geos_context.hpp"

#include <vector>

namespace wangge::geo {
namespace {

// STRUCTURE repair keeps only polygonal area, so a bowtie or a ring with a spike still unions as area.
GeosGeometry make_valid_polygonal(GeosContext& ctx, const GEOSGeometry* g) {
    auto h = ctx.handle();
    GEOSMakeValidParams* params = ctx.check(GEOSMakeValidParams_create_r(h), "make-valid parameters");
    GEOSMakeValidParams_setMethod_r(h, params, GEOS_MAKE_VALID_STRUCTURE);
    GEOSMakeValidParams_setKeepCollapsed_r(h, params, 0);
    GEOSGeometry* fixed = GEOSMakeValidWithParams_r(h, g, params);
    GEOSMakeValidParams_destroy_r(h, params);
    return GeosGeometry(ctx.check(fixed, "make valid"), GeometryDeleter{h});
}

} // namespace

std::string union_polygons(std::span<const std::string> wkbs) {
    GeosContext& ctx = GeosContext::for_thread();
    auto h = ctx.handle();
    std::vector<GEOSGeometry*> parts;
    parts.reserve(wkbs.size());
    auto release_parts = [&] {
        for (GEOSGeometry* p : parts) GEOSGeom_destroy_r(h, p);
    };
    try {
        for (const std::string& wkb : wkbs) {
            GeosGeometry g = from_wkb(ctx, wkb);
            if (GEOSisValid_r(h, g.get()) != 1) g = make_valid_polygonal(ctx, g.get());
            parts.push_back(g.release());
        }
    } catch (...) {
        release_parts();
        throw;
    }
    // The collection takes ownership of the parts.
    GEOSGeometry* coll = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts.data(),
                                                     static_cast<unsigned>(parts.size()));
    if (!coll) {
        release_parts();
        ctx.fail("collection");
    }
    GeosGeometry collection(coll, GeometryDeleter{h});
    GeosGeometry merged(ctx.check(GEOSUnaryUnion_r(h, collection.get()), "union"), GeometryDeleter{h});
    return to_wkb(ctx, merged.get());
}

double area(std::string_view wkb) {
    GeosContext& ctx = GeosContext::for_thread();
    GeosGeometry g = from_wkb(ctx, wkb);
    double a = 0;
    if (!GEOSArea_r(ctx.handle(), g.get(), &a)) ctx.fail("area");
    return a;
}

bool is_valid(std::string_view wkb) {
    GeosContext& ctx = GeosContext::for_thread();
    GeosGeometry g = from_wkb(ctx, wkb);
    char r = GEOSisValid_r(ctx.handle(), g.get());
    if (r == 2) ctx.fail("validity test");
    return r == 1;
}

} // namespace wangge::geo
