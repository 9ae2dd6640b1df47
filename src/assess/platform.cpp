#include "src/assess/platform.hpp"

#include "geo/error.hpp"
#include "layers/dates.hpp"
#include "layers/text.hpp"
#include "src/assess/case_log.hpp"
#include "src/assess/indicators.hpp"
#include "src/rules/rules.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace wangge::assess {
namespace {

constexpr long long day_seconds = 86400;

/// The local day of a time (days since 1970-01-01, Asia/Shanghai).
long long day_of(long long t) {
    return t >= 0 ? t / day_seconds : (t - day_seconds + 1) / day_seconds;
}
int hour_of(long long t) {
    return static_cast<int>((t - day_of(t) * day_seconds) / 3600);
}

/// Which grids, and so which cases and collectors, a platform holds.
struct Scope {
    std::string platform, level;
    std::vector<char> grids; ///< per CaseLog::grids
    bool all = false;        ///< the city: also the cases in no grid

    bool holds(int grid) const { return all || (grid >= 0 && grids[static_cast<std::size_t>(grid)]); }
};

Scope scope_of(const CaseLog& log, const std::string& platform) {
    std::set<std::string> districts;
    for (const GridInfo& g : log.grids) districts.insert(g.code.substr(0, 6));
    Scope s;
    s.platform = platform;
    s.grids.assign(log.grids.size(), 0);
    if (districts.count(platform)) {
        s.level = "district";
        for (std::size_t i = 0; i < log.grids.size(); ++i)
            s.grids[i] = log.grids[i].code.rfind(platform, 0) == 0;
        return s;
    }
    bool city = platform.size() == 6 && platform.substr(4) == "00" && !districts.empty() &&
                std::all_of(districts.begin(), districts.end(),
                            [&](const std::string& d) { return d.substr(0, 4) == platform.substr(0, 4); });
    if (!city) {
        std::string list;
        for (const auto& d : districts) list += (list.empty() ? "" : ", ") + d;
        std::string city_code = districts.empty() ? "" : districts.begin()->substr(0, 4) + "00";
        throw InputError("platform " + platform + " is neither the city (" + city_code +
                         ") nor one of its districts (" + list + ")");
    }
    s.level = "city";
    s.all = true;
    s.grids.assign(log.grids.size(), 1);
    return s;
}

double clamp01(double v) {
    return std::clamp(v, 0.0, 1.0);
}

/// The counts the computed items need, over the platform's cases of the period.
struct PlatformCounts {
    long long collectors = 0, grids = 0, reports = 0, days = 0, slots_covered = 0;
    long long night_operators = 0, nights_with_operations = 0, nights_alone = 0;
    long long filings = 0, voided = 0, dispatches = 0, reworked = 0, late = 0;
    long long filed = 0, supervised = 0, supervised_closed = 0, suspended_open = 0;
};

PlatformCounts count(const CaseLog& log, const Period& period, const rules::Rules& rules,
                     const Scope& scope) {
    PlatformCounts n;
    for (char g : scope.grids) n.grids += g;
    for (const RosterEntry& e : log.roster) {
        if (e.role == Role::collector &&
            (scope.all || std::any_of(e.grids.begin(), e.grids.end(), [&](int g) { return scope.holds(g); })))
            ++n.collectors;
        if (e.role == Role::operator_ && is_night_shift(e.shift)) ++n.night_operators;
    }
    n.days = std::max<long long>(1, (period.end - period.start + day_seconds - 1) / day_seconds);
    const long long filing_limit = rules::TaskLimits::seconds(rules.task_limit_minutes.filing);
    const long long dispatch_limit = rules::TaskLimits::seconds(rules.task_limit_minutes.dispatch);
    std::set<long long> slots;                           // day * 24 + hour with a collector's report
    std::map<long long, std::set<std::uint32_t>> nights; // night (the day it starts) → operators acting
    auto operated = [&](long long t, std::uint32_t who) {
        int h = hour_of(t);
        if (h >= 21 || h < 8) nights[h >= 21 ? day_of(t) : day_of(t) - 1].insert(who);
    };
    for (const Case& c : log.cases) {
        if (!scope.holds(c.grid)) continue;
        if (c.source == Source::collector && period.contains(c.reported)) {
            ++n.reports;
            int h = hour_of(c.reported);
            if (h >= 8 && h < 21) slots.insert(day_of(c.reported) * 24 + h);
        }
        if (c.filer && period.contains(c.filed)) {
            ++n.filings;
            n.voided += c.voided;
            long long from = c.verified ? c.verified : c.reported;
            n.late += from && c.filed - from > filing_limit;
            operated(c.filed, c.filer);
        }
        if (c.dispatcher && period.contains(c.dispatched)) {
            ++n.dispatches;
            n.reworked += c.rework > 0;
            n.late += c.filed && c.dispatched - c.filed > dispatch_limit;
            operated(c.dispatched, c.dispatcher);
        }
        if (period.contains(c.filed) && !c.voided) {
            ++n.filed;
            bool closed = c.closed && c.closed < period.end;
            if (c.supervised) {
                ++n.supervised;
                n.supervised_closed += closed;
            }
            n.suspended_open += c.suspended && !closed;
        }
    }
    n.slots_covered = static_cast<long long>(slots.size());
    n.nights_with_operations = static_cast<long long>(nights.size());
    for (const auto& [night, who] : nights) n.nights_alone += who.size() == 1;
    return n;
}

/// The census items from the districts the platform holds.
void score_census(ItemScore& s, const Period& period, const CensusFacts& census, const Scope& scope) {
    std::vector<const CensusFacts::District*> held;
    for (const auto& d : census.districts)
        if (scope.all || d.code == scope.platform) held.push_back(&d);
    const double max = s.item.max_points;
    if (s.item.id == "census_done") {
        if (!census.validated || held.empty()) {
            s.note = "工作区尚无普查检查结果：请先运行 wangge validate";
            return;
        }
        double sum = 0;
        for (const auto* d : held) sum += d->completeness_score.value_or(0);
        double mean = sum / static_cast<double>(held.size());
        s.figures = {{"districts", static_cast<double>(held.size())}, {"completeness_score", mean}};
        s.points = max * clamp01(mean / *s.item.target);
        return;
    }
    // census_updated: the last components import of each district, against the period's end.
    long long updated = 0, oldest_days = 0;
    for (const auto* d : held) {
        auto when = layers::parse_timestamp(d->components_submitted);
        if (!when) continue;
        long long age = std::max<long long>(0, (period.end - layers::local_seconds(*when)) / day_seconds);
        oldest_days = std::max(oldest_days, age);
        updated += static_cast<double>(age) <= *s.item.target;
    }
    if (held.empty()) {
        s.note = "工作区尚无各区的部件普查数据";
        return;
    }
    s.figures = {{"districts", static_cast<double>(held.size())},
                 {"districts_updated", static_cast<double>(updated)},
                 {"oldest_census_days", static_cast<double>(oldest_days)}};
    s.points = max * static_cast<double>(updated) / static_cast<double>(held.size());
    if (updated < static_cast<long long>(held.size()))
        s.note = std::to_string(held.size() - static_cast<std::size_t>(updated)) + " 个区在考核周期结束前 " +
                 layers::fixed(*s.item.target, 0) + " 天内未提交部件普查数据";
}

void score_computed(ItemScore& s, const PlatformCounts& n, const Period& period, const CensusFacts& census,
                    const Scope& scope) {
    const std::string& id = s.item.id;
    const double max = s.item.max_points;
    const double target = s.item.target.value_or(0);
    auto d = [](long long v) { return static_cast<double>(v); };
    if (id == "collectors_per_grid") {
        s.figures = {{"collectors", d(n.collectors)}, {"grids", d(n.grids)}};
        if (!n.collectors) {
            s.note = "人员名册中没有负责本平台网格的监督员";
            return;
        }
        double per = d(n.grids) / d(n.collectors);
        s.figures.push_back({"grids_per_collector", per});
        s.points = per <= target ? max : max * target / per;
    } else if (id == "collection_hours") {
        double share = d(n.slots_covered) / d(n.days * 13);
        s.figures = {{"days", d(n.days)}, {"hours_with_reports", d(n.slots_covered)}, {"share", share}};
        s.points = max * clamp01(share / target);
    } else if (id == "collection_volume") {
        s.figures = {{"collectors", d(n.collectors)}, {"days", d(n.days)}, {"reports", d(n.reports)}};
        if (!n.collectors) {
            s.note = "人员名册中没有负责本平台网格的监督员";
            return;
        }
        double per_day = d(n.reports) / d(n.collectors) / d(n.days);
        s.figures.push_back({"reports_per_collector_per_day", per_day});
        s.points = max * clamp01(per_day / target);
    } else if (id == "operator_duty") {
        s.figures = {{"night_shift_operators", d(n.night_operators)},
                     {"nights_with_operations", d(n.nights_with_operations)},
                     {"nights_one_operator_alone", d(n.nights_alone)}};
        if (n.night_operators < 2) {
            s.note =
                "人员名册中夜班操作员 " + std::to_string(n.night_operators) + " 人，7×24 值班至少需要 2 人";
            return;
        }
        s.points =
            n.nights_with_operations ? max * (1 - d(n.nights_alone) / d(n.nights_with_operations)) : max;
        if (n.nights_alone) s.note = "有 " + std::to_string(n.nights_alone) + " 个夜间仅 1 名操作员在岗操作";
    } else if (id == "operation_accuracy") {
        long long ops = n.filings + n.dispatches;
        auto accuracy = ratio(n.filings - n.voided + n.dispatches - n.reworked, ops);
        s.figures = {{"operations", d(ops)},
                     {"accurate_operations", d(n.filings - n.voided + n.dispatches - n.reworked)}};
        if (!accuracy) {
            s.points = max;
            s.note = "本周期无操作";
            return;
        }
        s.figures.push_back({"accuracy", *accuracy});
        s.points = max * clamp01(*accuracy / target);
    } else if (id == "operation_timeouts") {
        long long ops = n.filings + n.dispatches;
        auto rate = ratio(n.late, ops);
        s.figures = {{"operations", d(ops)}, {"late_operations", d(n.late)}};
        if (!rate) {
            s.points = max;
            s.note = "本周期无操作";
            return;
        }
        s.figures.push_back({"timeout_rate", *rate});
        s.points = target > 0 ? max * clamp01(1 - *rate / target) : (*rate > 0 ? 0 : max);
    } else if (id == "supervision") {
        s.figures = {{"supervised", d(n.supervised)}, {"supervised_closed", d(n.supervised_closed)}};
        if (!n.supervised) {
            s.points = max;
            s.note = "本周期无督办案件";
            return;
        }
        double rate = d(n.supervised_closed) / d(n.supervised);
        s.figures.push_back({"closure_rate", rate});
        s.points = max * rate;
    } else if (id == "suspended") {
        s.figures = {{"filed", d(n.filed)}, {"suspended_open", d(n.suspended_open)}};
        if (!n.filed) {
            s.points = max;
            s.note = "本周期无立案案件";
            return;
        }
        double share = d(n.suspended_open) / d(n.filed);
        s.figures.push_back({"suspended_share", share});
        s.points = target > 0 ? max * clamp01(1 - share / target) : (share > 0 ? 0 : max);
    } else {
        score_census(s, period, census, scope);
    }
}

} // namespace

