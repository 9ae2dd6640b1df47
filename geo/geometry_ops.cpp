#include "geo/geometry_ops.hpp"

#include "geo/geos_context.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace wangge::geo {
namespace {

// `collect` reads WKB given by value or through a pointer.
std::string_view wkb_of(std::string_view wkb) {
    return wkb;
}

/// Reads the polygons into one collection (which owns them); `repair` makes invalid ones valid.
template <typename Range> GeosGeometry collect(GeosContext& ctx, const Range& wkbs, bool repair) {
    auto h = ctx.handle();
    std::vector<GeosGeometry> owned;
    owned.reserve(wkbs.size());
    for (const auto& item : wkbs) {
        GeosGeometry g = from_wkb(ctx, wkb_of(item));
        if (repair && GEOSisValid_r(h, g.get()) != 1) g = make_valid_polygonal(ctx, g.get());
        owned.push_back(std::move(g));
    }
    std::vector<GEOSGeometry*> parts;
    parts.reserve(owned.size());
    for (const GeosGeometry& g : owned) parts.push_back(g.get());
    GEOSGeometry* coll = GEOSGeom_createCollection_r(h, GEOS_GEOMETRYCOLLECTION, parts.data(),
                                                     static_cast<unsigned>(parts.size()));
    if (!coll) ctx.fail("collection");               // the parts are still owned, and freed
    for (GeosGeometry& g : owned) (void)g.release(); // the collection owns them now
    return GeosGeometry(coll, GeometryDeleter{h});
}

/// The coverage union (GEOS edge cancellation, fast) when it can be trusted: valid, and keeping the
/// parts' total area (overlapping parts would count their overlap twice). Null otherwise.
GeosGeometry clean_coverage_union(GeosContext& ctx, const GEOSGeometry* parts) {
    auto h = ctx.handle();
    GeosGeometry merged(GEOSCoverageUnion_r(h, parts), GeometryDeleter{h});
    if (!merged || GEOSisValid_r(h, merged.get()) != 1) return GeosGeometry(nullptr, GeometryDeleter{h});
    double sum = 0, a = 0;
    for (int i = 0, n = GEOSGetNumGeometries_r(h, parts); i < n; ++i) {
        double part = 0;
        GEOSArea_r(h, GEOSGetGeometryN_r(h, parts, i), &part);
        sum += part;
    }
    GEOSArea_r(h, merged.get(), &a);
    if (std::abs(sum - a) > 1e-9 * std::max(1.0, sum)) merged.reset();
    return merged;
}

template <typename Range> std::string union_of(const Range& wkbs) {
    GeosContext& ctx = GeosContext::for_thread();
    // Grids that tile exactly (shared vertices) take the fast coverage union; anything else
    // (overlaps, invalid grids, near-miss vertices) takes the repaired overlay union.
    if (GeosGeometry fast = clean_coverage_union(ctx, collect(ctx, wkbs, false).get()))
        return to_wkb(ctx, fast.get());
    GeosGeometry collection = collect(ctx, wkbs, true);
    GeosGeometry merged(ctx.check(GEOSUnaryUnion_r(ctx.handle(), collection.get()), "union"),
                        GeometryDeleter{ctx.handle()});
    return to_wkb(ctx, merged.get());
}

} // namespace

std::string union_polygons(std::span<const std::string> wkbs) {
    return union_of(wkbs);
}

std::string union_polygons(std::span<const std::string_view> wkbs) {
    return union_of(wkbs);
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
