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

/// A point of a ring being tested: on the tile grid (exact in 64-bit integers) or in map units.
using MapPoint = std::array<double, 2>;

std::int64_t cross(const TilePoint& a, const TilePoint& b, const TilePoint& c) {
    return std::int64_t(b[0] - a[0]) * (c[1] - a[1]) - std::int64_t(b[1] - a[1]) * (c[0] - a[0]);
}
double cross(const MapPoint& a, const MapPoint& b, const MapPoint& c) {
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

/// Point equality without a call to memcmp (which std::array's operator== becomes here).
bool same(const TilePoint& a, const TilePoint& b) noexcept {
    return a[0] == b[0] && a[1] == b[1];
}

/// std::lround, without the call into libm: the nearest integer, halves away from zero.
std::int32_t nearest(double v) noexcept {
    return static_cast<std::int32_t>(v >= 0 ? v + 0.5 : v - 0.5);
}

/// Drops repeated and exactly collinear vertices (spikes included) of a closed sequence; `out`
/// ends empty when fewer than three are left.
void simplify_ring(std::span<const TilePoint> pts, TileRing& out) {
    out.clear();
    for (const TilePoint& p : pts) {
        if (!out.empty() && same(out.back(), p)) continue;
        while (out.size() >= 2 && cross(out[out.size() - 2], out.back(), p) == 0) out.pop_back();
        if (!out.empty() && same(out.back(), p)) continue;
        out.push_back(p);
    }
    // The seam: the closing point and the first ones may be repeated or collinear too.
    bool changed = true;
    while (changed && out.size() >= 3) {
        changed = false;
        if (same(out.front(), out.back())) {
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
}

template <class Number> int sign(Number v) {
    return (v > 0) - (v < 0);
}

template <class Point> bool on_segment(const Point& a, const Point& b, const Point& p) {
    return std::min(a[0], b[0]) <= p[0] && p[0] <= std::max(a[0], b[0]) && std::min(a[1], b[1]) <= p[1] &&
           p[1] <= std::max(a[1], b[1]);
}

template <class Point> bool segments_meet(const Point& a, const Point& b, const Point& c, const Point& d) {
    int d1 = sign(cross(c, d, a)), d2 = sign(cross(c, d, b)), d3 = sign(cross(a, b, c)),
        d4 = sign(cross(a, b, d));
    if (d1 != d2 && d3 != d4 && d1 != 0 && d2 != 0 && d3 != 0 && d4 != 0) return true;
    return (d1 == 0 && on_segment(c, d, a)) || (d2 == 0 && on_segment(c, d, b)) ||
           (d3 == 0 && on_segment(a, b, c)) || (d4 == 0 && on_segment(a, b, d));
}

/// Counts the changes of sign, going round, of a closed sequence of nonzero signs.
template <class Sign> int cyclic_changes(std::size_t n, Sign sign_at) {
    int first = 0, last = 0, changes = 0;
    for (std::size_t i = 0; i < n; ++i) {
        int s = sign_at(i);
        if (s == 0) continue;
        if (first == 0) first = s;
        if (last != 0 && s != last) ++changes;
        last = s;
    }
    return changes + (first != 0 && last != first);
}

/// Turns the same way at every vertex and goes round once (x and y each reverse direction twice):
/// convex, hence simple. Most grids are.
template <class Point> bool is_convex(std::span<const Point> r) {
    const std::size_t n = r.size();
    if (n < 3) return false;
    // The next index going round, without a division: this runs for every feature of a tile.
    auto next = [n](std::size_t i) { return i + 1 == n ? 0 : i + 1; };
    int turn = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t j = next(i);
        int s = sign(cross(r[i], r[j], r[next(j)]));
        if (s == 0 || (turn != 0 && s != turn)) return false;
        turn = s;
    }
    auto direction = [&](std::size_t axis) {
        return [&r, next, axis](std::size_t i) {
            auto d = r[next(i)][axis] - r[i][axis];
            return (d > 0) - (d < 0);
        };
    };
    return cyclic_changes(n, direction(0)) == 2 && cyclic_changes(n, direction(1)) == 2;
}

/// No two non-adjacent edges meet (adjacent edges meet only at their shared vertex, which the
/// collinear filter guarantees). Quadratic, after the linear test for the common convex case:
/// used for small rings only.
template <class Point> bool is_simple(std::span<const Point> r) {
    if (is_convex(r)) return true;
    const std::size_t n = r.size();
    // Each edge's box first: most pairs of edges are far apart, and two boxes that do not touch
    // need no orientation tests.
    using Coord = std::remove_cvref_t<decltype(r[0][0])>;
    struct EdgeBox {
        Coord min_x, max_x, min_y, max_y;
    };
    thread_local std::vector<EdgeBox> boxes;
    boxes.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const Point &a = r[i], &b = r[i + 1 == n ? 0 : i + 1];
        boxes[i] = {std::min(a[0], b[0]), std::max(a[0], b[0]), std::min(a[1], b[1]), std::max(a[1], b[1])};
    }
    for (std::size_t i = 0; i < n; ++i) {
        const EdgeBox& bi = boxes[i];
        for (std::size_t j = i + 2; j < n; ++j) {
            if (i == 0 && j == n - 1) continue;
            const EdgeBox& bj = boxes[j];
            if (bj.min_x > bi.max_x || bj.max_x < bi.min_x || bj.min_y > bi.max_y || bj.max_y < bi.min_y)
                continue;
            if (segments_meet(r[i], r[(i + 1) % n], r[j], r[(j + 1) % n])) return false;
        }
    }
    return true;
}

GEOSGeometry* ring_to_geos(GeosContext& ctx, std::span<const TilePoint> r) {
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
void snap_round(const std::vector<Ring>& part, const TileGrid& grid, TileShape& out) {
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
        std::size_t kept = 0;
        for (const Ring& r : p) {
            TileRing tr;
            for (const XY& q : r)
                tr.push_back({static_cast<std::int32_t>(std::lround(q.x)),
                              static_cast<std::int32_t>(std::lround(q.y))});
            if (tr.size() > 1 && tr.front() == tr.back()) tr.pop_back();
            if (tr.size() < 3 || twice_area(tr) == 0) {
                if (kept == 0) break;
                continue;
            }
            orient(tr, kept == 0);
            out.add_ring(tr);
            ++kept;
        }
    }
}

/// A ring cut to a box by Sutherland–Hodgman; closed, or empty.
Ring clip_ring(const Ring& ring, const Box& box) {
    Ring in(ring.begin(), ring.end() - 1), out; // open
    auto cut = [&](auto inside, auto cross_at) {
        out.clear();
        for (std::size_t i = 0; i < in.size(); ++i) {
            const XY& a = in[i];
            const XY& b = in[(i + 1) % in.size()];
            if (inside(a)) out.push_back(a);
            if (inside(a) != inside(b)) out.push_back(cross_at(a, b));
        }
        std::swap(in, out);
    };
    auto at_x = [](double x) {
        return [x](const XY& a, const XY& b) { return XY{x, a.y + (b.y - a.y) * (x - a.x) / (b.x - a.x)}; };
    };
    auto at_y = [](double y) {
        return [y](const XY& a, const XY& b) { return XY{a.x + (b.x - a.x) * (y - a.y) / (b.y - a.y), y}; };
    };
    cut([&](const XY& p) { return p.x >= box.min_x; }, at_x(box.min_x));
    cut([&](const XY& p) { return p.x <= box.max_x; }, at_x(box.max_x));
    cut([&](const XY& p) { return p.y >= box.min_y; }, at_y(box.min_y));
    cut([&](const XY& p) { return p.y <= box.max_y; }, at_y(box.max_y));
    if (in.size() < 3) return {};
    in.push_back(in.front());
    return in;
}

/// An open ring of map points without repeated neighbours, or empty when that leaves under three.
std::vector<MapPoint> map_points(const Ring& ring) {
    std::vector<MapPoint> pts;
    pts.reserve(ring.size());
    for (const XY& p : ring)
        if (pts.empty() || pts.back() != MapPoint{p.x, p.y}) pts.push_back({p.x, p.y});
    while (pts.size() > 1 && pts.front() == pts.back()) pts.pop_back();
    if (pts.size() < 3) pts.clear();
    return pts;
}

/// Simple, and no edge folds back onto the one before it (a spike the quadratic test skips).
bool is_simple_ring(const Ring& ring) {
    std::vector<MapPoint> pts = map_points(ring);
    const std::size_t n = pts.size();
    if (n < 3) return false;
    for (std::size_t i = 0; i < n; ++i) {
        const MapPoint &a = pts[i], &b = pts[(i + 1) % n], &c = pts[(i + 2) % n];
        if (cross(a, b, c) == 0 && (b[0] - a[0]) * (c[0] - b[0]) + (b[1] - a[1]) * (c[1] - b[1]) < 0)
            return false;
    }
    return is_simple(std::span<const MapPoint>(pts));
}

} // namespace

