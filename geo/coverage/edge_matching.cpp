#include "geo/coverage/edge_matching.hpp"

#include "geo/envelope_index.hpp"
#include "geo/parallel.hpp"
#include "geo/phase_timer.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
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

/// The index after i in a ring of n vertices (no division: this runs in the innermost loops).
std::size_t next(std::size_t i, std::size_t n) {
    return i + 1 == n ? 0 : i + 1;
}

bool same(const XY& a, const XY& b) {
    return a.x == b.x && a.y == b.y;
}

Box box_of(const XY& a, const XY& b) {
    return {std::min(a.x, b.x), std::min(a.y, b.y), std::max(a.x, b.x), std::max(a.y, b.y)};
}

/// Whether b, seen from the common end v of edges v→a and v→b, leaves the edge v→a alone: true
/// unless the two run along each other from v.
bool apart_from_common_end(const XY& v, const XY& a, const XY& b) {
    if (same(a, b)) return true; // the same edge: condition (a) judges it
    if (side(v, a, b) != 0) return true;
    return (a.x - v.x) * (b.x - v.x) + (a.y - v.y) * (b.y - v.y) < 0; // opposite ways
}

/// Whether two edges meet only at a common end, if at all (condition (b)); false when they cross,
/// touch elsewhere, overlap, or come too close to tell. Called tens of millions of times on a big
/// city: boxes and common ends first, without temporaries.
bool meet_only_at_ends(const XY& p1, const XY& p2, const XY& q1, const XY& q2) {
    if (std::max(p1.x, p2.x) < std::min(q1.x, q2.x) || std::max(q1.x, q2.x) < std::min(p1.x, p2.x) ||
        std::max(p1.y, p2.y) < std::min(q1.y, q2.y) || std::max(q1.y, q2.y) < std::min(p1.y, p2.y))
        return true;
    if (same(p1, q1)) return apart_from_common_end(p1, p2, q2);
    if (same(p1, q2)) return apart_from_common_end(p1, p2, q1);
    if (same(p2, q1)) return apart_from_common_end(p2, p1, q2);
    if (same(p2, q2)) return apart_from_common_end(p2, p1, q1);
    const int s1 = side(p1, p2, q1), s2 = side(p1, p2, q2);
    if (s1 != 0 && s1 == s2) return true;
    const int s3 = side(q1, q2, p1), s4 = side(q1, q2, p2);
    if (s3 != 0 && s3 == s4) return true;
    return false;
}

