#include "src/assess/indicators.hpp"

#include "src/rules/rules.hpp"

namespace wangge::assess {

Counts& Counts::operator+=(const Counts& o) {
    reports += o.reports, collector_reports += o.collector_reports, public_verified += o.public_verified;
    filed += o.filed, closed += o.closed, closed_on_time += o.closed_on_time, overdue_open += o.overdue_open;
    due += o.due, reworked += o.reworked, rated += o.rated, satisfied += o.satisfied, basic += o.basic;
    unsatisfied += o.unsatisfied;
    return *this;
}

void count_case(const Case& c, const Period& p, Counts& n) {
    // 上报数 counts voided cases too; every other count leaves them out (domain.md §5).
    if (p.contains(c.reported)) {
        ++n.reports;
        n.collector_reports += c.source == Source::collector;
    }
    if (c.voided) return;
    if (c.source == Source::public_report && p.contains(c.verified) && c.filed) ++n.public_verified;
    if (p.contains(c.filed)) ++n.filed;
    if (p.contains(c.closed)) {
        ++n.closed;
        ++n.due;
        long long done = c.disposed ? c.disposed : c.closed;
        // A case with no deadline (no class limit known) cannot be late.
        if (!c.deadline || done <= c.deadline) ++n.closed_on_time;
        n.reworked += c.rework > 0;
        if (c.feedback != Feedback::none) {
            ++n.rated;
            n.satisfied += c.feedback == Feedback::satisfied;
            n.basic += c.feedback == Feedback::basic;
            n.unsatisfied += c.feedback == Feedback::unsatisfied;
        }
    } else if (c.filed && c.filed < p.end && (!c.closed || c.closed >= p.end) && p.contains(c.deadline)) {
        ++n.overdue_open;
        ++n.due;
    }
}

namespace {

std::optional<double> ratio(long long a, long long b) {
    if (b == 0) return std::nullopt;
    return static_cast<double>(a) / static_cast<double>(b);
}

} // namespace

Rates rates_of(const Counts& c) {
    return {ratio(c.closed, c.due), ratio(c.closed_on_time, c.due), ratio(c.public_verified, c.filed),
            ratio(c.reworked, c.closed), ratio(c.satisfied + c.basic, c.rated)};
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
    s.composite = (w.at("public_report_score") * s.public_report_score + w.at("filed_score") * s.filed_score +
                   w.at("closure_score") * s.closure_score + w.at("on_time_score") * s.on_time_score) /
                  100.0;
    return s;
}

} // namespace wangge::assess