std::string figure_label(const std::string& name) {
    static const std::map<std::string, std::string> labels{{"accuracy", "准确率"},
                                                           {"accurate_operations", "准确操作数"},
                                                           {"closure_rate", "结案率"},
                                                           {"collectors", "监督员数"},
                                                           {"completeness_score", "普查完整性得分"},
                                                           {"days", "天数"},
                                                           {"districts", "区数"},
                                                           {"districts_updated", "按时更新区数"},
                                                           {"filed", "立案数"},
                                                           {"grids", "网格数"},
                                                           {"grids_per_collector", "人均网格数"},
                                                           {"hours_with_reports", "有上报的时段数"},
                                                           {"late_operations", "超时操作数"},
                                                           {"night_shift_operators", "夜班操作员"},
                                                           {"nights_one_operator_alone", "单人值守夜数"},
                                                           {"nights_with_operations", "有操作的夜数"},
                                                           {"oldest_census_days", "最久未更新天数"},
                                                           {"operations", "操作数"},
                                                           {"reports", "上报数"},
                                                           {"reports_per_collector_per_day", "人均日上报数"},
                                                           {"share", "覆盖率"},
                                                           {"supervised", "督办数"},
                                                           {"supervised_closed", "督办结案数"},
                                                           {"suspended_open", "挂账未结数"},
                                                           {"suspended_share", "挂账比例"},
                                                           {"timeout_rate", "超时率"}};
    auto it = labels.find(name);
    return it == labels.end() ? name : it->second;
}

