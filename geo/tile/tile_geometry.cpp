#include "geo/tile/tile_geometry.hpp"

#include "geo/geos_context.hpp"

#include <algorithm>
#include <cmath>

namespace wangge::geo {
namespace {

bool within(const Box& inner, const Box& outer) {
    return inner.min_x >= outer.min_x && inner.max_x <= outer.max_x && inner.min_y >= outer.min_y &&
           inner.max_y <= outer.max_y;
}

std::int64_t cross(const TilePoint& a, const TilePoint& b, const TilePoint& c) {
    return std::int64_t(b[0] - a[0]) * (c[1] - a[1]) - std::int64_t(b[1] - a[1]) * (c[0] - a[0]);
}

/// Drops repeated and exactly collinear vertices (spikes included) of a closed sequence.
TileRing simplify_ring(TileRing pts) {
    TileRing out;
    out.reserve(pts.size());
    for (const TilePoint& p : pts) {
        if (!out.empty() && out.back() == p) continue;
        while (out.size() >= 2 && cross(out[out.size() - 2], out.back(), p) == 0) out.pop_back();
        if (!out.empty() && out.back() == p) continue;
        out.push_back(p);
    }
    // The seam: the closing point and the first ones may be repeated or collinear too.
    bool changed = true;
    while (changed && out.size() >= 3) {
        changed = false;
        if (out.front() == out.back()) {
            out.pop_back();
            changed = true;
            continue;
        }
        if (cross(out[out.size() - 2], out.back(), out.front()) == 0) {
            out.pop_back();
            changed = true;
        } else if (cross(out.back(), out.front(), out[1]) == 0) {
            out.erase(out.begin());
            changed = true;
        }
    }
    if (out.size() < 3) out.clear();
    return out;
}

int sign(std::int64_t v) {
    return (v > 0) - (v < 0);
}

bool on_segment(const TilePoint& a, const TilePoint& b, const TilePoint& p) {
    return std::min(a[0], b[0]) <= p[0] && p[0] <= std::max(a[0], b[0]) && std::min(a[1], b[1]) <= p[1] &&
           p[1] <= std::max(a[1], b[1]);
}

bool segments_meet(const TilePoint& a, const TilePoint& b, const TilePoint& c, const TilePoint& d) {
    int d1 = sign(cross(c, d, a)), d2 = sign(cross(c, d, b)), d3 = sign(cross(a, b, c)),
        d4 = sign(cross(a, b, d));
    if (d1 != d2 && d3 != d4 && d1 != 0 && d2 != 0 && d3 != 0 && d4 != 0) return true;
    return (d1 == 0 && on_segment(c, d, a)) || (d2 == 0 && on_segment(c, d, b)) ||
           (d3 == 0 && on_segment(a, b, c)) || (d4 == 0 && on_segment(a, b, d));
}

/// No two non-adjacent edges meet (adjacent edges meet only at their shared vertex, which the
/// collinear filter guarantees). Quadratic: used for small rings only.
bool is_simple(const TileRing& r) {
    std::size_t n = r.size();
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = i + 2; j < n; ++j) {
            if (i == 0 && j == n - 1) continue;
            if (segments_meet(r[i], r[(i + 1) % n], r[j], r[(j + 1) % n])) return false;
        }
    }
    return true;
}

GEOSGeometry* ring_to_geos(GeosContext& ctx, const TileRing& r) {
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx.handle(), static_cast<unsigned>(r.size() + 1), 2);
    for (std::size_t i = 0; i <= r.size(); ++i) {
        const TilePoint& p = r[i % r.size()];
        GEOSCoordSeq_setXY_r(ctx.handle(), seq, static_cast<unsigned>(i), p[0], p[1]);
    }
    return ctx.check(GEOSGeom_createLinearRing_r(ctx.handle(), seq), "tile ring");
}

GeosGeometry polygon_to_geos(GeosContext& ctx, const TilePolygon& polygon) {
    GEOSGeometry* shell = ring_to_geos(ctx, polygon.front());
    std::vector<GEOSGeometry*> holes;
    for (std::size_t i = 1; i < polygon.size(); ++i) holes.push_back(ring_to_geos(ctx, polygon[i]));
    GEOSGeometry* g =
        GEOSGeom_createPolygon_r(ctx.handle(), shell, holes.data(), static_cast<unsigned>(holes.size()));
    return GeosGeometry(ctx.check(g, "tile polygon"), GeometryDeleter{ctx.handle()});
}

void orient(TileRing& ring, bool shell) {
    if ((twice_area(ring) > 0) != shell) std::reverse(ring.begin(), ring.end());
}

