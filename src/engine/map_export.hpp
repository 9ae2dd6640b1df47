#pragma once

#include "src/engine/map_snapshot.hpp"

#include <string>

namespace wangge::engine {

/// The ranking of one level in one period as an Excel workbook (the web map's "导出 Excel"):
/// codes as text, grades filled with their colours, rates as percentages; frozen header.
/// Returns the workbook's bytes.
std::string ranking_xlsx(const MapSnapshot& snapshot, const PeriodResults& results, layers::Level level);

} // namespace wangge::engine
