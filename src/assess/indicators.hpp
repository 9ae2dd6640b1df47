#pragma once

#include "src/assess/case_log.hpp"
#include "src/assess/period.hpp"

#include <optional>

namespace wangge::rules {
struct Rules;
}

namespace wangge::assess {

/// The counts of domain.md §5.1 (DB4403/T 14—2019 regional assessment).
struct Counts {
    long long reports = 0, collector_reports = 0, public_verified = 0, filed = 0, closed = 0,
              closed_on_time = 0, overdue_open = 0, due = 0, reworked = 0, rated = 0, satisfied = 0,
              basic = 0, unsatisfied = 0;
    Counts& operator+=(const Counts& o);
};

/// Fractions 0..1; nullopt when the denominator is 0 (domain.md §5.2).
struct Rates {
    std::optional<double> closure_rate, on_time_rate, public_report_rate, rework_rate, satisfaction_rate;
};

/// The JSON names of the counts and rates, in contract order: one list for every writer.
struct CountField {
    const char* name;
    long long Counts::*member;
};
inline constexpr CountField count_fields[] = {{"reports", &Counts::reports},
                                              {"collector_reports", &Counts::collector_reports},
                                              {"public_verified", &Counts::public_verified},
                                              {"filed", &Counts::filed},
                                              {"closed", &Counts::closed},
                                              {"closed_on_time", &Counts::closed_on_time},
                                              {"overdue_open", &Counts::overdue_open},
                                              {"due", &Counts::due},
                                              {"reworked", &Counts::reworked},
                                              {"rated", &Counts::rated},
                                              {"satisfied", &Counts::satisfied},
                                              {"basic", &Counts::basic},
                                              {"unsatisfied", &Counts::unsatisfied}};

struct RateField {
    const char* name;
    std::optional<double> Rates::*member;
};
inline constexpr RateField rate_fields[] = {{"closure_rate", &Rates::closure_rate},
                                            {"on_time_rate", &Rates::on_time_rate},
                                            {"public_report_rate", &Rates::public_report_rate},
                                            {"rework_rate", &Rates::rework_rate},
                                            {"satisfaction_rate", &Rates::satisfaction_rate}};

/// 0–100 (domain.md §5.3).
struct Scores {
    double public_report_score = 100, filed_score = 100, closure_score = 100, on_time_score = 100,
           composite = 100;
};

/// Adds one case's contribution to `counts` for the period.
void count_case(const Case& c, const Period& p, Counts& counts);

Rates rates_of(const Counts& c);

/// A good-when-high rate scores rate × 100, a good-when-low one (1 − rate) × 100; null scores 100.
double score_high(const std::optional<double>& rate);
double score_low(const std::optional<double>& rate);

/// The filed-cases score: filed ÷ grids mapped through the table of the region's class (二类 when
/// `busy`), its bounds scaled by the period's length in months.
double filed_score(long long filed, long long grids, bool busy, double months, const rules::Rules& rules);

Scores scores_of(const Counts& counts, const Rates& rates, long long grids, bool busy, double months,
                 const rules::Rules& rules);

} // namespace wangge::assess
