#include "geo/coverage/edge_matching.hpp"

#include "geo/envelope_index.hpp"
#include "geo/parallel.hpp"
#include "geo/phase_timer.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
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

/// Whether the edges of an open ring meet only where neighbours share their common vertex and
/// none runs back over another. Few vertices: every pair; more (a grid drawn along a curved street
/// carries hundreds): the pairs whose boxes meet, found by a sweep in x over the edges sorted by
/// their left ends, so that the time grows about as the edges do, not as their square.
/// `order` is scratch space.
bool edges_apart(std::span<const XY> r, std::vector<std::uint32_t>& order) {
    const std::size_t n = r.size();
    auto apart = [&](std::size_t i, std::size_t j) { // i < j, not neighbours
        const XY &a = r[i], &b = r[next(i, n)], &c = r[j], &d = r[next(j, n)];
        return meet_only_at_ends(a, b, c, d) && !(same(a, c) && same(b, d)) && !(same(a, d) && same(b, c));
    };
    auto neighbours = [&](std::size_t i, std::size_t j) { return j == i + 1 || (i == 0 && j == n - 1); };
    constexpr std::size_t few = 16;
    if (n <= few) {
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = i + 1; j < n; ++j)
                if (!neighbours(i, j) && !apart(i, j)) return false;
        return true;
    }
    auto min_x = [&](std::size_t i) { return std::min(r[i].x, r[next(i, n)].x); };
    order.resize(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<std::uint32_t>(i);
    std::sort(order.begin(), order.end(),
              [&](std::uint32_t i, std::uint32_t j) { return min_x(i) < min_x(j); });
    for (std::size_t k = 0; k < n; ++k) {
        const std::size_t i = order[k];
        const double max_x = std::max(r[i].x, r[next(i, n)].x);
        const double lo_y = std::min(r[i].y, r[next(i, n)].y), hi_y = std::max(r[i].y, r[next(i, n)].y);
        for (std::size_t l = k + 1; l < n && min_x(order[l]) <= max_x; ++l) {
            const std::size_t j = order[l];
            const XY &c = r[j], &d = r[next(j, n)];
            if (std::max(c.y, d.y) < lo_y || std::min(c.y, d.y) > hi_y) continue;
            const std::size_t lo = std::min(i, j), hi = std::max(i, j);
            if (!neighbours(lo, hi) && !apart(lo, hi)) return false;
        }
    }
    return true;
}

/// The polygons as the proof sees them: each one ring, open, counter-clockwise (the polygon on the
/// left), all in one array (a city's worth of small rings, without an allocation each), copied on
/// all cores: each polygon has room for its ring as given, of which it may use less.
class Shapes {
public:
    /// Room for each polygon's ring: `rings[p]` (nullptr: none, an empty ring).
    explicit Shapes(std::span<const Ring* const> rings)
        : m_start(rings.size() + 1, 0), m_end(rings.size(), 0) {
        for (std::size_t p = 0; p < rings.size(); ++p)
            m_start[p + 1] = m_start[p] + (rings[p] ? rings[p]->size() : 0);
        for (std::size_t p = 0; p < rings.size(); ++p) m_end[p] = m_start[p];
        // Not zeroed: each point is written once, on the core that copies its ring, and the
        // room of a city with long rings is a hundred megabytes.
        m_points = std::allocator<XY>().allocate(std::max<std::size_t>(1, m_start.back()));
    }
    Shapes(const Shapes&) = delete;
    Shapes& operator=(const Shapes&) = delete;
    ~Shapes() { std::allocator<XY>().deallocate(m_points, std::max<std::size_t>(1, m_start.back())); }

    std::size_t size() const noexcept { return m_end.size(); }
    std::span<const XY> ring(std::size_t p) const { return {m_points + m_start[p], m_end[p] - m_start[p]}; }
    /// Where polygon p's edges begin among all the edges (edge i of p is first(p) + i).
    std::size_t first(std::size_t p) const { return m_start[p]; }
    /// The edges' places, unused room included.
    std::size_t edge_count() const noexcept { return m_start.back(); }

    /// Copies polygon p's ring (closed or open, either way round) into its room; false, and an
    /// empty ring in its place, when it has under three distinct vertices or no area. Polygons
    /// may be copied from several threads, each polygon by one.
    bool copy(std::size_t p, std::span<const XY> vertices) {
        XY* const first = m_points + m_start[p];
        std::size_t n = 0;
        for (const XY& v : vertices)
            if (n == 0 || !same(first[n - 1], v)) first[n++] = v;
        while (n > 1 && same(first[0], first[n - 1])) --n;
        double twice_area = 0;
        for (std::size_t k = 0; k < n; ++k) {
            const XY &a = first[k], &b = first[(k + 1) % n];
            twice_area += a.x * b.y - b.x * a.y;
        }
        if (n < 3 || !(std::fabs(twice_area) > 0)) return false;
        if (twice_area < 0) std::reverse(first, first + n);
        m_end[p] = m_start[p] + n;
        return true;
    }

private:
    XY* m_points = nullptr;
    std::vector<std::size_t> m_start, m_end;
};

