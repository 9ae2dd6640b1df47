#include "geo/geometry_ops.hpp"

#include "geo/geos_context.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace wangge::geo {
namespace {

// A coverage union of parts that overlap counts the overlap once; the parts' areas count it twice.
bool same_area(GeosContext& ctx, const GEOSGeometry* parts, const GEOSGeometry* merged) {
    double sum = 0, a = 0;
    int n = GEOSGetNumGeometries_r(ctx.handle(), parts);
    for (int i = 0; i < n; ++i) {
        double part = 0;
        GEOSArea_r(ctx.handle(), GEOSGetGeometryN_r(ctx.handle(), parts, i), &part);
        sum += part;
    }
    GEOSArea_r(ctx.handle(), merged, &a);
    return std::abs(sum - a) <= 1e-9 * std::max(1.0, sum);
}

} // namespace

namespace {

/// Owns the parts while they are read, then hands them to a collection.
GeosGeometry collect(GeosContext& ctx, std::span<const std::string> wkbs, bool repair) {
    auto h = ctx.handle();
    std::vector<GEOSGeometry*> parts;
    parts.reserve(wkbs.size());
    try {
        for (const std::string& wkb : wkbs) {
            GeosGeometry g = from_wkb(ctx, wkb);
            if (repair && GEOSisValid_r(h, g.get()) != 1) g = make_valid_polygonal(ctx, g.get());
            parts.push_back(g.release());
        }
    } catch (...) {
        for (GEOSGeometry* p : parts) GEOSGeom_destroy_r(h, p);
        throw;
    }
    GEOSGeometry* coll = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts.data(),
                                                     static_cast<unsigned>(parts.size()));
    if (!coll) {
        for (GEOSGeometry* p : parts) GEOSGeom_destroy_r(h, p);
        ctx.fail("collection");
    }
    return GeosGeometry(coll, GeometryDeleter{h});
}

} // namespace

std::string union_polygons(std::span<const std::string> wkbs) {
    GeosContext& ctx = GeosContext::for_thread();
    auto h = ctx.handle();
    // Grids that tile exactly (shared vertices) union by edge cancellation, far faster than the
    // overlay union. The result is trusted only when it is valid and keeps the parts' total area;
    // anything else (overlaps, invalid grids, near-miss vertices) takes the repaired overlay union.
    GeosGeometry fast = collect(ctx, wkbs, false);
    if (GEOSGeometry* cu = GEOSCoverageUnion_r(h, fast.get())) {
        GeosGeometry merged(cu, GeometryDeleter{h});
        if (GEOSisValid_r(h, cu) == 1 && same_area(ctx, fast.get(), cu)) return to_wkb(ctx, cu);
    }
    GeosGeometry collection = collect(ctx, wkbs, true);
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
