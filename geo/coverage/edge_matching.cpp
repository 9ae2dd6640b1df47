#include "geo/coverage/edge_matching.hpp"

#include "geo/envelope_index.hpp"
#include "geo/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <memory>
#include <tuple>

namespace wangge::geo {
namespace {

/// The side of r from the line p→q: +1 left, -1 right, 0 on it or too close to tell (rounding
/// could turn it either way: the proof then does not rely on it).
int side(const XY& p, const XY& q, const XY& r) {
    const double ux = q.x - p.x, uy = q.y - p.y, vx = r.x - p.x, vy = r.y - p.y;
    const double det = ux * vy - uy * vx;
    const double scale = (std::fabs(ux) + std::fabs(uy)) * (std::fabs(vx) + std::fabs(vy));
    if (std::fabs(det) <= 1e-12 * scale) return 0;
    return det > 0 ? 1 : -1;
}

bool same(const XY& a, const XY& b) {
    return a.x == b.x && a.y == b.y;
}

Box box_of(const XY& a, const XY& b) {
    return {std::min(a.x, b.x), std::min(a.y, b.y), std::max(a.x, b.x), std::max(a.y, b.y)};
}

/// Whether two edges meet only at a common end, if at all (condition (b)); false when they cross,
/// touch elsewhere, overlap, or come too close to tell.
bool meet_only_at_ends(const XY& p1, const XY& p2, const XY& q1, const XY& q2) {
    if (!box_of(p1, p2).intersects(box_of(q1, q2))) return true;
    // A common end: apart elsewhere unless they run along each other from it.
    for (auto [v, a, w, b] : {std::tuple{p1, p2, q1, q2}, std::tuple{p1, p2, q2, q1},
                              std::tuple{p2, p1, q1, q2}, std::tuple{p2, p1, q2, q1}})
        if (same(v, w)) {
            if (same(a, b)) return true; // the same edge: condition (a) judges it
            if (side(v, a, b) != 0) return true;
            return (a.x - v.x) * (b.x - v.x) + (a.y - v.y) * (b.y - v.y) < 0; // opposite ways
        }
    const int s1 = side(p1, p2, q1), s2 = side(p1, p2, q2);
    if (s1 != 0 && s1 == s2) return true;
    const int s3 = side(q1, q2, p1), s4 = side(q1, q2, p2);
    if (s3 != 0 && s3 == s4) return true;
    return false;
}

/// -1: p strictly outside the ring, 1: strictly inside, 0: on it or too close to tell.
int point_in_ring(const XY& p, const std::vector<XY>& ring) {
    bool inside = false;
    const std::size_t n = ring.size();
    for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
        const XY &a = ring[j], &b = ring[i];
        if (box_of(a, b).intersects({p.x, p.y, p.x, p.y}) && side(a, b, p) == 0) return 0;
        if ((a.y > p.y) != (b.y > p.y)) {
            const double x = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y);
            if (x == p.x) return 0;
            if (p.x < x) inside = !inside;
        }
    }
    return inside ? 1 : -1;
}

/// One polygon as the proof sees it: its ring, open, counter-clockwise (the polygon on the left).
struct Shape {
    std::vector<XY> ring;
};

