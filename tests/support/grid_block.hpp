#pragma once

// A block of unit grids imported through the workspace's own import, for tests that need a real
// grid layer of a given size.

#include "layers/store.hpp"

#include <functional>
#include <string>

namespace wangge::test {

/// Imports columns × rows grids of 100 m into the workspace at `uri`, in `mode`, all of
/// `district`: the grid in column i and row j has code code_of(i, j) and its south-west corner
/// at (x0 + 100 i, y0 + 100 j).
void import_grid_block(const std::string& uri, int columns, int rows, layers::ReplaceMode mode,
                       const std::string& district, double x0, double y0,
                       const std::function<std::string(int, int)>& code_of);

} // namespace wangge::test
