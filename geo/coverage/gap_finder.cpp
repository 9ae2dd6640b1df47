#include "geo/coverage/gap_finder.hpp"

#include "geo/geometry_ops.hpp"
#include "geo/geos_context.hpp"

namespace wangge::geo {
namespace {

void add_components(GeosContext& ctx, const GEOSGeometry* g, std::vector<GeosGeometry>& out) {
    auto h = ctx.handle();
    int n = GEOSGetNumGeometries_r(h, g);
    for (int i = 0; i < n; ++i)
        out.emplace_back(ctx.check(GEOSGeom_clone_r(h, GEOSGetGeometryN_r(h, g, i)), "clone"),
                         GeometryDeleter{h});
}

/// Holes of a (multi)polygon as polygons of their own.
std::vector<GeosGeometry> holes_of(GeosContext& ctx, const GEOSGeometry* g) {
    auto h = ctx.handle();
    std::vector<GeosGeometry> out;
    int n = GEOSGetNumGeometries_r(h, g);
    for (int i = 0; i < n; ++i) {
        const GEOSGeometry* poly = GEOSGetGeometryN_r(h, g, i);
        int holes = GEOSGetNumInteriorRings_r(h, poly);
        for (int k = 0; k < holes; ++k) {
            const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(h, GEOSGetInteriorRingN_r(h, poly, k));
            GEOSGeometry* shell = GEOSGeom_createLinearRing_r(h, GEOSCoordSeq_clone_r(h, seq));
            out.emplace_back(ctx.check(GEOSGeom_createPolygon_r(h, shell, nullptr, 0), "hole polygon"),
                             GeometryDeleter{h});
        }
    }
    return out;
}

} // namespace

std::vector<Gap> find_gaps(std::span<const std::string_view> polygons,
                           const std::optional<std::string>& area_wkb, double min_area, double tolerance) {
    GeosContext& ctx = GeosContext::for_thread();
    auto h = ctx.handle();
    GeosGeometry merged = from_wkb(ctx, union_polygons(polygons));
    std::vector<GeosGeometry> gaps;
    std::optional<GeosGeometry> boundary;
    if (area_wkb) {
        GeosGeometry area = from_wkb(ctx, *area_wkb);
        if (GEOSisValid_r(h, area.get()) != 1) area = make_valid_polygonal(ctx, area.get());
        GeosGeometry diff(ctx.check(GEOSDifference_r(h, area.get(), merged.get()), "difference"),
                          GeometryDeleter{h});
        add_components(ctx, polygonal_part(ctx, diff.get()).get(), gaps);
        boundary.emplace(ctx.check(GEOSBoundary_r(h, area.get()), "boundary"), GeometryDeleter{h});
    } else {
        gaps = holes_of(ctx, merged.get());
    }
    std::vector<Gap> out;
    for (const GeosGeometry& g : gaps) {
        double a = 0;
        GEOSArea_r(h, g.get(), &a);
        if (a <= min_area) continue;
        if (boundary && tolerance > 0 &&
            ctx.holds(GEOSIntersects_r(h, g.get(), boundary->get()), "intersects")) {
            GeosGeometry core(ctx.check(GEOSBuffer_r(h, g.get(), -tolerance / 2, 4), "buffer"),
                              GeometryDeleter{h});
            if (GEOSisEmpty_r(h, core.get()) == 1) continue;
        }
        out.push_back({a, to_wkb(ctx, g.get())});
    }
    return out;
}

} // namespace wangge::geo
