#include "src/assess/indicators.hpp"

#include "src/rules/rules.hpp"

#include <cmath>

namespace wangge::assess {

Counts& Counts::operator+=(const Counts& o) {
    for (const CountField& f : count_fields) this->*f.member += o.*f.member;
    return *this;
}

CountOptions CountOptions::from_rules(const rules::Rules& rules) {
    CountOptions o;
    o.carry_over_overdue = rules.carry_over_overdue;
    o.rework_over_due = rules.rework_denominator == rules::ReworkDenominator::due;
    return o;
}

double published(double value, int digits) {
    // Exact powers, looked up: a big city's results round millions of numbers.
    static constexpr double powers[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};
    const double scale = digits >= 0 && digits < 9 ? powers[digits] : std::pow(10.0, digits);
    // The nudge keeps 89.995, stored as 89.99499…, rounding up as it is printed.
    return std::round(value * scale + std::copysign(1e-7, value)) / scale;
}

std::optional<double> ratio(long long a, long long b) {
    if (b == 0) return std::nullopt;
    return static_cast<double>(a) / static_cast<double>(b);
}

void count_case(const Case& c, const Period& p, const CountOptions& o, Counts& n) {
    // 上报数 counts voided cases too; every other count leaves them out (domain.md §5.1).
    if (p.contains(c.reported)) {
        ++n.reports;
        n.collector_reports += c.source == Source::collector;
        n.valid_reports += c.filed && !c.voided;
    }
    if (c.voided) return;
    if (c.source == Source::public_report && p.contains(c.verified) && c.filed) ++n.public_verified;
    if (p.contains(c.filed)) {
        ++n.filed;
        if (c.supervised) {
            ++n.supervised;
            n.supervised_closed += c.closed && c.closed < p.end;
        }
    }
    if (p.contains(c.closed)) {
        ++n.closed;
        ++n.due;
        long long done = c.disposed ? c.disposed : c.closed;
        // A case with no deadline (its class unknown) cannot be late; it is counted apart.
        if (!c.deadline) ++n.no_deadline;
        if (!c.deadline || done <= c.deadline) ++n.closed_on_time;
        n.reworked += c.rework > 0;
        if (c.feedback != Feedback::none) {
            ++n.rated;
            n.satisfied += c.feedback == Feedback::satisfied;
            n.basic += c.feedback == Feedback::basic;
            n.unsatisfied += c.feedback == Feedback::unsatisfied;
        }
        return;
    }
    const bool open_at_end = c.filed && c.filed < p.end && (!c.closed || c.closed >= p.end);
    if (!open_at_end) return;
    // 挂账: put on account, it is not due while it cannot be handled.
    if (c.suspended) {
        ++n.suspended;
        return;
    }
    // A problem left unsolved stays due until it is closed: a region cannot improve its grade by
    // leaving it (domain.md §5.1), unless the city counts only deadlines inside the period.
    const bool overdue = c.deadline && c.deadline < p.end && (o.carry_over_overdue || c.deadline >= p.start);
    if (!overdue) return;
    ++n.overdue_open;
    ++n.due;
    n.carried_over += c.deadline < p.start;
}

namespace {

std::optional<double> published_ratio(long long a, long long b) {
    const std::optional<double> r = ratio(a, b);
    return r ? std::optional<double>(published(*r, 4)) : std::nullopt;
}

} // namespace

Rates rates_of(const Counts& c, const CountOptions& o) {
    return {published_ratio(c.closed, c.due),
            published_ratio(c.closed_on_time, c.due),
            published_ratio(c.public_verified, c.filed),
            published_ratio(c.reworked, o.rework_over_due ? c.due : c.closed),
            published_ratio(c.satisfied + c.basic, c.rated),
            published_ratio(c.valid_reports, c.reports)};
}

double score_high(const std::optional<double>& rate) {
    return rate ? *rate * 100.0 : 100.0;
}
double score_low(const std::optional<double>& rate) {
    return rate ? (1.0 - *rate) * 100.0 : 100.0;
}

double filed_score(long long filed, long long grids, bool busy, double months, const rules::Rules& rules) {
    const auto& bounds = rules.filed_bounds.at(busy && rules.filed_bounds.count("二类") ? "二类" : "一类");
    double per_grid = grids > 0 ? static_cast<double>(filed) / static_cast<double>(grids) : 0.0;
    for (std::size_t i = 0; i < bounds.size(); ++i)
        if (per_grid <= bounds[i] * months + 1e-12) return rules.filed_scores[i];
    return rules.filed_scores.back();
}

Scores scores_of(const Counts& counts, const Rates& rates, long long grids, bool busy, double months,
                 const rules::Rules& rules) {
    Scores s;
    s.public_report_score = score_low(rates.public_report_rate);
    s.filed_score = filed_score(counts.filed, grids, busy, months, rules);
    s.closure_score = score_high(rates.closure_rate);
    s.on_time_score = score_high(rates.on_time_rate);
    const auto& w = rules.composite_weights;
    s.composite = (w.public_report_score * s.public_report_score + w.filed_score * s.filed_score +
                   w.closure_score * s.closure_score + w.on_time_score * s.on_time_score) /
                  100.0;
    for (double* v :
         {&s.public_report_score, &s.filed_score, &s.closure_score, &s.on_time_score, &s.composite})
        *v = published(*v, 2);
    return s;
}

} // namespace wangge::assess
