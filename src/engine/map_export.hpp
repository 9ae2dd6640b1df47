#pragma once

#include "src/engine/map_layers.hpp"
#include "src/engine/map_snapshot.hpp"
#include "src/rules/rules.hpp"

#include <string>

namespace wangge::engine {

/// The ranking of one level in one period as an Excel workbook (the web map's "导出 Excel"):
/// codes as text, grades filled with their colours, rates as percentages; frozen header.
/// Returns the workbook's bytes.
std::string ranking_xlsx(const MapSnapshot& snapshot, const PeriodResults& results, layers::Level level);

/// The ranking of one level in one period by an indicator as CSV (the web map's "导出 CSV"), in
/// the order the map lists it: rank, code, name, the indicator's value, composite, grade, filed
/// cases, closure and on-time rates; UTF-8 with a byte-order mark and CRLF, as Excel reads it.
std::string ranking_csv(const MapSnapshot& snapshot, const PeriodResults& results, layers::Level level,
                        const MapIndicator& indicator, const rules::Rules& rules);

} // namespace wangge::engine
