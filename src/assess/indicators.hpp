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
              closed_on_time = 0, overdue_open = 0, carried_over = 0, due = 0, valid_reports = 0,
              no_deadline = 0, suspended = 0, supervised = 0, supervised_closed = 0, reworked = 0, rated = 0,
              satisfied = 0, basic = 0, unsatisfied = 0;
    Counts& operator+=(const Counts& o);
};

/// Fractions 0..1; nullopt when the denominator is 0 (domain.md §5.2).
struct Rates {
    std::optional<double> closure_rate, on_time_rate, public_report_rate, rework_rate, satisfaction_rate,
        valid_report_rate;
};

/// The JSON names of the counts and rates, with their Chinese names, in contract order: one list
/// for every writer.
struct CountField {
    const char* name;
    const char* chinese;
    long long Counts::*member;
};
inline constexpr CountField count_fields[] = {
    {"reports", "上报数", &Counts::reports},
    {"collector_reports", "监督员上报数", &Counts::collector_reports},
    {"public_verified", "监督举报核实数", &Counts::public_verified},
    {"filed", "立案数", &Counts::filed},
    {"closed", "结案数", &Counts::closed},
    {"closed_on_time", "按期结案数", &Counts::closed_on_time},
    {"overdue_open", "超期未结案数", &Counts::overdue_open},
    {"carried_over", "遗留超期案件数", &Counts::carried_over},
    {"due", "应结案数", &Counts::due},
    {"valid_reports", "有效上报数", &Counts::valid_reports},
    {"no_deadline", "无时限结案数", &Counts::no_deadline},
    {"suspended", "挂账案件数", &Counts::suspended},
    {"supervised", "督办数", &Counts::supervised},
    {"supervised_closed", "督办结案数", &Counts::supervised_closed},
    {"reworked", "返工案件数", &Counts::reworked},
    {"rated", "回访数", &Counts::rated},
    {"satisfied", "满意数", &Counts::satisfied},
    {"basic", "基本满意数", &Counts::basic},
    {"unsatisfied", "不满意数", &Counts::unsatisfied}};

struct RateField {
    const char* name;
    const char* chinese;
    std::optional<double> Rates::*member;
};
inline constexpr RateField rate_fields[] = {{"closure_rate", "结案率", &Rates::closure_rate},
                                            {"on_time_rate", "按期结案率", &Rates::on_time_rate},
                                            {"public_report_rate", "监督举报率", &Rates::public_report_rate},
                                            {"rework_rate", "返工率", &Rates::rework_rate},
                                            {"satisfaction_rate", "满意率", &Rates::satisfaction_rate},
                                            {"valid_report_rate", "有效上报率", &Rates::valid_report_rate}};

/// The choices of domain.md §5 that cities make differently (rules file).
struct CountOptions {
    /// An overdue case still open stays due in every later period until it is closed; false
    /// counts only deadlines inside the period.
    bool carry_over_overdue = true;
    /// 返工率 over closed cases, or over due cases (Zhengzhou).
    bool rework_over_due = false;

    static CountOptions from_rules(const rules::Rules& rules);
};

/// A published figure (domain.md §5.3): `digits` decimals, half away from zero.
double published(double value, int digits);

/// a / b, or nothing when b is 0: a rate of nothing is not a rate.
std::optional<double> ratio(long long a, long long b);

/// 0–100 (domain.md §5.3).
struct Scores {
    double public_report_score = 100, filed_score = 100, closure_score = 100, on_time_score = 100,
           composite = 100;
};

/// Adds one case's contribution to `counts` for the period.
void count_case(const Case& c, const Period& p, const CountOptions& options, Counts& counts);

/// The rates, each published (4 decimals).
Rates rates_of(const Counts& c, const CountOptions& options);

/// A good-when-high rate scores rate × 100, a good-when-low one (1 − rate) × 100; null scores 100.
double score_high(const std::optional<double>& rate);
double score_low(const std::optional<double>& rate);

/// The filed-cases score: filed ÷ grids mapped through the table of the region's class (二类 when
/// `busy`), its bounds scaled by the period's length in months.
double filed_score(long long filed, long long grids, bool busy, double months, const rules::Rules& rules);

/// The scores and the composite, each published (2 decimals): the grade is read from these.
Scores scores_of(const Counts& counts, const Rates& rates, long long grids, bool busy, double months,
                 const rules::Rules& rules);

} // namespace wangge::assess
