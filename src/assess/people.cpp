// Department assessment (部门评价) and staff assessment (岗位考核), domain.md §7.

#include "src/assess/assessment.hpp"
#include "src/assess/hotspots.hpp"

#include "geo/error.hpp"
#include "geo/phase_timer.hpp"
#include "layers/dates.hpp"
#include "src/rules/calendar.hpp"
#include "src/rules/rules.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <map>
#include <unordered_map>

namespace wangge::assess {

std::vector<DepartmentResult> assess_departments(const CaseLog& log, const Period& period,
                                                 const rules::Rules& rules) {
    const CountOptions options = CountOptions::from_rules(rules);
    std::map<std::string, Counts> by_dept;
    for (const Case& c : log.cases)
        if (c.dept) count_case(c, period, options, by_dept[log.ids[c.dept]]);
    std::vector<DepartmentResult> out;
    const auto& w = rules.department_weights;
    for (const auto& [dept, counts] : by_dept) {
        DepartmentResult d;
        d.dept_code = dept;
        d.counts = counts;
        d.rates = rates_of(counts, options);
        // A department's caseload is assigned to it, not caused by it: its filed count is
        // reported, not scored (domain.md §7).
        d.closure_score = published(score_high(d.rates.closure_rate), 2);
        d.on_time_score = published(score_high(d.rates.on_time_rate), 2);
        d.rework_score = published(score_low(d.rates.rework_rate), 2);
        d.composite = published((w.closure_score * d.closure_score + w.on_time_score * d.on_time_score +
                                 w.rework_score * d.rework_score) /
                                    100.0,
                                2);
        const auto& band = rules.grade_of(d.composite);
        d.grade = band.grade;
        d.colour = band.colour;
        out.push_back(std::move(d));
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.composite > b.composite; });
    return out;
}