PolygonParts clip_to_box(const PolygonRings& polygon, const Box& box) {
    if (polygon.empty() || !polygon.bounds().intersects(box)) return {};
    if (within(polygon.bounds(), box)) return polygon.parts();
    // A single small ring (most grids): Sutherland–Hodgman, exact for convex rings and for any
    // ring that comes out simple. A concave ring leaving the box and coming back gives lobes
    // joined along the box's edge, which GEOS cuts apart instead.
    const PolygonParts& parts = polygon.parts();
    if (parts.size() == 1 && parts[0].size() == 1 && parts[0][0].size() <= 65) {
        Ring clipped = clip_ring(parts[0][0], box);
        if (clipped.empty()) return {};
        std::vector<MapPoint> input = map_points(parts[0][0]);
        if (is_convex(std::span<const MapPoint>(input)) || is_simple_ring(clipped))
            return {{std::move(clipped)}};
    }
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

void TileShape::add_ring(std::span<const TilePoint> ring) {
    m_points.insert(m_points.end(), ring.begin(), ring.end());
    m_ends.push_back(m_points.size());
}

void TileShape::truncate(std::size_t rings) {
    if (rings >= m_ends.size()) return;
    m_points.resize(rings == 0 ? 0 : m_ends[rings - 1]);
    m_ends.resize(rings);
}

std::vector<TilePolygon> TileShape::polygons() const {
    std::vector<TilePolygon> out;
    for (std::size_t i = 0; i < ring_count(); ++i) {
        std::span<const TilePoint> r = ring(i);
        if (out.empty() || twice_area(r) > 0) out.emplace_back();
        out.back().emplace_back(r.begin(), r.end());
    }
    return out;
}

std::int64_t twice_area(std::span<const TilePoint> ring) noexcept {
    std::int64_t s = 0;
    for (std::size_t i = 0, n = ring.size(); i < n; ++i) {
        const TilePoint& a = ring[i];
        const TilePoint& b = ring[(i + 1) % n];
        s += std::int64_t(a[0]) * b[1] - std::int64_t(b[0]) * a[1];
    }
    return s;
}

void snap_to_grid(const PolygonParts& parts, const TileGrid& grid, TileShape& out) {
    thread_local TileRing raw, ring; // scratch, reused tile after tile
    for (const auto& part : parts) {
        const std::size_t first = out.ring_count();
        std::size_t largest = 0;
        for (const Ring& r : part) {
            raw.clear();
            for (const XY& p : r) {
                XY u = grid.to_units(p);
                raw.push_back({nearest(u.x), nearest(u.y)});
            }
            simplify_ring(raw, ring);
            if (ring.empty() || twice_area(ring) == 0) {
                if (out.ring_count() == first) break; // the shell vanished: so does the polygon
                continue;                             // a hole smaller than a unit
            }
            orient(ring, out.ring_count() == first);
            out.add_ring(ring);
            largest = std::max(largest, ring.size());
        }
        const std::size_t rings = out.ring_count() - first;
        if (rings == 0) continue;
        bool valid;
        if (rings == 1 && largest <= 64) {
            valid = is_simple(out.ring(first));
        } else {
            TilePolygon polygon;
            for (std::size_t i = first; i < out.ring_count(); ++i)
                polygon.emplace_back(out.ring(i).begin(), out.ring(i).end());
            valid = is_valid(polygon);
        }
        if (!valid) {
            out.truncate(first);
            snap_round(part, grid, out);
        }
    }
}

std::vector<TilePolygon> snap_to_grid(const PolygonParts& parts, const TileGrid& grid) {
    TileShape shape;
    snap_to_grid(parts, grid, shape);
    return shape.polygons();
}

bool is_valid(const TilePolygon& polygon) {
    if (polygon.empty()) return false;
    GeosContext& ctx = GeosContext::for_thread();
    GeosGeometry g = polygon_to_geos(ctx, polygon);
    return ctx.holds(GEOSisValid_r(ctx.handle(), g.get()), "tile polygon validity");
}

} // namespace wangge::geo
