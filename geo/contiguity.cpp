#include "geo/contiguity.hpp"

#include "geo/envelope_index.hpp"
#include "geo/parallel.hpp"

#include <algorithm>

namespace wangge::geo {
namespace {

/// Whether any vertex of `a` lies within `tolerance` of `b` (on its boundary or inside it).
bool any_vertex_near(const PolygonRings& a, const PolygonRings& b, double tolerance) {
    Box near = b.bounds().expanded(tolerance);
    for (const auto& part : a.parts())
        for (const Ring& ring : part)
            for (const XY& p : ring)
                if (p.x >= near.min_x && p.x <= near.max_x && p.y >= near.min_y && p.y <= near.max_y &&
                    b.within(p, tolerance))
                    return true;
    return false;
}

} // namespace

std::vector<std::vector<std::uint32_t>> queen_neighbours(const std::vector<PolygonRings>& polygons,
                                                         double tolerance) {
    std::vector<Box> boxes;
    boxes.reserve(polygons.size());
    for (const PolygonRings& p : polygons)
        boxes.push_back(p.empty() ? Box{0, 0, 0, 0} : p.bounds().expanded(tolerance));
    EnvelopeIndex index(boxes);
    // Each pair once, from its lower polygon (the boxes meet both ways), tested both ways; then
    // written to both lists.
    constexpr std::size_t chunk = 1024;
    const std::size_t chunks = (polygons.size() + chunk - 1) / chunk;
    std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> pairs(chunks);
    wangge::parallel_for(chunks, [&](std::size_t k) {
        std::vector<std::size_t> hits;
        for (std::size_t i = k * chunk; i < std::min(polygons.size(), (k + 1) * chunk); ++i) {
            if (polygons[i].empty()) continue;
            index.query(boxes[i], hits);
            for (std::size_t j : hits) {
                if (j <= i || polygons[j].empty()) continue;
                // Symmetric by construction: either polygon's vertex on the other's boundary.
                if (any_vertex_near(polygons[i], polygons[j], tolerance) ||
                    any_vertex_near(polygons[j], polygons[i], tolerance))
                    pairs[k].push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j)});
            }
        }
    });
    std::vector<std::vector<std::uint32_t>> out(polygons.size());
    for (const auto& found : pairs)
        for (auto [i, j] : found) out[i].push_back(j), out[j].push_back(i);
    wangge::parallel_for(chunks, [&](std::size_t k) {
        for (std::size_t i = k * chunk; i < std::min(polygons.size(), (k + 1) * chunk); ++i)
            std::sort(out[i].begin(), out[i].end());
    });
    return out;
}

} // namespace wangge::geo