namespace {

/// Each person's work in the period, and the filed and public cases of each grid (for the
/// collectors' missed rate).
struct StaffTally {
    std::unordered_map<std::uint32_t, StaffResult> people; ///< by interned id
    std::vector<long long> grid_filed, grid_public;
};

StaffTally tally_staff(const CaseLog& log, const Period& period, const rules::Rules& rules) {
    StaffTally t;
    t.grid_filed.assign(log.grids.size(), 0);
    t.grid_public.assign(log.grids.size(), 0);
    auto person = [&](std::uint32_t id) -> StaffResult& {
        StaffResult& s = t.people[id];
        if (s.person_id.empty()) s.person_id = log.ids[id];
        return s;
    };
    const rules::TaskLimits& limits = rules.task_limit_minutes;
    const long long verify_limit = rules::TaskLimits::seconds(limits.verify);
    const long long check_limit = rules::TaskLimits::seconds(limits.check);
    const long long filing_limit = rules::TaskLimits::seconds(limits.filing);
    const long long dispatch_limit = rules::TaskLimits::seconds(limits.dispatch);
    for (const Case& c : log.cases) {
        if (c.reporter && period.contains(c.reported)) {
            if (c.source == Source::collector) {
                StaffResult& s = person(c.reporter);
                ++s.reports;
                s.valid_reports += c.filed && !c.voided;
            } else if (c.source == Source::inspector) {
                StaffResult& s = person(c.reporter);
                ++s.inspections;
                s.problems_found += c.filed && !c.voided;
            }
        }
        // Verification and check tasks run on the collectors' clock: 08:00–21:00 every day
        // (domain.md §6), so a task sent at 20:55 and answered at 08:05 took 10 minutes.
        if (c.verifier && period.contains(c.verify_sent)) {
            StaffResult& s = person(c.verifier);
            ++s.verify_tasks;
            s.verify_on_time += c.verified && rules::daily_seconds(c.verify_sent, c.verified,
                                                                   rules.collector_hours) <= verify_limit;
        }
        if (c.checker && period.contains(c.check_sent)) {
            StaffResult& s = person(c.checker);
            ++s.check_tasks;
            s.check_on_time += c.checked && rules::daily_seconds(c.check_sent, c.checked,
                                                                 rules.collector_hours) <= check_limit;
        }
        // Operators are on duty 7×24: their limits run on the natural clock (domain.md §7).
        if (c.filer && period.contains(c.filed)) {
            StaffResult& s = person(c.filer);
            ++s.filings;
            s.voided += c.voided;
            long long from = c.verified ? c.verified : c.reported;
            s.late_operations += from && c.filed - from > filing_limit;
        }
        if (c.dispatcher && period.contains(c.dispatched)) {
            StaffResult& s = person(c.dispatcher);
            ++s.dispatches;
            s.reworked += c.rework > 0;
            s.late_operations += c.filed && c.dispatched - c.filed > dispatch_limit;
        }
        if (c.grid >= 0 && !c.voided && period.contains(c.filed)) {
            ++t.grid_filed[static_cast<std::size_t>(c.grid)];
            t.grid_public[static_cast<std::size_t>(c.grid)] += c.source == Source::public_report;
        }
    }
    return t;
}

/// The roster by interned id; people in the roster who did nothing get ids of their own.
std::unordered_map<std::uint32_t, const RosterEntry*> roster_by_id(const CaseLog& log) {
    std::unordered_map<std::string, std::uint32_t> id_of;
    for (std::uint32_t i = 1; i < log.ids.size(); ++i) id_of.emplace(log.ids[i], i);
    std::unordered_map<std::uint32_t, const RosterEntry*> roster;
    for (const RosterEntry& e : log.roster)
        if (auto it = id_of.find(e.person_id); it != id_of.end())
            roster[it->second] = &e;
        else if (!e.person_id.empty())
            roster[std::numeric_limits<std::uint32_t>::max() - static_cast<std::uint32_t>(roster.size())] =
                &e;
    return roster;
}

/// Without a roster, a collector's grids are those where they reported most.
std::unordered_map<std::uint32_t, std::vector<int>> busiest_grids(const CaseLog& log) {
    std::unordered_map<std::uint32_t, std::map<int, long long>> reported;
    for (const Case& c : log.cases)
        if (c.reporter && c.source == Source::collector && c.grid >= 0) ++reported[c.reporter][c.grid];
    std::unordered_map<std::uint32_t, std::vector<int>> out;
    for (const auto& [id, counts] : reported) {
        long long best = 0;
        for (const auto& [g, n] : counts) best = std::max(best, n);
        for (const auto& [g, n] : counts)
            if (n == best) out[id].push_back(g);
    }
    return out;
}

void score_collector(StaffResult& s, const std::vector<int>& grids, const StaffTally& t,
                     const rules::CollectorWeights& w) {
    for (int g : grids) {
        s.grid_filed += t.grid_filed[static_cast<std::size_t>(g)];
        s.grid_public_filed += t.grid_public[static_cast<std::size_t>(g)];
    }
    s.valid_report_rate = ratio(s.valid_reports, s.reports);
    s.missed_rate = ratio(s.grid_public_filed, s.grid_filed);
    s.verify_on_time_rate = ratio(s.verify_on_time, s.verify_tasks);
    s.check_on_time_rate = ratio(s.check_on_time, s.check_tasks);
    // Someone who did no work in the period is not assessed, rather than scored 100.
    if (s.reports || s.verify_tasks || s.check_tasks)
        s.composite = (w.valid_report_rate * score_high(s.valid_report_rate) +
                       w.missed_rate * score_low(s.missed_rate) +
                       w.verify_on_time_rate * score_high(s.verify_on_time_rate) +
                       w.check_on_time_rate * score_high(s.check_on_time_rate)) /
                      100.0;
}

void score_operator(StaffResult& s, const rules::OperatorWeights& w) {
    s.operations = s.filings + s.dispatches;
    s.accuracy = ratio((s.filings - s.voided) + (s.dispatches - s.reworked), s.operations);
    s.timeout_rate = ratio(s.late_operations, s.operations);
    if (s.operations)
        s.composite =
            (w.accuracy * score_high(s.accuracy) + w.timeout_rate * score_low(s.timeout_rate)) / 100.0;
}

} // namespace

