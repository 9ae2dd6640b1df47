#include "geo/error.hpp"
#include "layers/dates.hpp"
#include "layers/text.hpp"
#include "src/census/census_report.hpp"
#include "src/cli/commands.hpp"
#include "src/engine/engine.hpp"

#include <cstdio>
#include <iostream>

namespace wangge::cli {

std::string pad_display(const std::string& s, std::size_t width) {
    std::size_t cols = layers::display_width(s);
    return s + std::string(cols < width ? width - cols : 0, ' ');
}

void print_summary(const census::CensusReport& r, std::ostream& out) {
    out << "census as of " << r.as_of << ": " << r.findings.size() << " findings\n";
    char line[256];
    std::snprintf(line, sizeof line, "%-8s %-12s %8s %10s %7s %8s %8s %12s %12s\n", "district", "name",
                  "grids", "components", "errors", "warnings", "coverage", "completeness", "timeliness");
    out << line;
    for (const auto& d : r.districts) {
        std::snprintf(line, sizeof line, "%-8s %s %8lld %10lld %7lld %8lld %8s %9.1f %-2s %9.1f %-2s\n",
                      d.code.c_str(), pad_display(d.name.empty() ? "-" : d.name, 12).c_str(), d.grids,
                      d.components, d.errors, d.warnings,
                      d.grid_coverage
                          ? (std::to_string(static_cast<int>(*d.grid_coverage * 100 + 0.5)) + "%").c_str()
                          : "-",
                      d.completeness_score, d.completeness_grade.c_str(), d.timeliness_score,
                      d.timeliness_grade.c_str());
        out << line;
    }
    for (const auto& rule : census::census_rules())
        if (long long n = r.findings.count(rule.id)) out << "  " << rule.id << ": " << n << "\n";
}

int run_validate(const ValidateArgs& a) {
    if (a.fail_on && *a.fail_on != "error" && *a.fail_on != "warning")
        throw UsageError("--fail-on must be error or warning");
    engine::ValidateRequest rq;
    rq.workspace = a.workspace;
    rq.as_of = a.as_of.value_or(layers::today_local());
    rq.district = a.district;
    rq.json = a.json;
    rq.findings = a.findings;
    rq.files = engine::RuleFiles::with(a.rules, a.catalog);
    rq.wait_seconds = a.wait;
    census::CensusReport report = engine::validate(rq);
    print_summary(report, std::cout);

    if (a.fail_on) {
        bool warn = *a.fail_on == "warning";
        if (report.findings.count(census::Severity::error) > 0 ||
            (warn && report.findings.count(census::Severity::warning) > 0)) {
            std::cerr << "wangge: findings at or above " << *a.fail_on << " level (--fail-on)\n";
            return 3;
        }
    }
    return 0;
}

} // namespace wangge::cli
