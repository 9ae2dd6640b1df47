#pragma once

// The monthly bulletin (考核通报) as a workbook: the document a city sends its districts.

#include "src/assess/assessment.hpp"
#include "src/rules/rules.hpp"

#include <map>
#include <string>
#include <vector>

namespace wangge::assess {

/// What the bulletin says besides the assessment itself.
struct BulletinContext {
    const rules::Rules* rules = nullptr; ///< weights, grade bands and their labels
    std::string issuer;                  ///< 发布单位
    std::string issued_on;               ///< YYYY-MM-DD
    /// The period stored before this one, and its district composites (empty: none stored).
    std::string previous_period;
    std::map<std::string, double> previous_composite;
    std::map<std::string, std::string> department_names; ///< dept_code → name
};

/// Ranks by composite, best first, ties sharing a rank (1, 2, 2, 4); composites equal to the
/// hundredth, as printed, are ties.
std::vector<int> shared_ranks(const std::vector<double>& composites);

/// "2026年10月", "2026年第4季度", "2026年下半年", "2026年度", or "2026-10-01至2026-10-15".
std::string period_title(const std::string& period_id);

/// Writes the bulletin: a first sheet 通报 (title, issuer, date, period, method, the district
/// ranking against the previous period), then a sheet per level, departments and staff; Chinese
/// headers, shared ranks, parents' codes and names, rates as percentages, grade cells in their
/// colour with their label (优, 良 …). District and street sheets print one A4 page wide.
void write_bulletin_xlsx(const Assessment& a, const BulletinContext& context, const std::string& path);

} // namespace wangge::assess