std::vector<StaffResult> assess_staff(const CaseLog& log, const Period& period, const rules::Rules& rules) {
    StaffTally tally = tally_staff(log, period, rules);
    const auto roster = roster_by_id(log);
    const auto reported_grids = log.roster.empty() ? busiest_grids(log) : decltype(busiest_grids(log)){};
    for (const auto& [id, entry] : roster) {
        StaffResult& s = tally.people[id];
        s.person_id = entry->person_id;
        s.name = entry->name;
        s.role = entry->role;
    }
    std::vector<StaffResult> out;
    static const std::vector<int> no_grids;
    for (auto& [id, s] : tally.people) {
        if (s.role == Role::none)
            // Verification and check tasks are the collectors' (domain.md §7).
            s.role = s.reports || s.verify_tasks || s.check_tasks ? Role::collector
                     : s.inspections                              ? Role::inspector
                     : (s.filings || s.dispatches)                ? Role::operator_
                                                                  : Role::none;
        if (s.role == Role::collector) {
            const std::vector<int>* grids = &no_grids;
            if (auto it = roster.find(id); it != roster.end())
                grids = &it->second->grids;
            else if (auto rg = reported_grids.find(id); rg != reported_grids.end())
                grids = &rg->second;
            score_collector(s, *grids, tally, rules.collector_weights);
        } else if (s.role == Role::operator_) {
            score_operator(s, rules.operator_weights);
        }
        if (s.role != Role::none) out.push_back(s);
    }
    // By post in the order of its key (collector, inspector, operator), then best first.
    std::sort(out.begin(), out.end(), [](const StaffResult& a, const StaffResult& b) {
        return a.role != b.role ? std::strcmp(role_key(a.role), role_key(b.role)) < 0
               : a.composite.value_or(-1) != b.composite.value_or(-1)
                   ? a.composite.value_or(-1) > b.composite.value_or(-1)
                   : a.person_id < b.person_id;
    });
    return out;
}

std::vector<RegionResult> assess_regions(const CaseLog& log, const Period& period, const rules::Rules& rules);

bool touches(const Case& c, const Period& p) {
    return p.contains(c.reported) || p.contains(c.filed) || p.contains(c.closed) || p.contains(c.deadline);
}

long long cases_touching(const CaseLog& log, const Period& period) {
    long long n = 0;
    for (const Case& c : log.cases) n += touches(c, period);
    return n;
}

/// Gi* of the filed cases over every grid of the log (those without a result count 0).
static void add_hotspots(const CaseLog& log, std::vector<RegionResult>& regions) {
    std::vector<double> filed(log.grids.size(), 0.0);
    for (const RegionResult& r : regions)
        if (r.grid) filed[*r.grid] = static_cast<double>(r.counts.filed);
    auto z = getis_ord_gi_star(filed, log.grid_neighbours);
    for (RegionResult& r : regions)
        if (r.grid) {
            r.hotspot_z = z[*r.grid];
            r.hotspot_class = hotspot_class(r.hotspot_z);
        }
}

Assessment assess(const CaseLog& log, const Period& period, const rules::Rules& rules,
                  const rules::WorkingCalendar& calendar) {
    const int first = layers::year_of(period.start), last = layers::year_of(period.end - 1);
    for (int y = first; y <= last; ++y)
        if (!calendar.covers(y, y))
            throw InputError("period " + period.id + " falls in " + std::to_string(y) +
                             ", for which the working calendar has no file: add " + std::to_string(y) +
                             ".csv (the State Council's holidays and adjusted working days) to " +
                             calendar.source());
    Assessment a;
    a.period = period;
    PhaseTimer timer(4);
    a.regions = assess_regions(log, period, rules);
    timer.lap("regions");
    add_hotspots(log, a.regions);
    timer.lap("hot spots");
    a.departments = assess_departments(log, period, rules);
    timer.lap("departments");
    a.staff = assess_staff(log, period, rules);
    timer.lap("staff");
    a.cases = static_cast<long long>(log.cases.size());
    long long assumed = 0;
    for (const Case& c : log.cases) {
        if (!touches(c, period)) continue;
        ++a.cases_in_period;
        a.unlocated_cases += c.grid < 0;
        a.grid_mismatch_cases += c.grid_mismatch;
        assumed += c.deadline_assumed;
    }
    if (assumed)
        a.warnings.push_back(std::to_string(assumed) +
                             " deadlines run into a year without a calendar file: Monday to Friday without "
                             "holidays was assumed there");
    return a;
}

} // namespace wangge::assess
