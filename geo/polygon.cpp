#include "geo/polygon.hpp"

#include "geo/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace wangge::geo {
namespace {

std::vector<Ring> read_polygon(WkbReader& c, bool le, Box& b) {
    std::uint32_t rings = c.count(le, 4);
    std::vector<Ring> out(rings);
    for (auto& ring : out) {
        std::uint32_t n = c.count(le, 16);
        ring.resize(n);
        for (auto& p : ring) {
            p.x = c.f64(le);
            p.y = c.f64(le);
            if (!std::isfinite(p.x) || !std::isfinite(p.y))
                throw BackendError("a coordinate is not a number");
            b.min_x = std::min(b.min_x, p.x), b.max_x = std::max(b.max_x, p.x);
            b.min_y = std::min(b.min_y, p.y), b.max_y = std::max(b.max_y, p.y);
        }
    }
    return out;
}

double ring_area(const Ring& r) {
    double s = 0;
    for (std::size_t i = 0; i + 1 < r.size(); ++i) s += r[i].x * r[i + 1].y - r[i + 1].x * r[i].y;
    return std::fabs(s) / 2;
}

} // namespace

double segment_distance(XY p, XY a, XY b) {
    double dx = b.x - a.x, dy = b.y - a.y;
    double len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;
    t = std::clamp(t, 0.0, 1.0);
    double qx = a.x + t * dx - p.x, qy = a.y + t * dy - p.y;
    return std::sqrt(qx * qx + qy * qy);
}

PolygonRings PolygonRings::from_parts(std::vector<std::vector<Ring>> parts) {
    PolygonRings p;
    constexpr double inf = std::numeric_limits<double>::infinity();
    p.m_bounds = {inf, inf, -inf, -inf};
    for (const auto& part : parts)
        for (const Ring& r : part)
            for (const XY& q : r) {
                p.m_bounds.min_x = std::min(p.m_bounds.min_x, q.x),
                p.m_bounds.max_x = std::max(p.m_bounds.max_x, q.x);
                p.m_bounds.min_y = std::min(p.m_bounds.min_y, q.y),
                p.m_bounds.max_y = std::max(p.m_bounds.max_y, q.y);
            }
    p.m_parts = std::move(parts);
    return p;
}

PolygonRings PolygonRings::from_wkb(std::string_view wkb) {
    PolygonRings p;
    constexpr double inf = std::numeric_limits<double>::infinity();
    p.m_bounds = {inf, inf, -inf, -inf};
    WkbReader c(wkb);
    bool le = c.byte_order();
    // The workspace holds 2D geometries; a Z or M variant would be misread as 2D.
    std::uint32_t type = c.u32(le);
    if (type == 3) {
        p.m_parts.push_back(read_polygon(c, le, p.m_bounds));
    } else if (type == 6) {
        std::uint32_t n = c.count(le, 9);
        for (std::uint32_t i = 0; i < n; ++i) {
            bool ple = c.byte_order();
            if (c.u32(ple) != 3) throw BackendError("MultiPolygon WKB holds a non-polygon");
            p.m_parts.push_back(read_polygon(c, ple, p.m_bounds));
        }
    } else {
        throw BackendError("WKB is not a 2D Polygon or MultiPolygon");
    }
    return p;
}

bool PolygonRings::contains(XY p) const {
    if (!(p.x >= m_bounds.min_x && p.x <= m_bounds.max_x && p.y >= m_bounds.min_y && p.y <= m_bounds.max_y))
        return false;
    bool inside = false;
    for (const auto& part : m_parts)
        for (const Ring& r : part)
            for (std::size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
                if ((r[i].y > p.y) != (r[j].y > p.y) &&
                    p.x < (r[j].x - r[i].x) * (p.y - r[i].y) / (r[j].y - r[i].y) + r[i].x)
                    inside = !inside;
            }
    return inside;
}

double PolygonRings::distance(XY p) const {
    if (contains(p)) return 0;
    double best = std::numeric_limits<double>::infinity();
    for (const auto& part : m_parts)
        for (const Ring& r : part)
            for (std::size_t i = 0; i + 1 < r.size(); ++i)
                best = std::min(best, segment_distance(p, r[i], r[i + 1]));
    return best;
}

bool PolygonRings::within(XY p, double tolerance) const {
    for (const auto& part : m_parts)
        for (const Ring& r : part)
            for (std::size_t i = 0; i + 1 < r.size(); ++i)
                if (segment_distance(p, r[i], r[i + 1]) <= tolerance) return true;
    return tolerance >= 0 && contains(p); // inside: distance() is 0
}

double PolygonRings::area() const {
    double a = 0;
    for (const auto& part : m_parts)
        for (std::size_t k = 0; k < part.size(); ++k) a += (k == 0 ? 1 : -1) * ring_area(part[k]);
    return a;
}

double PolygonRings::perimeter() const {
    double s = 0;
    for (const auto& part : m_parts)
        for (const Ring& r : part)
            for (std::size_t i = 0; i + 1 < r.size(); ++i)
                s += std::hypot(r[i + 1].x - r[i].x, r[i + 1].y - r[i].y);
    return s;
}

XY PolygonRings::interior_point() const {
    if (m_parts.empty() || m_parts[0].empty() || m_parts[0][0].empty()) return {};
    const Ring& shell = m_parts[0][0];
    double cx = 0, cy = 0, a = 0;
    for (std::size_t i = 0; i + 1 < shell.size(); ++i) {
        double f = shell[i].x * shell[i + 1].y - shell[i + 1].x * shell[i].y;
        cx += (shell[i].x + shell[i + 1].x) * f, cy += (shell[i].y + shell[i + 1].y) * f, a += f;
    }
    if (a != 0) {
        XY c{cx / (3 * a), cy / (3 * a)};
        if (contains(c)) return c;
    }
    // Scan line through the middle of the shell's extent: midpoint of the widest span inside the
    // shell and outside its holes.
    double lo = shell[0].y, hi = shell[0].y;
    for (const XY& p : shell) lo = std::min(lo, p.y), hi = std::max(hi, p.y);
    double y = (lo + hi) / 2;
    std::vector<double> xs;
    for (const Ring& ring : m_parts[0])
        for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
            XY p = ring[i], q = ring[i + 1];
            if ((p.y > y) != (q.y > y)) xs.push_back(p.x + (y - p.y) * (q.x - p.x) / (q.y - p.y));
        }
    std::sort(xs.begin(), xs.end());
    double best = -1;
    XY out = shell[0];
    for (std::size_t i = 0; i + 1 < xs.size(); i += 2)
        if (xs[i + 1] - xs[i] > best) best = xs[i + 1] - xs[i], out = {(xs[i] + xs[i + 1]) / 2, y};
    return out;
}

} // namespace wangge::geo
