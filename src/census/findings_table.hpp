#pragma once

#include "layers/store.hpp"
#include "src/census/finding_spool.hpp"

namespace wangge::census {

/// The name of the stored findings of the last whole-city census.
inline constexpr const char* findings_table_name = "census_findings";

/// The columns of the stored findings (rule, severity, district, code, other_code, area_m2, message,
/// and a point x, y in the workspace CRS: the finding's point, or a point inside its polygon), so
/// that the map can list a grid's findings without running the census again. No rows.
layers::ResultTable findings_table_columns();

/// The findings as rows of that table, one at a time.
layers::RowSource findings_rows(const FindingSpool& findings);

} // namespace wangge::census