/// -1: p strictly outside the ring, 1: strictly inside, 0: on it or too close to tell.
int point_in_ring(const XY& p, std::span<const XY> ring) {
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

/// The polygons as the proof sees them: each one ring, open, counter-clockwise (the polygon on the
/// left), all in one array (a city's worth of small rings, without an allocation each).
class Shapes {
public:
    explicit Shapes(std::size_t count) { m_start.reserve(count + 1); }
    /// Room for `points` vertices in all: grown by doubling instead, the copy of a city's rings
    /// would hold up to twice their points, and three times while it moves.
    void reserve(std::size_t points) { m_points.reserve(points); }
    std::size_t size() const noexcept { return m_start.empty() ? 0 : m_start.size() - 1; }
    std::span<const XY> ring(std::size_t p) const {
        return {m_points.data() + m_start[p], m_start[p + 1] - m_start[p]};
    }
    /// Where polygon p's edges begin among all the edges (edge i of p is first(p) + i).
    std::size_t first(std::size_t p) const { return m_start[p]; }
    std::size_t edge_count() const noexcept { return m_points.size(); }

    /// Adds the next polygon's ring (closed or open, either way round); false, and an empty ring
    /// in its place, when it has under three distinct vertices or no area.
    bool add(std::span<const XY> vertices) {
        const std::size_t first = m_points.size();
        m_start.push_back(first);
        for (const XY& v : vertices)
            if (m_points.size() == first || !same(m_points.back(), v)) m_points.push_back(v);
        while (m_points.size() > first + 1 && same(m_points[first], m_points.back())) m_points.pop_back();
        const std::size_t n = m_points.size() - first;
        double twice_area = 0;
        for (std::size_t k = 0; k < n; ++k) {
            const XY &a = m_points[first + k], &b = m_points[first + (k + 1) % n];
            twice_area += a.x * b.y - b.x * a.y;
        }
        if (n < 3 || !(std::fabs(twice_area) > 0)) {
            m_points.resize(first);
            return false;
        }
        if (twice_area < 0)
            std::reverse(m_points.begin() + static_cast<std::ptrdiff_t>(first), m_points.end());
        return true;
    }
    /// Adds an empty ring (a polygon the proof leaves to exact tests).
    void skip() { m_start.push_back(m_points.size()); }
    void finish() { m_start.push_back(m_points.size()); }

private:
    std::vector<XY> m_points;
    std::vector<std::size_t> m_start;
};

/// One round of the proof over the polygons in play; marks in `flagged` those that break it.
/// Returns whether it flagged any.
bool prove_round(const Shapes& shapes, std::span<const Box> boxes, const EnvelopeIndex& index,
                 std::vector<char>& flagged) {
    const std::size_t count = shapes.size();
    // Written from several threads: atomics. `newly` only ever goes from 0 to 1.
    std::unique_ptr<std::atomic<char>[]> newly(new std::atomic<char>[count]);
    for (std::size_t p = 0; p < count; ++p) newly[p] = 0;
    // How many other polygons use each edge the opposite way.
    std::unique_ptr<std::atomic<std::uint32_t>[]> reversed(
        new std::atomic<std::uint32_t>[shapes.edge_count()]);
    for (std::size_t e = 0; e < shapes.edge_count(); ++e) reversed[e] = 0;
    constexpr std::size_t chunk_size = 1024;
    const std::size_t chunks = (count + chunk_size - 1) / chunk_size;

    // First, polygon by polygon: its ring simple, and (a) against the polygons after it whose
    // boxes meet its box, each pair once, counted for both.
    parallel_for(chunks, [&](std::size_t chunk) {
        std::vector<std::size_t> near;
        for (std::size_t p = chunk * chunk_size; p < std::min(count, (chunk + 1) * chunk_size); ++p) {
            if (flagged[p]) continue;
            const std::span<const XY> r = shapes.ring(p);
            const std::size_t n = r.size();
            bool bad = false;
            // Its own edges: no fold back at a vertex, and apart but for neighbours' common ends.
            for (std::size_t i = 0; i < n && !bad; ++i) {
                const XY &a = r[i], &b = r[next(i, n)], &c = r[next(next(i, n), n)];
                bad = side(a, b, c) == 0 && (b.x - a.x) * (c.x - b.x) + (b.y - a.y) * (c.y - b.y) <= 0;
            }
            for (std::size_t i = 0; i < n && !bad; ++i)
                for (std::size_t j = i + 2; j < n && !bad; ++j) {
                    if (i == 0 && j == n - 1) continue;
                    const XY &a = r[i], &b = r[i + 1], &c = r[j], &d = r[next(j, n)];
                    bad = !meet_only_at_ends(a, b, c, d) || (same(a, c) && same(b, d)) ||
                          (same(a, d) && same(b, c));
                }
            if (bad) newly[p] = 1; // its pairs are still counted: its neighbours' edges are matched
            index.query(boxes[p], near);
            for (std::size_t q : near) {
                if (q <= p || flagged[q]) continue;
                const std::span<const XY> s = shapes.ring(q);
                const Box& q_box = boxes[q];
                for (std::size_t i = 0; i < n; ++i) {
                    const XY &a = r[i], &b = r[next(i, n)];
                    if (!q_box.intersects(box_of(a, b))) continue;
                    for (std::size_t j = 0; j < s.size(); ++j) {
                        const XY &c = s[j], &d = s[next(j, s.size())];
                        if (same(a, d) && same(b, c)) {
                            reversed[shapes.first(p) + i].fetch_add(1, std::memory_order_relaxed);
                            reversed[shapes.first(q) + j].fetch_add(1, std::memory_order_relaxed);
                        } else if (same(a, c) && same(b, d)) {
                            newly[p] = 1; // the same way: two polygons on one side
                            newly[q] = 1;
                        }
                    }
                }
            }
        }
    });

    // Then each polygon's edges used once (a boundary of the coverage): (b) and (c) against the
    // polygons whose boxes meet its box. Inside a coverage every edge is used twice, and only
    // the polygons along its boundaries and defects get this far. A pair of an edge used twice
    // and one used once is tested from the other polygon's side.
    parallel_for(chunks, [&](std::size_t chunk) {
        std::vector<std::size_t> near;
        std::vector<char> once;
        for (std::size_t p = chunk * chunk_size; p < std::min(count, (chunk + 1) * chunk_size); ++p) {
            if (flagged[p] || newly[p]) continue;
            const std::span<const XY> r = shapes.ring(p);
            const std::size_t n = r.size();
            bool bad = false, any_once = false;
            once.assign(n, 0);
            for (std::size_t i = 0; i < n; ++i) {
                const std::uint32_t used = reversed[shapes.first(p) + i].load(std::memory_order_relaxed);
                bad = bad || used > 1; // (a): by two others
                once[i] = used == 0;
                any_once = any_once || once[i];
            }
            if (!bad && any_once) {
                index.query(boxes[p], near);
                for (std::size_t q : near) {
                    if (q == p || flagged[q] || bad) continue;
                    const std::span<const XY> s = shapes.ring(q);
                    const Box& overlap_box = boxes[q];
                    for (std::size_t i = 0; i < n && !bad; ++i) {
                        if (!once[i]) continue;
                        const XY &a = r[i], &b = r[next(i, n)];
                        if (!box_of(a, b).intersects(overlap_box)) continue;
                        // (b) against every edge of q.
                        for (std::size_t j = 0; j < s.size() && !bad; ++j)
                            bad = !meet_only_at_ends(a, b, s[j], s[next(j, s.size())]);
                        // (c) its midpoint outside q.
                        const XY mid{(a.x + b.x) / 2, (a.y + b.y) / 2};
                        if (!bad && overlap_box.intersects({mid.x, mid.y, mid.x, mid.y}) &&
                            point_in_ring(mid, s) != -1)
                            bad = true; // the two overlap, or come too close to tell
                    }
                    if (bad) newly[q] = 1;
                }
            }
            if (bad) newly[p] = 1;
        }
    });
    bool any = false;
    for (std::size_t p = 0; p < count; ++p)
        if (newly[p] && !flagged[p]) flagged[p] = 1, any = true;
    return any;
}

} // namespace