/// One round of the proof over the polygons in play; marks in `flagged` those that break it.
/// Returns whether it flagged any.
bool prove_round(const Shapes& shapes, std::span<const Box> boxes, const EnvelopeIndex& index,
                 std::vector<char>& flagged) {
    const std::size_t count = shapes.size();
    // Written from several threads, through atomic references: zeroed as plain memory, since a
    // store to each atomic would cost a city's round a tenth of a second. `newly` only ever
    // goes from 0 to 1; `reversed` counts how many other polygons use each edge the opposite way,
    // up to 2 (more than one): a byte an edge, a quarter of what a count would take.
    std::vector<char> newly(count, 0);
    std::vector<std::uint8_t> reversed(shapes.edge_count(), 0);
    auto mark = [&](std::size_t p) { std::atomic_ref<char>(newly[p]).store(1, std::memory_order_relaxed); };
    auto marked = [&](std::size_t p) {
        return std::atomic_ref<char>(newly[p]).load(std::memory_order_relaxed) != 0;
    };
    auto count_reversed = [&](std::size_t edge) {
        std::atomic_ref<std::uint8_t> used(reversed[edge]);
        std::uint8_t seen = used.load(std::memory_order_relaxed);
        while (seen < 2 && !used.compare_exchange_weak(seen, static_cast<std::uint8_t>(seen + 1),
                                                       std::memory_order_relaxed)) {
        }
    };
    constexpr std::size_t chunk_size = 1024;
    const std::size_t chunks = (count + chunk_size - 1) / chunk_size;

    // First, polygon by polygon: its ring simple, and (a) against the polygons after it whose
    // boxes meet its box, each pair once, counted for both.
    parallel_for(chunks, [&](std::size_t chunk) {
        std::vector<std::size_t> near;
        std::vector<std::uint32_t> q_edges, sweep;
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
            bad = bad || !edges_apart(r, sweep);
            if (bad) mark(p); // its pairs are still counted: its neighbours' edges are matched
            index.query(boxes[p], near);
            for (std::size_t q : near) {
                if (q <= p || flagged[q]) continue;
                const std::span<const XY> s = shapes.ring(q);
                const Box &p_box = boxes[p], &q_box = boxes[q];
                // Only edges inside the other's box can be the same: those of q, once per pair.
                q_edges.clear();
                for (std::size_t j = 0; j < s.size(); ++j)
                    if (p_box.intersects(box_of(s[j], s[next(j, s.size())])))
                        q_edges.push_back(static_cast<std::uint32_t>(j));
                if (q_edges.empty()) continue;
                for (std::size_t i = 0; i < n; ++i) {
                    const XY &a = r[i], &b = r[next(i, n)];
                    if (!q_box.intersects(box_of(a, b))) continue;
                    for (const std::uint32_t j : q_edges) {
                        const XY &c = s[j], &d = s[next(j, s.size())];
                        if (same(a, d) && same(b, c)) {
                            count_reversed(shapes.first(p) + i);
                            count_reversed(shapes.first(q) + j);
                        } else if (same(a, c) && same(b, d)) {
                            mark(p); // the same way: two polygons on one side
                            mark(q);
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
            if (flagged[p] || marked(p)) continue;
            const std::span<const XY> r = shapes.ring(p);
            const std::size_t n = r.size();
            bool bad = false, any_once = false;
            once.assign(n, 0);
            for (std::size_t i = 0; i < n; ++i) {
                const std::uint8_t used = reversed[shapes.first(p) + i]; // final since the first pass
                bad = bad || used > 1;                                   // (a): by two others
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
                    if (bad) mark(q);
                }
            }
            if (bad) mark(p);
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
    std::vector<char> flagged(n, 0);
    // The one ring of a polygon of one part without holes; the others go to exact tests (rare
    // among grids).
    std::vector<const Ring*> lone(n, nullptr);
    constexpr std::size_t chunk = 4096;
    const std::size_t chunks = (n + chunk - 1) / chunk;
    parallel_for(chunks, [&](std::size_t c) {
        for (std::size_t p = c * chunk; p < std::min(n, (c + 1) * chunk); ++p) {
            const auto& parts = polygon(p).parts();
            if (parts.size() == 1 && parts[0].size() == 1) lone[p] = &parts[0][0];
        }
    });
    Shapes shapes(lone);
    std::optional<EnvelopeIndex> index;
    // The index of their boxes, first (the longest task), and the rings copied on all cores.
    parallel_for(chunks + 1, [&](std::size_t task) {
        if (task == 0) {
            index.emplace(boxes);
            return;
        }
        const std::size_t c = task - 1;
        for (std::size_t p = c * chunk; p < std::min(n, (c + 1) * chunk); ++p)
            if (!lone[p] || !shapes.copy(p, *lone[p])) flagged[p] = 1;
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
