#include "src/assess/assessment_output.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

namespace wangge::assess {
namespace {

using nlohmann::ordered_json;

ordered_json rate(const std::optional<double>& v) {
    return v ? ordered_json(std::round(*v * 10000.0) / 10000.0) : ordered_json(nullptr);
}
ordered_json score(double v) { return std::round(v * 100.0) / 100.0; }

ordered_json counts_json(const Counts& c) {
    return {{"reports", c.reports},         {"collector_reports", c.collector_reports},
            {"public_verified", c.public_verified}, {"filed", c.filed},
            {"closed", c.closed},           {"closed_on_time", c.closed_on_time},
            {"overdue_open", c.overdue_open}, {"due", c.due},
            {"reworked", c.reworked},       {"rated", c.rated},
            {"satisfied", c.satisfied},     {"basic", c.basic},
            {"unsatisfied", c.unsatisfied}};
}

ordered_json rates_json(const Rates& r) {
    return {{"closure_rate", rate(r.closure_rate)},
            {"on_time_rate", rate(r.on_time_rate)},
            {"public_report_rate", rate(r.public_report_rate)},
            {"rework_rate", rate(r.rework_rate)},
            {"satisfaction_rate", rate(r.satisfaction_rate)}};
}

} // namespace

nlohmann::ordered_json region_json(const RegionResult& r) {
    return {{"level", r.level},
            {"code", r.code},
            {"name", r.name},
            {"grids", r.grids},
            {"region_class", r.busy ? "二类" : "一类"},
            {"counts", counts_json(r.counts)},
            {"rates", rates_json(r.rates)},
            {"scores",
             {{"public_report_score", score(r.scores.public_report_score)},
              {"filed_score", score(r.scores.filed_score)},
              {"closure_score", score(r.scores.closure_score)},
              {"on_time_score", score(r.scores.on_time_score)},
              {"composite", score(r.scores.composite)}}},
            {"grade", r.grade ? ordered_json(*r.grade) : ordered_json(nullptr)},
            {"colour", r.colour ? ordered_json(*r.colour) : ordered_json(nullptr)}};
}

std::string assessment_json(const Assessment& a, const std::optional<std::string>& level) {
    ordered_json regions = ordered_json::array();
    for (const RegionResult& r : a.regions)
        if (!level || *level == "all" || r.level == *level) regions.push_back(region_json(r));
    ordered_json departments = ordered_json::array();
    for (const DepartmentResult& d : a.departments)
        departments.push_back({{"dept_code", d.dept_code},
                               {"counts", counts_json(d.counts)},
                               {"rates", rates_json(d.rates)},
                               {"scores",
                                {{"filed_score", score(d.filed_score)},
                                 {"closure_score", score(d.closure_score)},
                                 {"on_time_score", score(d.on_time_score)},
                                 {"rework_score", score(d.rework_score)},
                                 {"composite", score(d.composite)}}},
                               {"grade", d.grade},
                               {"colour", d.colour}});
    ordered_json staff = ordered_json::array();
    for (const StaffResult& s : a.staff) {
        ordered_json p = {{"person_id", s.person_id}, {"name", s.name}, {"role", s.role}};
        if (s.role == "collector") {
            p["reports"] = s.reports;
            p["valid_reports"] = s.valid_reports;
            p["valid_report_rate"] = rate(s.valid_report_rate);
            p["missed_rate"] = rate(s.missed_rate);
            p["verify_on_time_rate"] = rate(s.verify_on_time_rate);
            p["check_on_time_rate"] = rate(s.check_on_time_rate);
        } else if (s.role == "operator") {
            p["operations"] = s.operations;
            p["filings"] = s.filings;
            p["dispatches"] = s.dispatches;
            p["accuracy"] = rate(s.accuracy);
            p["timeout_rate"] = rate(s.timeout_rate);
        } else if (s.role == "inspector") {
            p["inspections"] = s.inspections;
            p["problems_found"] = s.problems_found;
        }
        p["composite"] = s.composite ? score(*s.composite) : ordered_json(nullptr);
        staff.push_back(std::move(p));
    }
    ordered_json root = {{"period", {{"id", a.period.id}, {"start", a.period.start_iso()}, {"end", a.period.end_iso()}}},
                         {"regions", regions},
                         {"unlocated_cases", a.unlocated_cases},
                         {"grid_mismatch_cases", a.grid_mismatch_cases},
                         {"departments", departments},
                         {"staff", staff}};
    return root.dump(2);
}

} // namespace wangge::assess
