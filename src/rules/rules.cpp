#include "src/rules/rules.hpp"

#include "geo/error.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <span>
#include <sstream>
#include <vector>

namespace wangge::rules {
namespace {

using json = nlohmann::json;

/// Reports problems at the line where a key first appears in the file.
class Located {
public:
    Located(std::string path, std::string text) : m_path(std::move(path)), m_text(std::move(text)) {}

    [[noreturn]] void fail(const std::string& key, const std::string& why) const {
        throw InputError(m_path + " line " + std::to_string(line_of(key)) + ": " + why);
    }
    int line_of_offset(std::size_t offset) const {
        offset = std::min(offset, m_text.size());
        return 1 +
               static_cast<int>(std::count(m_text.begin(), m_text.begin() + static_cast<long>(offset), '\n'));
    }
    int line_of(const std::string& key) const {
        std::size_t pos = m_text.find("\"" + key + "\"");
        return pos == std::string::npos ? 1 : line_of_offset(pos);
    }
    const std::string& path() const { return m_path; }

private:
    std::string m_path, m_text;
};

const json& need(const json& obj, const std::string& key, const Located& loc) {
    if (!obj.is_object() || !obj.contains(key)) loc.fail(key, "missing key '" + key + "'");
    return obj.at(key);
}

double number(const json& v, const std::string& key, const Located& loc) {
    if (!v.is_number()) loc.fail(key, "'" + key + "' must be a number");
    return v.get<double>();
}

/// Refuses a key the rules do not know: a misspelt key would otherwise leave its default in force
/// without a word.
void known_keys(const json& obj, const std::string& where, std::span<const char* const> keys,
                const Located& loc) {
    if (!obj.is_object()) loc.fail(where, "'" + where + "' must be an object");
    for (const auto& [k, v] : obj.items()) {
        bool known = false;
        for (const char* name : keys) known = known || k == name;
        if (known) continue;
        std::string list;
        for (const char* name : keys) list += (list.empty() ? "" : ", ") + std::string(name);
        loc.fail(k, "unknown key '" + k + "' in " + where + " (known: " + list + ")");
    }
}

void known_keys(const json& obj, const std::string& where, std::initializer_list<const char*> keys,
                const Located& loc) {
    known_keys(obj, where, std::span<const char* const>(keys.begin(), keys.size()), loc);
}

/// A number in [lo, hi].
double in_range(const json& v, const std::string& key, double lo, double hi, const Located& loc) {
    double x = number(v, key, loc);
    if (!(x >= lo && x <= hi)) {
        std::ostringstream s;
        s << "'" << key << "' is " << x << "; it must lie between " << lo << " and " << hi;
        loc.fail(key, s.str());
    }
    return x;
}

/// One weight of a composite: its key in the file and its member.
template <class W> struct Weight {
    const char* key;
    double W::*member;
};

/// A composite's weights: every one present, none negative, together 100 %.
template <class W>
W weights(const json& root, const std::string& key, const Located& loc,
          std::initializer_list<Weight<W>> parts) {
    const json& obj = need(root, key, loc);
    std::vector<const char*> names;
    for (const Weight<W>& p : parts) names.push_back(p.key);
    known_keys(obj, key, names, loc);
    W out;
    double sum = 0;
    for (const Weight<W>& p : parts) {
        double w = number(need(obj, p.key, loc), p.key, loc);
        if (w < 0) loc.fail(p.key, std::string("weight '") + p.key + "' is negative");
        out.*p.member = w;
        sum += w;
    }
    if (std::fabs(sum - 100.0) > 1e-9) {
        std::ostringstream s;
        s << "the weights of '" << key << "' add up to " << sum << " %, not 100 %";
        loc.fail(key, s.str());
    }
    return out;
}

int minutes(const std::string& hhmm, const std::string& key, const Located& loc) {
    auto digit = [&](std::size_t i) { return std::isdigit(static_cast<unsigned char>(hhmm[i])) != 0; };
    if (hhmm.size() != 5 || hhmm[2] != ':' || !digit(0) || !digit(1) || !digit(3) || !digit(4))
        loc.fail(key, "'" + hhmm + "' is not a time HH:MM");
    int h = (hhmm[0] - '0') * 10 + (hhmm[1] - '0'), m = (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
    if (h > 24 || m > 59) loc.fail(key, "'" + hhmm + "' is not a time HH:MM");
    return h * 60 + m;
}

void check_colour(const std::string& colour, const std::string& key, const Located& loc) {
    bool hex = colour.size() == 7 && colour[0] == '#' &&
               std::all_of(colour.begin() + 1, colour.end(),
                           [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
    if (!hex) loc.fail(key, "colour '" + colour + "' is not #rrggbb");
}

void load_grades(Rules& r, const json& root, const Located& loc) {
    const json& grades = need(root, "grades", loc);
    if (!grades.is_array() || grades.empty()) loc.fail("grades", "'grades' must be a list of bands");
    double previous = 1e300;
    for (const json& g : grades) {
        known_keys(g, "a grade band", {"grade", "min", "colour", "label"}, loc);
        GradeBand b;
        b.grade = need(g, "grade", loc).get<std::string>();
        b.min = in_range(need(g, "min", loc), "min", 0, 100, loc);
        b.colour = need(g, "colour", loc).get<std::string>();
        b.label = g.value("label", "");
        check_colour(b.colour, "colour", loc);
        if (b.min >= previous)
            loc.fail("grades", "grade bands must be listed best first with falling minimums");
        previous = b.min;
        r.grades.push_back(b);
    }
    if (r.grades.back().min > 0)
        loc.fail("grades", "the last grade band must start at 0 so that every score has a grade");
}

void load_filed_table(Rules& r, const json& root, const Located& loc) {
    const json& t = need(root, "filed_score_table", loc);
    known_keys(t, "filed_score_table", {"scores", "bounds"}, loc);
    for (const json& s : need(t, "scores", loc)) r.filed_scores.push_back(in_range(s, "scores", 0, 100, loc));
    for (const auto& [cls, bounds] : need(t, "bounds", loc).items()) {
        std::vector<double> b;
        for (const json& v : bounds) b.push_back(in_range(v, "bounds", 0, 1e9, loc));
        if (b.size() + 1 != r.filed_scores.size())
            loc.fail("bounds", "region class " + cls + " needs " + std::to_string(r.filed_scores.size() - 1) +
                                   " bounds, one fewer than the scores");
        for (std::size_t i = 1; i < b.size(); ++i)
            if (b[i] <= b[i - 1]) loc.fail("bounds", "the bounds of region class " + cls + " must rise");
        r.filed_bounds[cls] = b;
    }
    if (!r.filed_bounds.count("一类")) loc.fail("bounds", "the filed score table needs bounds for 一类");
}

std::vector<WorkingSpan> spans(const json& list, const std::string& key, const Located& loc) {
    std::vector<WorkingSpan> out;
    if (!list.is_array() || list.empty())
        loc.fail(key, "'" + key + "' must be a list of [\"HH:MM\", \"HH:MM\"] spans");
    for (const json& span : list) {
        if (!span.is_array() || span.size() != 2 || !span[0].is_string() || !span[1].is_string())
            loc.fail(key, "each span of '" + key + "' is [\"HH:MM\", \"HH:MM\"]");
        WorkingSpan w{minutes(span[0].get<std::string>(), key, loc),
                      minutes(span[1].get<std::string>(), key, loc)};
        if (w.end <= w.start || w.end > 24 * 60 || (!out.empty() && w.start < out.back().end))
            loc.fail(key, "the spans of '" + key + "' must be in order and not overlap");
        out.push_back(w);
    }
    return out;
}

void load_times(Rules& r, const json& root, const Located& loc) {
    r.working_hours = spans(need(root, "working_hours", loc), "working_hours", loc);
    if (root.contains("collector_hours"))
        r.collector_hours = spans(root["collector_hours"], "collector_hours", loc);
    const json& limits = need(root, "task_limit_minutes", loc);
    known_keys(limits, "task_limit_minutes", {"verify", "check", "intake", "filing", "dispatch"}, loc);
    const std::pair<const char*, double TaskLimits::*> tasks[] = {{"verify", &TaskLimits::verify},
                                                                  {"check", &TaskLimits::check},
                                                                  {"intake", &TaskLimits::intake},
                                                                  {"filing", &TaskLimits::filing},
                                                                  {"dispatch", &TaskLimits::dispatch}};
    for (auto [k, member] : tasks) {
        if (!limits.contains(k))
            loc.fail("task_limit_minutes", std::string("missing task limit '") + k + "'");
        r.task_limit_minutes.*member = in_range(limits[k], k, 1, 525600, loc);
    }
}

/// The counting choices of domain.md §5 that cities make differently.
void load_counting(Rules& r, const json& root, const Located& loc) {
    if (root.contains("carry_over_overdue")) {
        if (!root["carry_over_overdue"].is_boolean())
            loc.fail("carry_over_overdue", "'carry_over_overdue' must be true or false");
        r.carry_over_overdue = root["carry_over_overdue"].get<bool>();
    }
    if (root.contains("rework_denominator")) {
        const json& v = root["rework_denominator"];
        if (!v.is_string() || (v != "closed" && v != "due"))
            loc.fail("rework_denominator", "'rework_denominator' must be \"closed\" or \"due\"");
        r.rework_denominator = v == "due" ? ReworkDenominator::due : ReworkDenominator::closed;
    }
}

/// Census thresholds (domain.md §8), each within what makes sense.
void load_census(Rules& r, const json& root, const Located& loc) {
    struct Limit {
        const char* key;
        double CensusThresholds::*member;
        double lo, hi;
    };
    using C = CensusThresholds;
    static constexpr Limit limits[] = {
        {"stale_days", &C::stale_days, 1, 36500},
        {"overlap_min_m2", &C::overlap_min_m2, 0, 1e6},
        {"gap_min_m2", &C::gap_min_m2, 0, 1e6},
        {"sliver_min_area_m2", &C::sliver_min_area_m2, 0, 1e6},
        {"sliver_min_compactness", &C::sliver_min_compactness, 0, 1},
        {"area_min_m2", &C::area_min_m2, 0, 1e9},
        {"area_max_m2", &C::area_max_m2, 1, 1e10},
        {"class_coverage_complete", &C::class_coverage_complete, 0.01, 1},
        {"boundary_tolerance_m", &C::boundary_tolerance_m, 0, 100},
    };
    const json& census = need(root, "census", loc);
    std::vector<const char*> names;
    for (const Limit& l : limits) names.push_back(l.key);
    known_keys(census, "census", names, loc);
    for (const Limit& l : limits) {
        if (!census.contains(l.key))
            loc.fail("census", std::string("missing census threshold '") + l.key + "'");
        r.census.*l.member = in_range(census[l.key], l.key, l.lo, l.hi, loc);
    }
    if (r.census.stale_days != std::floor(r.census.stale_days))
        loc.fail("stale_days", "'stale_days' must be a whole number of days");
    if (r.census.area_min_m2 >= r.census.area_max_m2)
        loc.fail("area_min_m2", "'area_min_m2' must be below 'area_max_m2'");
}

} // namespace

Rules Rules::load(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot read the file");
    std::stringstream ss;
    ss << in.rdbuf();
    Located loc(path, ss.str());
    json root;
    try {
        root = json::parse(ss.str());
    } catch (const json::parse_error& e) {
        throw InputError(path + " line " + std::to_string(loc.line_of_offset(e.byte ? e.byte - 1 : 0)) +
                         ": malformed JSON: " + e.what());
    }
    Rules r;
    try {
        known_keys(root, "the rules",
                   {"composite_weights", "filed_score_table", "grades", "not_assessed_colour",
                    "working_hours", "collector_hours", "task_limit_minutes", "collector_weights",
                    "operator_weights", "department_weights", "completeness_weights", "census",
                    "carry_over_overdue", "rework_denominator", "bulletin"},
                   loc);
        if (root.contains("bulletin")) {
            const json& b = root["bulletin"];
            known_keys(b, "bulletin", {"issuer"}, loc);
            if (b.contains("issuer")) r.bulletin_issuer = b["issuer"].get<std::string>();
        }
        using CW = CompositeWeights;
        r.composite_weights = weights<CW>(root, "composite_weights", loc,
                                          {{"public_report_score", &CW::public_report_score},
                                           {"filed_score", &CW::filed_score},
                                           {"closure_score", &CW::closure_score},
                                           {"on_time_score", &CW::on_time_score}});
        using LW = CollectorWeights;
        r.collector_weights = weights<LW>(root, "collector_weights", loc,
                                          {{"valid_report_rate", &LW::valid_report_rate},
                                           {"missed_rate", &LW::missed_rate},
                                           {"verify_on_time_rate", &LW::verify_on_time_rate},
                                           {"check_on_time_rate", &LW::check_on_time_rate}});
        using OW = OperatorWeights;
        r.operator_weights = weights<OW>(root, "operator_weights", loc,
                                         {{"accuracy", &OW::accuracy}, {"timeout_rate", &OW::timeout_rate}});
        using DW = DepartmentWeights;
        r.department_weights = weights<DW>(root, "department_weights", loc,
                                           {{"closure_score", &DW::closure_score},
                                            {"on_time_score", &DW::on_time_score},
                                            {"rework_score", &DW::rework_score}});
        using MW = CompletenessWeights;
        r.completeness_weights = weights<MW>(root, "completeness_weights", loc,
                                             {{"attribute_completeness", &MW::attribute_completeness},
                                              {"grid_coverage", &MW::grid_coverage},
                                              {"class_coverage", &MW::class_coverage},
                                              {"flawless_grids", &MW::flawless_grids}});
        load_filed_table(r, root, loc);
        load_grades(r, root, loc);
        r.not_assessed_colour = need(root, "not_assessed_colour", loc).get<std::string>();
        check_colour(r.not_assessed_colour, "not_assessed_colour", loc);
        load_times(r, root, loc);
        load_census(r, root, loc);
        load_counting(r, root, loc);
    } catch (const json::exception& e) {
        throw InputError(path + ": unexpected value: " + e.what());
    }
    return r;
}

const GradeBand& Rules::grade_of(double composite) const {
    for (const GradeBand& b : grades)
        if (composite >= b.min) return b;
    return grades.back();
}

} // namespace wangge::rules
