#pragma once

#include "layers/store.hpp"
#include "src/assess/assessment.hpp"

namespace wangge::assess {

/// The name of the stored results table: one row per (period, level, code).
inline constexpr const char* results_table = "assessment_results";

/// The regions of an assessment as typed rows (design.md "The workspace"): period, level, code,
/// name, grids, region class, every count, rate and score, composite, grade and colour. Rates
/// are fractions (null when undefined), scores 0–100, as published.
/// The table's columns (no rows), and its rows one at a time (a city's are hundreds of thousands
/// of rows of forty values).
layers::ResultTable assessment_columns();
layers::RowSource assessment_row_source(const Assessment& a);

/// The stored department and staff results: one row per (period, dept_code) and per (period,
/// person_id), with the figures of the assess JSON (a figure that is not a person's role's null).
inline constexpr const char* department_table = "department_results";
inline constexpr const char* staff_table = "staff_results";
layers::ResultTable department_rows(const Assessment& a);
layers::ResultTable staff_rows(const Assessment& a);

} // namespace wangge::assess
