// Overlap search after the idea of JTS CoverageValidator: a proof from the edges that most of a
// coverage is clean (edge_matching.hpp), exact tests only where it may not be.

#include "geo/coverage/overlap_finder.hpp"

#include "geo/envelope_index.hpp"
#include "geo/geometry_ops.hpp"
#include "geo/geos_context.hpp"
#include "geo/parallel.hpp"
#include "geo/phase_timer.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

namespace wangge::geo {
namespace {

/// Per thread: GEOS geometries of the polygons, read and repaired once, on first use.
class GeometryCache {
public:
    explicit GeometryCache(std::span<const std::string_view> wkbs) : m_wkbs(wkbs) {}

    const GEOSGeometry* get(GeosContext& ctx, std::size_t i) {
        auto it = m_geoms.find(i);
        if (it != m_geoms.end()) return it->second.get();
        GeosGeometry g = from_wkb(ctx, m_wkbs[i]);
        if (GEOSisValid_r(ctx.handle(), g.get()) != 1) g = make_valid_polygonal(ctx, g.get());
        return m_geoms.emplace(i, std::move(g)).first->second.get();
    }

private:
    std::span<const std::string_view> m_wkbs;
    std::map<std::size_t, GeosGeometry> m_geoms;
};

} // namespace

std::vector<Overlap> find_overlaps(std::span<const std::string_view> wkbs, const PolygonAt& polygon,
                                   std::span<const Box> boxes, double min_area) {
    const std::size_t n = wkbs.size();
    // Cleared by their edges, most polygons need no overlay at all; the others (a defect, a
    // neighbour that does not share its vertices exactly) are tested against their neighbours.
    PhaseTimer timer(6);
    const std::vector<std::size_t> uncleared = polygons_not_cleared(n, polygon, boxes);
    if (timer.enabled()) {
        timer.lap("edge matching", "");
        std::fprintf(stderr, "        (%zu of %zu polygons left to exact tests)\n", uncleared.size(), n);
    }
    if (uncleared.empty()) return {};
    std::vector<char> exact(n, 0);
    for (std::size_t i : uncleared) exact[i] = 1;

    EnvelopeIndex index(boxes);
    std::vector<Overlap> found;
    std::mutex found_mutex;
    // Chunks of consecutive polygons per task, so that a thread's cache is reused by neighbours.
    constexpr std::size_t chunk = 64;
    parallel_for((uncleared.size() + chunk - 1) / chunk, [&](std::size_t c) {
        GeosContext& ctx = GeosContext::for_thread();
        auto h = ctx.handle();
        GeometryCache cache(wkbs);
        std::vector<std::size_t> candidates;
        for (std::size_t k = c * chunk; k < std::min(uncleared.size(), (c + 1) * chunk); ++k) {
            const std::size_t i = uncleared[k];
            index.query(boxes[i], candidates);
            GeosPrepared prepared{nullptr, PreparedDeleter{h}};
            for (std::size_t j : candidates) {
                // Each pair once: from its uncleared member, from the lower one when both are.
                if (j == i || (exact[j] && j < i)) continue;
                if (!prepared) prepared.reset(ctx.check(GEOSPrepare_r(h, cache.get(ctx, i)), "prepare"));
                const GEOSGeometry* gj = cache.get(ctx, j);
                if (!ctx.holds(GEOSPreparedIntersects_r(h, prepared.get(), gj), "intersects")) continue;
                GEOSGeometry* raw = GEOSIntersection_r(h, cache.get(ctx, i), gj);
                GeosGeometry inter(ctx.check(raw, "intersection"), GeometryDeleter{h});
                GeosGeometry poly = polygonal_part(ctx, inter.get());
                double area = 0;
                GEOSArea_r(h, poly.get(), &area);
                if (area <= min_area) continue;
                std::lock_guard lock(found_mutex);
                found.push_back({std::min(i, j), std::max(i, j), area, to_wkb(ctx, poly.get())});
            }
        }
    });
    std::sort(found.begin(), found.end(),
              [](const Overlap& x, const Overlap& y) { return std::tie(x.a, x.b) < std::tie(y.a, y.b); });
    timer.lap("exact tests");
    return found;
}

} // namespace wangge::geo