std::vector<std::size_t> polygons_not_cleared(std::size_t count, const PolygonAt& polygon,
                                              std::span<const Box> boxes) {
    const std::size_t n = count;
    PhaseTimer timer(8);
    Shapes shapes(n);
    std::vector<char> flagged(n, 0);
    std::optional<EnvelopeIndex> index;
    // The rings and the index of their boxes, side by side on two threads.
    parallel_for(2, [&](std::size_t task) {
        if (task == 1) {
            index.emplace(boxes);
            return;
        }
        // The one ring of a polygon of one part without holes; the others go to exact tests.
        auto lone_ring = [&](std::size_t p) -> const Ring* {
            const auto& parts = polygon(p).parts();
            return parts.size() == 1 && parts[0].size() == 1 ? &parts[0][0] : nullptr;
        };
        std::size_t points = 0;
        for (std::size_t p = 0; p < n; ++p)
            if (const auto* ring = lone_ring(p)) points += ring->size();
        shapes.reserve(points);
        for (std::size_t p = 0; p < n; ++p) {
            const auto* ring = lone_ring(p);
            if (!ring) {
                flagged[p] = 1; // holes and several parts: exact tests (rare among grids)
                shapes.skip();
            } else if (!shapes.add(*ring)) {
                flagged[p] = 1;
            }
        }
        shapes.finish();
    });
    timer.lap("rings and index");
    // Each round clears or flags; what is flagged leaves the proof, whose remaining edges are
    // judged again (an edge matched with a flagged polygon is now used once).
    constexpr int max_rounds = 6;
    bool settled = false;
    for (int round = 0; round < max_rounds && !settled; ++round)
        settled = !prove_round(shapes, boxes, *index, flagged), timer.lap("round");
    std::vector<std::size_t> out;
    for (std::size_t p = 0; p < n; ++p)
        if (!settled || flagged[p]) out.push_back(p);
    return out;
}

} // namespace wangge::geo