bool is_night_shift(const std::string& shift) {
    std::string s = layers::lower_ascii(shift);
    if (s.find("night") != std::string::npos || s.find("夜") != std::string::npos) return true;
    // "21:00-08:00": ends before it starts, so it runs past midnight.
    int h1 = 0, m1 = 0, h2 = 0, m2 = 0;
    if (std::sscanf(s.c_str(), "%d:%d-%d:%d", &h1, &m1, &h2, &m2) == 4) return h2 * 60 + m2 < h1 * 60 + m1;
    return false;
}

PlatformScore assess_platform(const CaseLog& log, const Period& period, const rules::Rules& rules,
                              const std::vector<PlatformItem>& items, const Checklist& checklist,
                              const CensusFacts& census) {
    Scope scope = scope_of(log, checklist.platform);
    PlatformCounts n = count(log, period, rules, scope);
    PlatformScore out;
    out.platform = checklist.platform;
    out.level = scope.level;
    out.period = period.id;
    if (auto it = log.region_names.find(checklist.platform); it != log.region_names.end())
        out.name = it->second;
    for (const PlatformItem& item : items) {
        ItemScore s{item, 0, {}, {}};
        if (item.computed) {
            score_computed(s, n, period, census, scope);
        } else if (auto p = checklist.points.find(item.id); p != checklist.points.end()) {
            s.points = p->second;
        } else {
            s.note = "清单未填报";
        }
        s.points = std::round(s.points * 100) / 100;
        out.table_points[item.table - 1] += s.points;
        out.table_max[item.table - 1] += item.max_points;
        out.items.push_back(std::move(s));
    }
    out.total = out.table_points[0] + out.table_points[1];
    out.max_total = out.table_max[0] + out.table_max[1];
    out.score = out.max_total > 0 ? out.total / out.max_total * 100 : 0;
    const rules::GradeBand& band = rules.grade_of(out.score);
    out.grade = band.grade;
    out.colour = band.colour;
    out.label = band.label;
    return out;
}

} // namespace wangge::assess
