#pragma once

// The service's JSON answers (design.md "HTTP service"), made from a snapshot: the stored results
// as the assess JSON has them, a region with its parent and children, a region's trend, the
// census report and its findings, the legend.

#include "src/engine/map_layers.hpp"
#include "src/engine/map_snapshot.hpp"
#include "src/rules/rules.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wangge::engine {

/// ok, the workspace's summary: regions per level, cases, stored periods, census, bounds.
nlohmann::json health_json(const MapSnapshot& snapshot);
/// The months with filed cases, with their start and end and whether results are stored.
nlohmann::json periods_json(const MapSnapshot& snapshot);
/// The regions of a level in a period, as in `assess --json`, best composite first (JSON text).
std::string regions_json(const MapSnapshot& snapshot, const PeriodResults& results, layers::Level level);
/// A stored row's name, or the name the map has for its region when the row has none.
const std::string& region_name(const MapSnapshot& snapshot, layers::Level level,
                               const PeriodResults::Row& row);
/// A region of a ranking by an indicator: its stored row, its name (the row's, or the map's when
/// the row has none) and its value under the indicator.
struct RankedRegion {
    const PeriodResults::Row* row;
    const std::string* name;
    std::optional<double> value;
};
/// A level's regions ordered by an indicator: best first, regions without a value last, ties as
/// the assessment ranks them. Pointers into the snapshot and the results.
std::vector<RankedRegion> ranked_by(const MapSnapshot& snapshot, const PeriodResults& results,
                                    layers::Level level, const MapIndicator& indicator,
                                    const rules::Rules& rules);
/// A page of a level's ranking by an indicator, for a map that cannot take a big city's whole
/// grid level: best first (regions without a value last, ties as the assessment ranks them), the
/// first `limit` regions whose code or name holds `query` (all when empty), each with its rank
/// among all; with how many regions there are ("total") and match ("matching"). JSON text.
std::string ranking_json(const MapSnapshot& snapshot, const PeriodResults& results, layers::Level level,
                         const MapIndicator& indicator, std::string_view query, std::size_t limit,
                         const rules::Rules& rules);
/// One region: its figures, its parent, its children, its box and outline (WGS 84 GeoJSON).
/// nullopt when no region has the code.
std::optional<nlohmann::json> region_json(const MapSnapshot& snapshot, const PeriodResults* results,
                                          const std::string& code);
/// A region's figures and grade in every stored period, oldest first; nullopt for an unknown code.
std::optional<nlohmann::json> history_json(const MapSnapshot& snapshot, const std::string& code);
/// The stored census report, of one district or all; nullopt when none is stored or the district
/// is not in it.
std::optional<nlohmann::json> census_json(const MapSnapshot& snapshot,
                                          const std::optional<std::string>& district);
/// The findings of a district, or of one grid (JSON text).
std::string findings_json(const MapSnapshot& snapshot, const std::optional<std::string>& district,
                          const std::optional<std::string>& grid);
/// Grade bands, not-assessed colour, indicators with their formulas, the per-grid ramp, layers.
nlohmann::json legend_json(const rules::Rules& rules);

/// The level a region code names by its length (6, 9, 12, 15 digits).
std::optional<layers::Level> level_of_code(const std::string& code);

} // namespace wangge::engine
