#include "geo/error.hpp"
#include "layers/dates.hpp"
#include "layers/output_file.hpp"
#include "layers/store.hpp"
#include "layers/text.hpp"
#include "src/census/census_report.hpp"
#include "src/cli/commands.hpp"
#include "src/rules/catalog.hpp"
#include "src/rules/rules.hpp"

#include <cstdio>
#include <iostream>

namespace wangge::cli {

std::string pad_display(const std::string& s, std::size_t width) {
    std::size_t cols = layers::display_width(s);
    return s + std::string(cols < width ? width - cols : 0, ' ');
}

namespace {

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
    std::map<std::string, long long> by_rule;
    for (const auto& f : r.findings) ++by_rule[f.rule];
    for (const auto& rule : census::census_rules())
        if (by_rule[rule.id]) out << "  " << rule.id << ": " << by_rule[rule.id] << "\n";
}

} // namespace

int run_validate(const ValidateArgs& a) {
    if (a.fail_on && *a.fail_on != "error" && *a.fail_on != "warning")
        throw UsageError("--fail-on must be error or warning");
    std::string as_of = a.as_of.value_or(layers::today_local());
    if (!layers::parse_date(as_of) || *layers::parse_date(as_of) != as_of)
        throw UsageError("--as-of " + as_of + ": expected YYYY-MM-DD");
    const std::string rules_path = a.rules.value_or(data_dir() + "/rules.json");
    const std::string catalog_path = a.catalog.value_or(data_dir() + "/catalog.csv");
    // Refuse unwritable outputs, and outputs that would replace an input, before the long run.
    std::vector<layers::OutputPath> outputs;
    if (a.json) outputs.push_back({{"--json", *a.json}, {}});
    if (a.findings) outputs.push_back({{"--findings", *a.findings}, census::findings_format});
    layers::check_outputs(
        outputs,
        {{"the workspace", a.workspace}, {"the rules file", rules_path}, {"the catalogue", catalog_path}});
    auto rules = rules::Rules::load(rules_path);
    auto catalog = rules::Catalog::load(catalog_path);
    auto ws = layers::open_workspace(a.workspace, {a.wait});
    census::CensusOptions options = census::CensusOptions::from_rules(rules, as_of);
    census::CensusReport report = census::run_census(*ws, options, catalog, rules, a.district);

    std::string json = census::census_json(report);
    if (a.json) layers::write_text_output(*a.json, json);
    if (a.findings) census::write_findings(report.findings, *a.findings, ws->crs().value_or("EPSG:4547"));
    if (!a.district) {
        ws->replace_table(report.grid_coverage);
        ws->put_document("census", json);
    }
    print_summary(report, std::cout);

    if (a.fail_on) {
        bool warn = *a.fail_on == "warning";
        for (const auto& f : report.findings)
            if (f.severity == census::Severity::error || warn) {
                std::cerr << "wangge: findings at or above " << *a.fail_on << " level (--fail-on)\n";
                return 3;
            }
    }
    return 0;
}

} // namespace wangge::cli