/// One round of the proof over the polygons in play; marks in `flagged` those that break it.
/// Returns whether it flagged any.
bool prove_round(const std::vector<Shape>& shapes, std::span<const Box> boxes, const EnvelopeIndex& index,
                 std::vector<char>& flagged) {
    // Written from several threads: atomics, though they only ever go from 0 to 1.
    std::unique_ptr<std::atomic<char>[]> newly(new std::atomic<char>[shapes.size()]);
    for (std::size_t p = 0; p < shapes.size(); ++p) newly[p] = 0;
    // Polygon by polygon, against the polygons whose boxes meet its box: (a), then (b) and (c).
    parallel_for((shapes.size() + 1023) / 1024, [&](std::size_t chunk) {
        std::vector<std::size_t> near;
        std::vector<char> once;
        for (std::size_t p = chunk * 1024; p < std::min(shapes.size(), (chunk + 1) * 1024); ++p) {
            if (flagged[p]) continue;
            const auto& r = shapes[p].ring;
            const std::size_t n = r.size();
            bool bad = false;
            // Its own edges: no fold back at a vertex, and apart but for neighbours' common ends.
            for (std::size_t i = 0; i < n && !bad; ++i) {
                const XY &a = r[i], &b = r[(i + 1) % n], &c = r[(i + 2) % n];
                bad = side(a, b, c) == 0 && (b.x - a.x) * (c.x - b.x) + (b.y - a.y) * (c.y - b.y) <= 0;
            }
            for (std::size_t i = 0; i < n && !bad; ++i)
                for (std::size_t j = i + 2; j < n && !bad; ++j) {
                    if (i == 0 && j == n - 1) continue;
                    const XY &a = r[i], &b = r[i + 1], &c = r[j], &d = r[(j + 1) % n];
                    bad = !meet_only_at_ends(a, b, c, d) || (same(a, c) && same(b, d)) ||
                          (same(a, d) && same(b, c));
                }
            index.query(boxes[p], near);
            // (a) Each edge used by one other polygon at most, the opposite way; once (a boundary
            // of the coverage) when by none.
            once.assign(n, 1);
            for (std::size_t i = 0; i < n && !bad; ++i) {
                const XY &a = r[i], &b = r[(i + 1) % n];
                const Box edge = box_of(a, b);
                int reversed = 0;
                for (std::size_t q : near) {
                    if (q == p || flagged[q] || !boxes[q].intersects(edge)) continue;
                    const auto& s = shapes[q].ring;
                    for (std::size_t j = 0; j < s.size(); ++j) {
                        const XY &c = s[j], &d = s[(j + 1) % s.size()];
                        if (same(a, d) && same(b, c)) {
                            ++reversed;
                        } else if (same(a, c) && same(b, d)) {
                            bad = true; // the same way: two polygons on one side
                            newly[q] = 1;
                        }
                    }
                }
                if (reversed > 1) bad = true;
                once[i] = reversed == 0;
            }
            for (std::size_t q : near) {
                if (q == p || flagged[q] || bad) continue;
                const auto& s = shapes[q].ring;
                const Box& overlap_box = boxes[q];
                // (b) against q's edges, each pair once (from the lower index).
                if (q > p)
                    for (std::size_t i = 0; i < n && !bad; ++i) {
                        const XY &a = r[i], &b = r[(i + 1) % n];
                        if (!box_of(a, b).intersects(overlap_box)) continue;
                        for (std::size_t j = 0; j < s.size() && !bad; ++j)
                            bad = !meet_only_at_ends(a, b, s[j], s[(j + 1) % s.size()]);
                    }
                // (c) p's edges used once: their midpoints outside q.
                for (std::size_t i = 0; i < n && !bad; ++i) {
                    if (!once[i]) continue;
                    const XY &a = r[i], &b = r[(i + 1) % n];
                    const XY mid{(a.x + b.x) / 2, (a.y + b.y) / 2};
                    if (!overlap_box.intersects({mid.x, mid.y, mid.x, mid.y})) continue;
                    if (point_in_ring(mid, s) != -1) {
                        bad = true;
                        newly[q] = 1; // the two overlap, or come too close to tell
                    }
                }
                if (bad) newly[q] = 1;
            }
            if (bad) newly[p] = 1;
        }
    });
    bool any = false;
    for (std::size_t p = 0; p < shapes.size(); ++p)
        if (newly[p] && !flagged[p]) flagged[p] = 1, any = true;
    return any;
}

} // namespace

std::vector<std::size_t> polygons_not_cleared(std::size_t count, const PolygonAt& polygon,
                                              std::span<const Box> boxes) {
    const std::size_t n = count;
    std::vector<Shape> shapes(n);
    std::vector<char> flagged(n, 0);
    for (std::size_t p = 0; p < n; ++p) {
        const auto& parts = polygon(p).parts();
        if (parts.size() != 1 || parts[0].size() != 1) {
            flagged[p] = 1; // holes and several parts: exact tests (rare among grids)
            continue;
        }
        std::vector<XY>& ring = shapes[p].ring;
        for (const XY& v : parts[0][0])
            if (ring.empty() || !same(ring.back(), v)) ring.push_back(v);
        while (ring.size() > 1 && same(ring.front(), ring.back())) ring.pop_back();
        double twice_area = 0;
        for (std::size_t k = 0; k < ring.size(); ++k) {
            const XY &a = ring[k], &b = ring[(k + 1) % ring.size()];
            twice_area += a.x * b.y - b.x * a.y;
        }
        if (ring.size() < 3 || !(std::fabs(twice_area) > 0)) {
            flagged[p] = 1;
            continue;
        }
        if (twice_area < 0) std::reverse(ring.begin(), ring.end());
    }
    EnvelopeIndex index(boxes);
    // Each round clears or flags; what is flagged leaves the proof, whose remaining edges are
    // judged again (an edge matched with a flagged polygon is now used once).
    constexpr int max_rounds = 6;
    bool settled = false;
    for (int round = 0; round < max_rounds && !settled; ++round)
        settled = !prove_round(shapes, boxes, index, flagged);
    std::vector<std::size_t> out;
    for (std::size_t p = 0; p < n; ++p)
        if (!settled || flagged[p]) out.push_back(p);
    return out;
}

} // namespace wangge::geo
