#include "geo/point_locator.hpp"

#include <algorithm>
#include <cmath>

namespace wangge::geo {

PointLocator::PointLocator(const std::vector<PolygonRings>& polygons)
    : PointLocator(polygons.size(), [&](std::size_t i) -> const PolygonRings& { return polygons[i]; }) {}

PointLocator::PointLocator(std::size_t count,
                           const std::function<const PolygonRings&(std::size_t)>& polygon) {
    for (std::size_t i = 0; i < count; ++i) {
        const PolygonRings& p = polygon(i);
        m_bounds.push_back(p.bounds());
        m_first_ring.push_back(static_cast<std::uint32_t>(m_ring_start.size()));
        for (const auto& part : p.parts())
            for (const Ring& ring : part) {
                m_ring_start.push_back(static_cast<std::uint32_t>(m_coords.size()));
                m_coords.insert(m_coords.end(), ring.begin(), ring.end());
            }
    }
    m_first_ring.push_back(static_cast<std::uint32_t>(m_ring_start.size()));
    m_ring_start.push_back(static_cast<std::uint32_t>(m_coords.size()));
    auto has_rings = [&](std::size_t k) { return m_first_ring[k] < m_first_ring[k + 1]; };
    double area = 0;
    bool first = true;
    for (std::size_t k = 0; k < count; ++k) {
        if (!has_rings(k)) continue;
        const Box& b = m_bounds[k];
        area += (b.max_x - b.min_x) * (b.max_y - b.min_y);
        if (first) m_extent = b, first = false;
        m_extent = {std::min(m_extent.min_x, b.min_x), std::min(m_extent.min_y, b.min_y),
                    std::max(m_extent.max_x, b.max_x), std::max(m_extent.max_y, b.max_y)};
    }
    if (first) {
        m_offsets.assign(2, 0);
        return;
    }
    m_cell = std::max(1e-9, std::sqrt(area / static_cast<double>(count)));
    // Keep the bucket count proportionate even for a few scattered polygons.
    const double width = m_extent.max_x - m_extent.min_x, height = m_extent.max_y - m_extent.min_y;
    while ((width / m_cell + 1) * (height / m_cell + 1) > 16.0 * static_cast<double>(count) + 1024)
        m_cell *= 2;
    m_cols = static_cast<std::int64_t>(width / m_cell) + 1;
    m_rows = static_cast<std::int64_t>(height / m_cell) + 1;
    auto span = [&](const Box& b, auto&& fn) {
        auto c0 = static_cast<std::int64_t>((b.min_x - m_extent.min_x) / m_cell);
        auto c1 = static_cast<std::int64_t>((b.max_x - m_extent.min_x) / m_cell);
        auto r0 = static_cast<std::int64_t>((b.min_y - m_extent.min_y) / m_cell);
        auto r1 = static_cast<std::int64_t>((b.max_y - m_extent.min_y) / m_cell);
        for (auto r = r0; r <= std::min(r1, m_rows - 1); ++r)
            for (auto c = c0; c <= std::min(c1, m_cols - 1); ++c)
                fn(static_cast<std::size_t>(r * m_cols + c));
    };
    // Buckets as compressed rows: count, prefix-sum, fill.
    std::vector<std::uint32_t> counts(static_cast<std::size_t>(m_cols * m_rows) + 1, 0);
    for (std::size_t k = 0; k < count; ++k)
        if (has_rings(k)) span(m_bounds[k], [&](std::size_t b) { ++counts[b + 1]; });
    for (std::size_t b = 1; b < counts.size(); ++b) counts[b] += counts[b - 1];
    m_offsets = counts;
    m_members.resize(counts.back());
    for (std::size_t k = 0; k < count; ++k)
        if (has_rings(k))
            span(m_bounds[k], [&](std::size_t b) { m_members[counts[b]++] = static_cast<std::uint32_t>(k); });
}

bool PointLocator::contains(std::size_t polygon, XY p) const {
    const Box& b = m_bounds[polygon];
    // Written so that NaN fails every comparison and is inside nothing.
    if (!(p.x >= b.min_x && p.x <= b.max_x && p.y >= b.min_y && p.y <= b.max_y)) return false;
    bool inside = false;
    for (std::uint32_t ring = m_first_ring[polygon]; ring < m_first_ring[polygon + 1]; ++ring) {
        const XY* r = m_coords.data() + m_ring_start[ring];
        const std::size_t n = m_ring_start[ring + 1] - m_ring_start[ring];
        for (std::size_t i = 0, j = n - 1; i < n; j = i++)
            if ((r[i].y > p.y) != (r[j].y > p.y) &&
                p.x < (r[j].x - r[i].x) * (p.y - r[i].y) / (r[j].y - r[i].y) + r[i].x)
                inside = !inside;
    }
    return inside;
}

long PointLocator::locate(XY p, long hint) const {
    if (hint >= 0 && contains(static_cast<std::size_t>(hint), p)) return hint;
    if (!(p.x >= m_extent.min_x && p.y >= m_extent.min_y && p.x <= m_extent.max_x && p.y <= m_extent.max_y))
        return -1; // also NaN, whose cast to a bucket index would be undefined
    auto c = std::min(static_cast<std::int64_t>((p.x - m_extent.min_x) / m_cell), m_cols - 1);
    auto r = std::min(static_cast<std::int64_t>((p.y - m_extent.min_y) / m_cell), m_rows - 1);
    auto k = static_cast<std::size_t>(r * m_cols + c);
    for (std::uint32_t j = m_offsets[k]; j < m_offsets[k + 1]; ++j)
        if (contains(m_members[j], p)) return static_cast<long>(m_members[j]);
    return -1;
}

} // namespace wangge::geo
