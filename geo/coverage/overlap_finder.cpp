// Overlap search after the idea of JTS CoverageValidator: cheap proof that most of a coverage is
// clean, exact tests only where it may not be.

#include "geo/coverage/overlap_finder.hpp"

#include "geo/envelope_index.hpp"
#include "geo/geometry_ops.hpp"
#include "geo/geos_context.hpp"
#include "geo/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
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
    void forget_below(std::size_t i) { m_geoms.erase(m_geoms.begin(), m_geoms.lower_bound(i)); }

private:
    std::span<const std::string_view> m_wkbs;
    std::map<std::size_t, GeosGeometry> m_geoms;
};

} // namespace

std::vector<Overlap> find_overlaps(std::span<const std::string_view> wkbs, std::span<const Box> boxes,
                                   std::span<const std::size_t> groups, double min_area) {
    const std::size_t n = wkbs.size();

    // Which groups are proved clean.
    std::map<std::size_t, std::vector<std::string_view>> members;
    for (std::size_t i = 0; i < n; ++i) members[groups.empty() ? 0 : groups[i]].push_back(wkbs[i]);
    std::vector<std::pair<std::size_t, std::vector<std::string_view>*>> group_list;
    for (auto& [g, m] : members) group_list.emplace_back(g, &m);
    std::vector<char> clean_by_index(group_list.size(), 0);
    parallel_for(group_list.size(),
                 [&](std::size_t k) { clean_by_index[k] = is_clean_coverage(*group_list[k].second); });
    std::map<std::size_t, bool> clean;
    for (std::size_t k = 0; k < group_list.size(); ++k) clean[group_list[k].first] = clean_by_index[k] != 0;
    auto group_of = [&](std::size_t i) { return groups.empty() ? std::size_t{0} : groups[i]; };

    EnvelopeIndex index(boxes);
    std::vector<Overlap> found;
    std::mutex found_mutex;
    // Chunks of consecutive polygons per task, so that a thread's cache is reused by neighbours.
    constexpr std::size_t chunk = 256;
    parallel_for((n + chunk - 1) / chunk, [&](std::size_t c) {
        GeosContext& ctx = GeosContext::for_thread();
        auto h = ctx.handle();
        GeometryCache cache(wkbs);
        std::vector<std::size_t> candidates;
        for (std::size_t i = c * chunk; i < std::min(n, (c + 1) * chunk); ++i) {
            index.query(boxes[i], candidates);
            GeosPrepared prepared{nullptr, PreparedDeleter{h}};
            for (std::size_t j : candidates) {
                if (j <= i) continue;
                if (group_of(i) == group_of(j) && clean[group_of(i)]) continue;
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
                found.push_back({i, j, area, to_wkb(ctx, poly.get())});
            }
        }
    });
    std::sort(found.begin(), found.end(),
              [](const Overlap& x, const Overlap& y) { return std::tie(x.a, x.b) < std::tie(y.a, y.b); });
    return found;
}

} // namespace wangge::geo
