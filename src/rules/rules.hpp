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

/// domain.md §5.3: the composite of a region, percent per score, summing to 100.
struct CompositeWeights {
    double public_report_score = 0, filed_score = 0, closure_score = 0, on_time_score = 0;
};

/// domain.md §7: a collector's composite.
struct CollectorWeights {
    double valid_report_rate = 0, missed_rate = 0, verify_on_time_rate = 0, check_on_time_rate = 0;
};

/// domain.md §7: an operator's composite.
struct OperatorWeights {
    double accuracy = 0, timeout_rate = 0;
};

/// domain.md §7: a department's composite.
struct DepartmentWeights {
    double closure_score = 0, on_time_score = 0, rework_score = 0;
};

/// domain.md §8: the census completeness score.
struct CompletenessWeights {
    double attribute_completeness = 0, grid_coverage = 0, class_coverage = 0, flawless_grids = 0;
};

/// domain.md §6: the time allowed for each task, in working minutes.
struct TaskLimits {
    double verify = 0, check = 0, intake = 0, filing = 0, dispatch = 0;

    /// In seconds, as the case log counts.
    static long long seconds(double minutes) { return static_cast<long long>(minutes * 60); }
};

/// domain.md §8: the census thresholds.
struct CensusThresholds {
    double stale_days = 365;
    double overlap_min_m2 = 1;
    double gap_min_m2 = 1;
    double sliver_min_area_m2 = 100;
    double sliver_min_compactness = 0.05;
    double area_min_m2 = 1000;
    double area_max_m2 = 200000;
    double class_coverage_complete = 0.9;
    double boundary_tolerance_m = 0.5;
};

/// domain.md §5.2: what 返工率 counts over.
enum class ReworkDenominator { closed, due };

/// Every default of domain.md that a city may change (§5.3 weights and score tables, §5.4 grades,
/// §6 working hours and task limits, §7 staff weights, §8 census thresholds), from one JSON file.
struct Rules {
    CompositeWeights composite_weights;
    std::vector<double> filed_scores;                        ///< score per band: 0, ≤b1, …, more
    std::map<std::string, std::vector<double>> filed_bounds; ///< region class → monthly bounds
    std::vector<GradeBand> grades;                           ///< best first
    std::string not_assessed_colour;
    std::vector<WorkingSpan> working_hours;
    TaskLimits task_limit_minutes;
    CollectorWeights collector_weights;
    OperatorWeights operator_weights;
    DepartmentWeights department_weights;
    CompletenessWeights completeness_weights;
    CensusThresholds census;
    /// domain.md §5.1: an overdue open case stays due in later periods (false: only deadlines
    /// inside the period count).
    bool carry_over_overdue = true;
    /// domain.md §5.2: 返工率 over "closed" cases or over "due" cases.
    ReworkDenominator rework_denominator = ReworkDenominator::closed;
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
