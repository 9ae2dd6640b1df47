#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace wangge::rules {

struct GradeBand {
    std::string grade;  ///< "A".."E"
    double min = 0;     ///< lowest composite of the band, inclusive
    std::string colour; ///< "#1a9641"
    std::string label;  ///< 优, 良, …
};

/// A period of working time within a day, in minutes after midnight: [start, end).
struct WorkingSpan {
    int start = 0;
    int end = 0;
};

/// Every default of domain.md that a city may change (§5.3 weights and score tables, §5.4 grades,
/// §6 working hours and task limits, §7 staff weights, §8 census thresholds), from one JSON file.
struct Rules {
    std::map<std::string, double> composite_weights;         ///< percent, sums to 100
    std::vector<double> filed_scores;                        ///< score per band: 0, ≤b1, …, more
    std::map<std::string, std::vector<double>> filed_bounds; ///< region class → monthly bounds
    std::vector<GradeBand> grades;                           ///< best first
    std::string not_assessed_colour;
    std::vector<WorkingSpan> working_hours;
    std::map<std::string, double> task_limit_minutes; ///< verify, check, intake, filing, dispatch
    std::map<std::string, double> collector_weights;  ///< percent, sums to 100
    std::map<std::string, double> operator_weights;
    std::map<std::string, double> department_weights;
    std::map<std::string, double> completeness_weights;
    std::map<std::string, double> census; ///< thresholds: stale_days, sliver_min_area_m2, …
    /// domain.md §5.1: an overdue open case stays due in later periods (false: only deadlines
    /// inside the period count).
    bool carry_over_overdue = true;
    /// domain.md §5.2: 返工率 over "closed" cases or over "due" cases.
    std::string rework_denominator = "closed";
    /// The collectors' working time, every day of the week (domain.md §6): the clock of the
    /// verification and check tasks.
    std::vector<WorkingSpan> collector_hours{{8 * 60, 21 * 60}};
    /// Who issues the bulletin (考核通报), as its first sheet names them; `bulletin.issuer`.
    std::string bulletin_issuer = "数字化城市管理监督指挥中心";

    /// Loads and validates; throws InputError naming the file, line and reason (malformed JSON,
    /// a missing key, weights that do not add up to 100 %, bands out of order).
    static Rules load(const std::string& path);

    /// The grade band of a composite score (0–100).
    const GradeBand& grade_of(double composite) const;
};

} // namespace wangge::rules
