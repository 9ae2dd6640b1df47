#pragma once

#include "geo/wkb.hpp"

#include <cstdint>
#include <vector>

namespace wangge::generate {

/// A jittered lattice of cells that tile a rectangle exactly: every vertex and every edge's
/// midpoint is displaced deterministically, and neighbouring cells share them, so the cells are
/// irregular octagons of about size² with no gap and no overlap.
class Lattice {
public:
    Lattice(int cols, int rows, double origin_x, double origin_y, double size, std::uint64_t seed);

    int cols() const noexcept { return m_cols; }
    int rows() const noexcept { return m_rows; }

    geo::XY vertex(int i, int j) const;
    /// The closed ring of cell (c, r), counter-clockwise: corners and edge midpoints.
    geo::Ring cell_ring(int c, int r) const;
    /// A point inside cell (c, r) at bilinear coordinates u, v ∈ [0.2, 0.8].
    geo::XY point_in_cell(int c, int r, double u, double v) const;

    /// The outer rings of the union of a set of cells (given as c + r * cols), by cancelling the
    /// edges that two cells of the set share.
    std::vector<geo::Ring> union_rings(const std::vector<std::int64_t>& cells) const;

private:
    geo::XY midpoint(int i0, int j0, int i1, int j1) const;

    int m_cols, m_rows;
    double m_x0, m_y0, m_size;
    std::uint64_t m_seed;
};

} // namespace wangge::generate
