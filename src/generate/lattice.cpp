#include "src/generate/lattice.hpp"

#include "src/generate/random.hpp"

#include <unordered_map>
#include <unordered_set>

namespace wangge::generate {

Lattice::Lattice(int cols, int rows, double origin_x, double origin_y, double size, std::uint64_t seed)
    : m_cols(cols), m_rows(rows), m_x0(origin_x), m_y0(origin_y), m_size(size), m_seed(seed) {}

geo::XY Lattice::vertex(int i, int j) const {
    double jitter = 0.15 * m_size;
    double dx =
        (Random::hashed(m_seed, 1, static_cast<std::uint64_t>(i), static_cast<std::uint64_t>(j)) - 0.5) * 2 *
        jitter;
    double dy =
        (Random::hashed(m_seed, 2, static_cast<std::uint64_t>(i), static_cast<std::uint64_t>(j)) - 0.5) * 2 *
        jitter;
    // Round to the centimetre so that text formats round-trip the shared vertices exactly.
    auto cm = [](double v) {
        return static_cast<double>(static_cast<long long>(v * 100.0 + (v >= 0 ? 0.5 : -0.5))) / 100.0;
    };
    return {cm(m_x0 + i * m_size + dx), cm(m_y0 + j * m_size + dy)};
}

geo::XY Lattice::midpoint(int i0, int j0, int i1, int j1) const {
    // Key the displacement on the undirected edge so that both cells see the same midpoint.
    if (i1 < i0 || (i1 == i0 && j1 < j0)) {
        std::swap(i0, i1);
        std::swap(j0, j1);
    }
    geo::XY a = vertex(i0, j0), b = vertex(i1, j1);
    bool horizontal = j0 == j1;
    double off = (Random::hashed(m_seed, horizontal ? 3 : 4, static_cast<std::uint64_t>(i0),
                                 static_cast<std::uint64_t>(j0)) -
                  0.5) *
                 0.16 * m_size;
    double mx = (a.x + b.x) / 2, my = (a.y + b.y) / 2;
    auto cm = [](double v) {
        return static_cast<double>(static_cast<long long>(v * 100.0 + (v >= 0 ? 0.5 : -0.5))) / 100.0;
    };
    return horizontal ? geo::XY{cm(mx), cm(my + off)} : geo::XY{cm(mx + off), cm(my)};
}

geo::Ring Lattice::cell_ring(int c, int r) const {
    const int corners[5][2] = {{c, r}, {c + 1, r}, {c + 1, r + 1}, {c, r + 1}, {c, r}};
    geo::Ring ring;
    ring.reserve(9);
    for (int k = 0; k < 4; ++k) {
        ring.push_back(vertex(corners[k][0], corners[k][1]));
        ring.push_back(midpoint(corners[k][0], corners[k][1], corners[k + 1][0], corners[k + 1][1]));
    }
    ring.push_back(ring.front());
    return ring;
}

geo::XY Lattice::point_in_cell(int c, int r, double u, double v) const {
    geo::XY a = vertex(c, r), b = vertex(c + 1, r), d = vertex(c, r + 1), e = vertex(c + 1, r + 1);
    return {(1 - u) * (1 - v) * a.x + u * (1 - v) * b.x + (1 - u) * v * d.x + u * v * e.x,
            (1 - u) * (1 - v) * a.y + u * (1 - v) * b.y + (1 - u) * v * d.y + u * v * e.y};
}

std::vector<geo::Ring> Lattice::union_rings(const std::vector<std::int64_t>& cells) const {
    const std::int64_t stride = m_cols + 1;
    auto id = [&](int i, int j) { return static_cast<std::int64_t>(j) * stride + i; };
    // Directed sides from → to; a side whose reverse is present is interior and cancels.
    std::unordered_map<std::int64_t, std::int64_t> next;
    std::unordered_set<std::int64_t> cell_set(cells.begin(), cells.end());
    for (std::int64_t cell : cells) {
        int c = static_cast<int>(cell % m_cols), r = static_cast<int>(cell / m_cols);
        const int corners[5][2] = {{c, r}, {c + 1, r}, {c + 1, r + 1}, {c, r + 1}, {c, r}};
        const int neighbour[4][2] = {{c, r - 1}, {c + 1, r}, {c, r + 1}, {c - 1, r}};
        for (int k = 0; k < 4; ++k) {
            int nc = neighbour[k][0], nr = neighbour[k][1];
            bool shared = nc >= 0 && nr >= 0 && nc < m_cols && nr < m_rows &&
                          cell_set.count(static_cast<std::int64_t>(nr) * m_cols + nc);
            if (!shared) next[id(corners[k][0], corners[k][1])] = id(corners[k + 1][0], corners[k + 1][1]);
        }
    }
    std::vector<geo::Ring> rings;
    while (!next.empty()) {
        std::int64_t start = next.begin()->first, at = start;
        geo::Ring ring;
        do {
            auto it = next.find(at);
            if (it == next.end()) break;
            std::int64_t to = it->second;
            next.erase(it);
            int i0 = static_cast<int>(at % stride), j0 = static_cast<int>(at / stride);
            int i1 = static_cast<int>(to % stride), j1 = static_cast<int>(to / stride);
            ring.push_back(vertex(i0, j0));
            ring.push_back(midpoint(i0, j0, i1, j1));
            at = to;
        } while (at != start);
        ring.push_back(ring.front());
        rings.push_back(std::move(ring));
    }
    return rings;
}

} // namespace wangge::generate
