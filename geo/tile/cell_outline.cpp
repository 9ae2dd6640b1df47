#include "geo/tile/cell_outline.hpp"

#include <algorithm>
#include <bit>
#include <cstdlib>

namespace wangge::geo {
namespace {

// Directions of a step along the raster's corners, turning clockwise on screen (y down).
constexpr int east = 0, south = 1, west = 2, north = 3;
constexpr int step_x[4] = {1, 0, -1, 0}, step_y[4] = {0, 1, 0, -1};

int right_of(int d) {
    return (d + 1) & 3;
}
int left_of(int d) {
    return (d + 3) & 3;
}

/// Numbers the groups of class cells joined side to side (-1: not of the class), in the order of
/// their first cell row by row.
std::vector<int> number_groups(const CellRaster& r, std::uint16_t cls) {
    std::vector<int> group(r.cells.size(), -1);
    std::vector<std::size_t> stack;
    int next = 0;
    const auto w = static_cast<std::size_t>(r.width);
    for (std::size_t start = 0; start < r.cells.size(); ++start) {
        if (r.cells[start] != cls || group[start] >= 0) continue;
        group[start] = next;
        stack.push_back(start);
        while (!stack.empty()) {
            const std::size_t c = stack.back();
            stack.pop_back();
            const std::size_t x = c % w;
            auto visit = [&](std::size_t n) {
                if (r.cells[n] == cls && group[n] < 0) group[n] = next, stack.push_back(n);
            };
            if (x > 0) visit(c - 1);
            if (x + 1 < w) visit(c + 1);
            if (c >= w) visit(c - w);
            if (c + w < r.cells.size()) visit(c + w);
        }
        ++next;
    }
    return group;
}

/// A closed walk along cell sides, its corners in `Tracer::corners`.
struct Loop {
    int group;
    std::int64_t twice_area;
    std::size_t begin, end;
};

class Tracer {
public:
    Tracer(const CellRaster& r, std::uint16_t cls, int cell, TilePoint origin)
        : m_r(r), m_cell(cell), m_origin(origin), m_vw(r.width + 1),
          m_edges(static_cast<std::size_t>(r.width + 1) * static_cast<std::size_t>(r.height + 1), 0),
          m_at(m_edges.size(), -1), m_group(number_groups(r, cls)) {
        // Every side of a class cell that faces no class cell, directed with the cell on its right.
        auto in = [&](int x, int y) {
            return x >= 0 && y >= 0 && x < r.width && y < r.height && r.at(x, y) == cls;
        };
        for (int y = 0; y < r.height; ++y)
            for (int x = 0; x < r.width; ++x) {
                if (r.at(x, y) != cls) continue;
                if (!in(x, y - 1)) m_edges[corner(x, y)] |= 1 << east;
                if (!in(x + 1, y)) m_edges[corner(x + 1, y)] |= 1 << south;
                if (!in(x, y + 1)) m_edges[corner(x + 1, y + 1)] |= 1 << west;
                if (!in(x - 1, y)) m_edges[corner(x, y + 1)] |= 1 << north;
            }
    }

    /// Walks every side once, splitting a walk where it comes back to a corner it passed.
    void trace() {
        for (std::size_t v0 = 0; v0 < m_edges.size(); ++v0)
            while (m_edges[v0]) walk(v0, std::countr_zero(static_cast<unsigned>(m_edges[v0])));
    }

    /// Appends the loops to `out`, group by group: each shell, then the holes inside it.
    void emit(TileShape& out) const {
        std::vector<std::size_t> order(m_loops.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return m_loops[a].group < m_loops[b].group; });
        for (std::size_t first = 0; first < order.size();) {
            std::size_t last = first;
            while (last < order.size() && m_loops[order[last]].group == m_loops[order[first]].group) ++last;
            std::vector<const Loop*> shells, holes;
            for (std::size_t i = first; i < last; ++i)
                (m_loops[order[i]].twice_area > 0 ? shells : holes).push_back(&m_loops[order[i]]);
            for (const Loop* shell : shells) {
                out.add_ring(ring(*shell));
                for (const Loop* hole : holes)
                    if (shells.size() == 1 || inside(hole_point(*hole), *shell)) out.add_ring(ring(*hole));
            }
            first = last;
        }
    }

private:
    std::size_t corner(int x, int y) const {
        return static_cast<std::size_t>(y) * static_cast<std::size_t>(m_vw) + static_cast<std::size_t>(x);
    }
    int x_of(std::size_t v) const { return static_cast<int>(v % static_cast<std::size_t>(m_vw)); }
    int y_of(std::size_t v) const { return static_cast<int>(v / static_cast<std::size_t>(m_vw)); }

