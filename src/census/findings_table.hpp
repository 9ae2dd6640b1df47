#pragma once

#include "layers/store.hpp"
#include "src/census/finding.hpp"

#include <vector>

namespace wangge::census {

/// The name of the stored findings of the last whole-city census.
inline constexpr const char* findings_table_name = "census_findings";

/// Findings as rows for the workspace (rule, severity, district, code, other_code, area_m2,
/// message, and a point x, y in the workspace CRS: the finding's point, or a point inside its
/// polygon), so that the map can list a grid's findings without running the census again.
layers::ResultTable findings_table(const std::vector<Finding>& findings);

} // namespace wangge::census
