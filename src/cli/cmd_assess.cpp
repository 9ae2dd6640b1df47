#include "geo/error.hpp"
#include "layers/codes.hpp"
#include "layers/dates.hpp"
#include "src/assess/assessment.hpp"
#include "src/cli/commands.hpp"
#include "src/engine/engine.hpp"

#include <cmath>
#include <cstdio>
#include <iostream>

namespace wangge::cli {

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
        if (r.level != layers::Level::district) continue;
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

int run_assess(const AssessArgs& a) {
    engine::AssessRequest rq;
    rq.workspace = a.workspace;
    rq.period = assess::parse_period(a.period);
    if (a.level && *a.level != "all") {
        rq.level = layers::parse_level(*a.level);
        if (!rq.level) throw UsageError("--level must be district, street, community, grid or all");
    }
    rq.json = a.json;
    rq.csv = a.csv;
    rq.xlsx = a.xlsx;
    rq.issuer = a.issuer;
    if (a.issued) {
        rq.issued_on = layers::parse_date(*a.issued);
        if (!rq.issued_on) throw UsageError("--issued " + *a.issued + ": expected a date, YYYY-MM-DD");
    }
    rq.files = engine::RuleFiles::with(a.rules, a.catalog, a.calendar);
    rq.wait_seconds = a.wait;
    assess::Assessment result = engine::assess(rq);
    for (const std::string& w : result.warnings) std::cerr << "warning: " << w << "\n";
    print_ranking(result, std::cout);
    return 0;
}

} // namespace wangge::cli
