#pragma once

#include "layers/codes.hpp"
#include "src/assess/case_log.hpp"
#include "src/assess/indicators.hpp"
#include "src/assess/period.hpp"

#include <optional>
#include <string>
#include <vector>

namespace wangge::rules {
struct Rules;
}

namespace wangge::assess {

/// One region's assessment for a period (design.md `assess --json`).
struct RegionResult {
    layers::Level level = layers::Level::district;
    std::string code, name;
    long long grids = 0;
    bool busy = false; ///< 二类 by the majority of its grids
    Counts counts;
    Rates rates;
    Scores scores;
    std::optional<std::string> grade, colour; ///< grade nullopt: not assessed (no grid loaded)
    /// Grids only: Getis-Ord Gi* of the period's filed cases (hotspots.hpp) and its class.
    std::optional<double> hotspot_z;
    std::string hotspot_class;
    /// Grids only: the first grid of the code in the case log (CaseLog::grids), which the hot
    /// spots are computed on.
    std::optional<std::size_t> grid;
};

struct DepartmentResult {
    std::string dept_code;
    Counts counts;
    Rates rates;
    double closure_score = 100, on_time_score = 100, rework_score = 100, composite = 100;
    std::string grade, colour;
};

struct StaffResult {
    std::string person_id, name;
    Role role = Role::none;
    // collectors
    long long reports = 0, valid_reports = 0, verify_tasks = 0, verify_on_time = 0, check_tasks = 0,
              check_on_time = 0;
    long long grid_filed = 0, grid_public_filed = 0;
    std::optional<double> valid_report_rate, missed_rate, verify_on_time_rate, check_on_time_rate;
    // operators
    long long operations = 0, filings = 0, dispatches = 0, voided = 0, reworked = 0, late_operations = 0;
    std::optional<double> accuracy, timeout_rate;
    // inspectors
    long long inspections = 0, problems_found = 0;
    std::optional<double> composite; ///< collectors and operators
};

struct Assessment {
    Period period;
    std::vector<RegionResult> regions; ///< districts, streets, communities, grids; each ranked by composite
    std::vector<DepartmentResult> departments;
    std::vector<StaffResult> staff;
    long long cases = 0, unlocated_cases = 0, grid_mismatch_cases = 0, cases_in_period = 0;
    std::vector<std::string> warnings; ///< what the figures rest on that the user should know
};

/// Assesses every region, department and person for a period (domain.md §5, §7). Throws
/// InputError when the calendar has no file for a year the period touches (domain.md §6).
Assessment assess(const CaseLog& log, const Period& period, const rules::Rules& rules,
                  const rules::WorkingCalendar& calendar);

/// Whether a case was reported, filed, closed or due in the period.
bool touches(const Case& c, const Period& period);
/// Cases of the log with any of those in the period.
long long cases_touching(const CaseLog& log, const Period& period);

} // namespace wangge::assess