    /// The class cell on the right of the side leaving corner v in direction d.
    int group_right_of(std::size_t v, int d) const {
        int x = x_of(v), y = y_of(v);
        if (d == south || d == west) --x;
        if (d == west || d == north) --y;
        return m_group[static_cast<std::size_t>(y) * static_cast<std::size_t>(m_r.width) +
                       static_cast<std::size_t>(x)];
    }

    void walk(std::size_t v0, int d0) {
        const int group = group_right_of(v0, d0);
        m_path.assign(1, v0);
        m_at[v0] = 0;
        std::size_t v = v0;
        int d = d0;
        for (;;) {
            m_edges[v] = static_cast<std::uint8_t>(m_edges[v] & ~(1 << d));
            v = corner(x_of(v) + step_x[d], y_of(v) + step_y[d]);
            const unsigned open = m_edges[v] | (v == v0 ? 1u << d0 : 0u);
            // Where two cells meet at a corner only, turning right keeps them apart.
            const int next = open & (1u << right_of(d)) ? right_of(d) : open & (1u << d) ? d : left_of(d);
            if (v == v0 && next == d0) {
                close(group, 0);
                break;
            }
            if (m_at[v] >= 0) { // back at a corner of this walk: the stretch since is a loop of its own
                close(group, static_cast<std::size_t>(m_at[v]));
            } else {
                m_at[v] = static_cast<int>(m_path.size());
                m_path.push_back(v);
            }
            d = next;
        }
        for (std::size_t p : m_path) m_at[p] = -1;
    }

    /// Makes m_path from `from` on a loop (closing back to m_path[from]) and keeps m_path to it.
    void close(int group, std::size_t from) {
        const std::size_t n = m_path.size() - from, begin = m_corners.size();
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t prev = m_path[from + (i + n - 1) % n], here = m_path[from + i],
                              next = m_path[from + (i + 1) % n];
            const bool turns = (x_of(here) - x_of(prev)) * (y_of(next) - y_of(here)) !=
                               (y_of(here) - y_of(prev)) * (x_of(next) - x_of(here));
            if (turns)
                m_corners.push_back({m_origin[0] + m_cell * x_of(here), m_origin[1] + m_cell * y_of(here)});
        }
        const std::span<const TilePoint> loop(m_corners.data() + begin, m_corners.size() - begin);
        m_loops.push_back({group, twice_area(loop), begin, m_corners.size()});
        for (std::size_t i = from + 1; i < m_path.size(); ++i) m_at[m_path[i]] = -1;
        m_path.resize(from + 1);
    }

    std::span<const TilePoint> ring(const Loop& l) const {
        return {m_corners.data() + l.begin, l.end - l.begin};
    }

    /// Twice the midpoint of a hole's first side: a point on no other loop.
    std::array<std::int64_t, 2> hole_point(const Loop& l) const {
        const TilePoint a = m_corners[l.begin], b = m_corners[l.begin + 1];
        const std::int64_t len = std::max(std::abs(b[0] - a[0]), std::abs(b[1] - a[1]));
        return {2 * std::int64_t{a[0]} + (b[0] - a[0]) * m_cell / len,
                2 * std::int64_t{a[1]} + (b[1] - a[1]) * m_cell / len};
    }

    /// Whether `twice_p` (a point's doubled coordinates) lies inside the shell, by crossings.
    bool inside(std::array<std::int64_t, 2> twice_p, const Loop& shell) const {
        const std::span<const TilePoint> r = ring(shell);
        bool in = false;
        for (std::size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
            const std::int64_t ax = 2 * std::int64_t{r[j][0]}, ay = 2 * std::int64_t{r[j][1]},
                               bx = 2 * std::int64_t{r[i][0]}, by = 2 * std::int64_t{r[i][1]};
            if ((ay > twice_p[1]) != (by > twice_p[1]) && ax == bx && twice_p[0] < ax) in = !in;
        }
        return in;
    }

    const CellRaster& m_r;
    int m_cell;
    TilePoint m_origin;
    int m_vw;
    std::vector<std::uint8_t> m_edges; ///< at each corner, a bit for each side leaving it
    std::vector<int> m_at;             ///< a corner's place in m_path, while the walk is on it
    std::vector<int> m_group;
    std::vector<std::size_t> m_path;
    std::vector<TilePoint> m_corners;
    std::vector<Loop> m_loops;
};

} // namespace

void outline_cells(const CellRaster& raster, std::uint16_t cls, int cell, TilePoint origin, TileShape& out) {
    Tracer tracer(raster, cls, cell, origin);
    tracer.trace();
    tracer.emit(out);
}

} // namespace wangge::geo
