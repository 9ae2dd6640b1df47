#include "geo/point_locator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace wangge::geo {

PointLocator::PointLocator(const std::vector<PolygonRings>& polygons)
    : PointLocator(polygons.size(), [&](std::size_t i) -> const PolygonRings& { return polygons[i]; }) {}

PointLocator::PointLocator(std::size_t count,
                           const std::function<const PolygonRings&(std::size_t)>& polygon) {
    m_shapes.reserve(count);
    std::size_t coords = 0;
    for (std::size_t i = 0; i < count; ++i)
        for (const auto& part : polygon(i).parts())
            for (const Ring& ring : part) coords += ring.size();
    m_coords.reserve(coords);
    for (std::size_t i = 0; i < count; ++i) {
        const PolygonRings& p = polygon(i);
        Shape& shape = m_shapes.emplace_back();
        shape.bounds = p.bounds();
        std::size_t rings = 0;
        for (const auto& part : p.parts()) rings += part.size();
        shape.one_ring = rings == 1;
        if (shape.one_ring) {
            const Ring& ring = p.parts().front().front();
            shape.first = static_cast<std::uint32_t>(m_coords.size());
            m_coords.insert(m_coords.end(), ring.begin(), ring.end());
            shape.last = static_cast<std::uint32_t>(m_coords.size());
            continue;
        }
        shape.first = static_cast<std::uint32_t>(m_ring_start.size());
        for (const auto& part : p.parts())
            for (const Ring& ring : part) {
                m_ring_start.push_back(static_cast<std::uint32_t>(m_coords.size()));
                m_coords.insert(m_coords.end(), ring.begin(), ring.end());
            }
        shape.last = static_cast<std::uint32_t>(m_ring_start.size());
        // Each ring's end is the next one's start: the last ring's end goes after it, and the
        // next polygon with several rings starts past it.
        m_ring_start.push_back(static_cast<std::uint32_t>(m_coords.size()));
    }
    auto has_rings = [&](std::size_t k) { return m_shapes[k].first < m_shapes[k].last; };
    double area = 0;
    bool first = true;
    for (std::size_t k = 0; k < count; ++k) {
        if (!has_rings(k)) continue;
        const Box& b = m_shapes[k].bounds;
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
        if (has_rings(k)) span(m_shapes[k].bounds, [&](std::size_t b) { ++counts[b + 1]; });
    for (std::size_t b = 1; b < counts.size(); ++b) counts[b] += counts[b - 1];
    m_offsets = counts;
    // The members' indexes first, then the members written in order: the copies are ten times
    // bigger, and writing them once, front to back, is the cheap way to fill tens of megabytes.
    std::vector<std::uint32_t> members(counts.back());
    for (std::size_t k = 0; k < count; ++k)
        if (has_rings(k))
            span(m_shapes[k].bounds,
                 [&](std::size_t b) { members[counts[b]++] = static_cast<std::uint32_t>(k); });
    m_members.reserve(members.size());
    for (std::uint32_t k : members) m_members.push_back({m_shapes[k], k});
}

namespace {

/// Crossing-number test of one ring: whether the ray from p towards +x crosses it an odd number
/// of times.
bool crosses_odd(const XY* r, std::size_t n, XY p) {
    bool inside = false;
    for (std::size_t i = 0, j = n - 1; i < n; j = i++)
        if ((r[i].y > p.y) != (r[j].y > p.y) &&
            p.x < (r[j].x - r[i].x) * (p.y - r[i].y) / (r[j].y - r[i].y) + r[i].x)
            inside = !inside;
    return inside;
}

} // namespace

bool PointLocator::contains(const Shape& shape, XY p) const {
    const Box& b = shape.bounds;
    // Written so that NaN fails every comparison and is inside nothing.
    if (!(p.x >= b.min_x && p.x <= b.max_x && p.y >= b.min_y && p.y <= b.max_y)) return false;
    if (shape.one_ring)
        return shape.last > shape.first && crosses_odd(&m_coords[shape.first], shape.last - shape.first, p);
    bool inside = false;
    for (std::uint32_t ring = shape.first; ring < shape.last; ++ring)
        inside ^= crosses_odd(&m_coords[m_ring_start[ring]], m_ring_start[ring + 1] - m_ring_start[ring], p);
    return inside;
}

double PointLocator::distance(std::size_t i, XY p) const {
    const Shape& shape = m_shapes[i];
    if (contains(shape, p)) return 0;
    double best = std::numeric_limits<double>::infinity();
    auto edges = [&](std::size_t from, std::size_t to) {
        for (std::size_t k = from; k + 1 < to; ++k)
            best = std::min(best, segment_distance(p, m_coords[k], m_coords[k + 1]));
    };
    if (shape.one_ring)
        edges(shape.first, shape.last);
    else
        for (std::uint32_t ring = shape.first; ring < shape.last; ++ring)
            edges(m_ring_start[ring], m_ring_start[ring + 1]);
    return best;
}

std::int64_t PointLocator::bucket_of(XY p) const {
    if (!(p.x >= m_extent.min_x && p.y >= m_extent.min_y && p.x <= m_extent.max_x && p.y <= m_extent.max_y))
        return -1; // also NaN, whose cast to a bucket index would be undefined
    auto c = std::min(static_cast<std::int64_t>((p.x - m_extent.min_x) / m_cell), m_cols - 1);
    auto r = std::min(static_cast<std::int64_t>((p.y - m_extent.min_y) / m_cell), m_rows - 1);
    return r * m_cols + c;
}

long PointLocator::locate(XY p, long hint) const {
    if (hint >= 0 && contains(m_shapes[static_cast<std::size_t>(hint)], p)) return hint;
    const std::int64_t k = bucket_of(p);
    if (k < 0) return -1;
    for (std::uint32_t j = m_offsets[static_cast<std::size_t>(k)];
         j < m_offsets[static_cast<std::size_t>(k) + 1]; ++j)
        if (contains(m_members[j].shape, p)) return static_cast<long>(m_members[j].polygon);
    return -1;
}

void PointLocator::locate(std::span<const XY> points, std::span<const int> hints,
                          std::span<int> found) const {
    if (!hints.empty() && hints.size() != points.size())
        throw std::invalid_argument("PointLocator::locate: one hint per point, or none");
    if (found.size() != points.size())
        throw std::invalid_argument("PointLocator::locate: one answer per point");
    auto fetch = [](const void* at) { __builtin_prefetch(at); };
    const auto line = [](const void* at) {
        return reinterpret_cast<std::uintptr_t>(at) & ~std::uintptr_t{63};
    };
    auto fetch_coords = [&](const Shape& s) {
        if (s.one_ring && s.last > s.first) fetch(&m_coords[s.first]);
    };
    // Big enough for the fetches of a step to be in flight together, small enough that what the
    // first steps fetched is still in the cache when the last one reads it.
    constexpr std::size_t block = 32;
    std::int64_t bucket[block];
    for (std::size_t from = 0; from < points.size(); from += block) {
        const std::size_t n = std::min(block, points.size() - from);
        const XY* p = points.data() + from;
        const int* hint = hints.empty() ? nullptr : hints.data() + from;
        auto hinted = [&](std::size_t i) { return hint && hint[i] >= 0; };
        // 1: the hinted shapes and the buckets' rows in the offsets
        for (std::size_t i = 0; i < n; ++i) {
            if (hinted(i)) fetch(&m_shapes[static_cast<std::size_t>(hint[i])]);
            bucket[i] = bucket_of(p[i]);
            if (bucket[i] >= 0) fetch(&m_offsets[static_cast<std::size_t>(bucket[i])]);
        }
        // 2: the hinted rings, and the buckets' members
        for (std::size_t i = 0; i < n; ++i) {
            if (hinted(i)) fetch_coords(m_shapes[static_cast<std::size_t>(hint[i])]);
            if (bucket[i] < 0) continue;
            const std::uint32_t first = m_offsets[static_cast<std::size_t>(bucket[i])],
                                last = m_offsets[static_cast<std::size_t>(bucket[i]) + 1];
            // Each cache line of the bucket's members, from the line the first starts in.
            for (std::uintptr_t at = line(m_members.data() + first);
                 at < reinterpret_cast<std::uintptr_t>(m_members.data() + last); at += 64)
                fetch(reinterpret_cast<const void*>(at));
        }
        // 3: the rings of the members whose bounds hold the point, when the hint does not
        for (std::size_t i = 0; i < n; ++i) {
            if (bucket[i] < 0) continue;
            if (hinted(i)) {
                const Box& b = m_shapes[static_cast<std::size_t>(hint[i])].bounds;
                if (p[i].x >= b.min_x && p[i].x <= b.max_x && p[i].y >= b.min_y && p[i].y <= b.max_y)
                    continue;
            }
            for (std::uint32_t j = m_offsets[static_cast<std::size_t>(bucket[i])];
                 j < m_offsets[static_cast<std::size_t>(bucket[i]) + 1]; ++j) {
                const Box& b = m_members[j].shape.bounds;
                if (p[i].x >= b.min_x && p[i].x <= b.max_x && p[i].y >= b.min_y && p[i].y <= b.max_y)
                    fetch_coords(m_members[j].shape);
            }
        }
        // 4: the answers
        for (std::size_t i = 0; i < n; ++i)
            found[from + i] = static_cast<int>(locate(p[i], hint ? hint[i] : -1));
    }
}

} // namespace wangge::geo