/// The robust path: GEOS snap-rounding of the part in unit space onto the integer grid.
void snap_round(const std::vector<Ring>& part, const TileGrid& grid, std::vector<TilePolygon>& out) {
    GeosContext& ctx = GeosContext::for_thread();
    std::vector<Ring> units;
    for (const Ring& r : part) {
        Ring u;
        u.reserve(r.size());
        for (const XY& p : r) u.push_back(grid.to_units(p));
        units.push_back(std::move(u));
    }
    GeosGeometry g = from_wkb(ctx, polygon_wkb(units));
    if (!ctx.holds(GEOSisValid_r(ctx.handle(), g.get()), "tile polygon validity"))
        g = make_valid_polygonal(ctx, g.get());
    GeosGeometry snapped(ctx.check(GEOSGeom_setPrecision_r(ctx.handle(), g.get(), 1.0, 0), "snap rounding"),
                         GeometryDeleter{ctx.handle()});
    GeosGeometry polygons = polygonal_part(ctx, snapped.get());
    PolygonRings rings = PolygonRings::from_wkb(to_wkb(ctx, polygons.get()));
    for (const auto& p : rings.parts()) {
        TilePolygon tp;
        for (const Ring& r : p) {
            TileRing tr;
            for (const XY& q : r)
                tr.push_back({static_cast<std::int32_t>(std::lround(q.x)),
                              static_cast<std::int32_t>(std::lround(q.y))});
            if (tr.size() > 1 && tr.front() == tr.back()) tr.pop_back();
            if (tr.size() < 3 || twice_area(tr) == 0) {
                if (tp.empty()) break;
                continue;
            }
            orient(tr, tp.empty());
            tp.push_back(std::move(tr));
        }
        if (!tp.empty()) out.push_back(std::move(tp));
    }
}

} // namespace

PolygonParts clip_to_box(const PolygonRings& polygon, const Box& box) {
    if (polygon.empty() || !polygon.bounds().intersects(box)) return {};
    if (within(polygon.bounds(), box)) return polygon.parts();
    GeosContext& ctx = GeosContext::for_thread();
    GeosGeometry g = from_wkb(ctx, multipolygon_wkb(polygon.parts()));
    GeosGeometry clipped(
        ctx.check(GEOSClipByRect_r(ctx.handle(), g.get(), box.min_x, box.min_y, box.max_x, box.max_y),
                  "tile clip"),
        GeometryDeleter{ctx.handle()});
    if (GEOSisEmpty_r(ctx.handle(), clipped.get()) == 1) return {};
    GeosGeometry polygons = polygonal_part(ctx, clipped.get());
    if (GEOSisEmpty_r(ctx.handle(), polygons.get()) == 1) return {};
    return PolygonRings::from_wkb(to_wkb(ctx, polygons.get())).parts();
}

std::int64_t twice_area(const TileRing& ring) noexcept {
    std::int64_t s = 0;
    for (std::size_t i = 0, n = ring.size(); i < n; ++i) {
        const TilePoint& a = ring[i];
        const TilePoint& b = ring[(i + 1) % n];
        s += std::int64_t(a[0]) * b[1] - std::int64_t(b[0]) * a[1];
    }
    return s;
}

std::vector<TilePolygon> snap_to_grid(const PolygonParts& parts, const TileGrid& grid) {
    std::vector<TilePolygon> out;
    for (const auto& part : parts) {
        TilePolygon polygon;
        bool needs_geos = false;
        for (const Ring& r : part) {
            TileRing snapped;
            snapped.reserve(r.size());
            for (const XY& p : r) {
                XY u = grid.to_units(p);
                snapped.push_back({static_cast<std::int32_t>(std::lround(u.x)),
                                   static_cast<std::int32_t>(std::lround(u.y))});
            }
            snapped = simplify_ring(std::move(snapped));
            if (snapped.empty() || twice_area(snapped) == 0) {
                if (polygon.empty()) break; // the shell vanished: so does the polygon
                continue;                   // a hole smaller than a unit
            }
            orient(snapped, polygon.empty());
            polygon.push_back(std::move(snapped));
        }
        if (polygon.empty()) continue;
        if (polygon.size() > 1 || polygon.front().size() > 64)
            needs_geos = !is_valid(polygon);
        else
            needs_geos = !is_simple(polygon.front());
        if (needs_geos)
            snap_round(part, grid, out);
        else
            out.push_back(std::move(polygon));
    }
    return out;
}

bool is_valid(const TilePolygon& polygon) {
    if (polygon.empty()) return false;
    GeosContext& ctx = GeosContext::for_thread();
    GeosGeometry g = polygon_to_geos(ctx, polygon);
    return ctx.holds(GEOSisValid_r(ctx.handle(), g.get()), "tile polygon validity");
}

} // namespace wangge::geo
