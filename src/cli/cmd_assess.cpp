#include "geo/error.hpp"
#include "geo/phase_timer.hpp"
#include "layers/output_file.hpp"
#include "layers/store.hpp"
#include "src/assess/assessment_output.hpp"
#include "src/census/census_report.hpp"
#include "src/cli/commands.hpp"
#include "src/rules/calendar.hpp"
#include "src/rules/catalog.hpp"
#include "src/rules/rules.hpp"

#include <cmath>
#include <cstdio>
#include <iostream>

namespace wangge::cli {
namespace {

void print_ranking(const assess::Assessment& a, std::ostream& out) {
    out << "assessment " << a.period.id << " (" << a.period.start_iso().substr(0, 10) << " .. "
        << a.period.end_iso().substr(0, 10) << "): " << a.cases_in_period << " cases, " << a.unlocated_cases
        << " in no grid\n";
    char line[256];
    std::snprintf(line, sizeof line, "%4s %-8s %-12s %6s %6s %6s %8s %8s %9s %s\n", "rank", "district",
                  "name", "filed", "due", "closed", "closure", "on time", "composite", "grade");
    out << line;
    int rank = 0;
    for (const auto& r : a.regions) {
        if (r.level != "district") continue;
        auto pct = [](const std::optional<double>& v) {
            return v ? std::to_string(static_cast<int>(std::round(*v * 1000)) / 10) + "." +
                           std::to_string(static_cast<int>(std::round(*v * 1000)) % 10) + "%"
                     : std::string("-");
        };
        std::string name = r.name.empty() ? "-" : r.name;
        std::snprintf(line, sizeof line, "%4d %-8s %s %6lld %6lld %6lld %8s %8s %9.2f %s\n", ++rank,
                      r.code.c_str(), pad_display(name, 12).c_str(), r.counts.filed, r.counts.due,
                      r.counts.closed, pct(r.rates.closure_rate).c_str(), pct(r.rates.on_time_rate).c_str(),
                      r.scores.composite, r.grade.value_or("-").c_str());
        out << line;
    }
}

} // namespace

int run_assess(const AssessArgs& a) {
    PhaseTimer timer;
    if (a.level && *a.level != "district" && *a.level != "street" && *a.level != "community" &&
        *a.level != "grid" && *a.level != "all")
        throw UsageError("--level must be district, street, community, grid or all");
    assess::Period period = assess::parse_period(a.period);
    const std::string rules_path = a.rules.value_or(data_dir() + "/rules.json");
    const std::string catalog_path = a.catalog.value_or(data_dir() + "/catalog.csv");
    const std::string calendar_path = a.calendar.value_or(data_dir() + "/calendar");
    std::vector<layers::OutputPath> outputs;
    if (a.json) outputs.push_back({{"--json", *a.json}, {}});
    if (a.csv) outputs.push_back({{"--csv", *a.csv}, {}});
    if (a.xlsx) outputs.push_back({{"--xlsx", *a.xlsx}, {}});
    layers::check_outputs(outputs, {{"the workspace", a.workspace},
                                    {"the rules file", rules_path},
                                    {"the catalogue", catalog_path},
                                    {"the calendar", calendar_path}});
    auto rules = rules::Rules::load(rules_path);
    auto catalog = rules::Catalog::load(catalog_path);
    auto calendar = rules::WorkingCalendar::load(calendar_path);
    auto ws = layers::open_workspace(a.workspace, {a.wait});
    assess::CaseLog log = assess::CaseLog::load(*ws, catalog, calendar, rules);
    timer.lap("load and locate cases");
    for (const std::string& g : log.unusable_grids)
        std::cerr << "warning: " << g << "; cases there count as in no grid\n";
    if (assess::cases_touching(log, period) == 0)
        throw InputError("no case of " + ws->uri() + " was reported, filed, closed or due in " + period.id +
                         " (" + std::to_string(log.cases.size()) + " cases in the log)");
    assess::Assessment result = assess::assess(log, period, rules, calendar);
    timer.lap("assess");
    for (const std::string& w : result.warnings) std::cerr << "warning: " << w << "\n";
    std::string json = assess::assessment_json(result, a.level);
    timer.lap("json");
    if (a.json) layers::write_text_output(*a.json, json);
    if (a.csv)
        layers::write_output(
            *a.csv, [&](const std::string& tmp) { assess::write_assessment_csv(result, a.level, tmp); });
    if (a.xlsx)
        layers::write_output(*a.xlsx,
                             [&](const std::string& tmp) { assess::write_assessment_xlsx(result, tmp); });
    ws->put_document("assessment:" + period.id,
                     a.level && *a.level != "all" ? assess::assessment_json(result, "all") : json);
    timer.lap("write and store");
    print_ranking(result, std::cout);
    return 0;
}

} // namespace wangge::cli
