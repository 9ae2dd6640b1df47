#include "src/census/census_report.hpp"

#include "geo/error.hpp"
#include "geo/phase_timer.hpp"
#include "layers/codes.hpp"
#include "src/census/component_checks.hpp"
#include "src/census/grid_checks.hpp"
#include "src/rules/catalog.hpp"
#include "src/rules/rules.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>

namespace wangge::census {
namespace {

double round_to(double v, int digits) {
    double f = std::pow(10.0, digits);
    return std::round(v * f) / f;
}

std::optional<double> ratio(long long num, long long den) {
    if (den == 0) return std::nullopt;
    return round_to(static_cast<double>(num) / static_cast<double>(den), 4);
}

std::set<std::string> district_codes(const CensusInput& in, const std::vector<ComponentFacts>& facts) {
    std::set<std::string> codes;
    for (const auto& [code, d] : in.districts) codes.insert(code);
    for (const GridRow& g : in.grids)
        if (layers::is_region_code(g.district, layers::Level::district)) codes.insert(g.district);
    for (const ComponentFacts& f : facts)
        if (layers::is_region_code(f.district, layers::Level::district)) codes.insert(f.district);
    return codes;
}

/// Scores of domain.md §8 for every district.
class DistrictScorer {
public:
    /// Tallies every district in one pass over grids, components and findings.
    DistrictScorer(const CensusInput& in, const CensusOptions& opt, const rules::Catalog& catalog,
                   const rules::Rules& rules, const std::vector<char>& flawed,
                   const std::vector<ComponentFacts>& facts, const std::vector<Finding>& findings)
        : m_in(in), m_opt(opt), m_catalog(catalog), m_rules(rules) {
        std::vector<char> grid_has_component(in.grids.size(), 0);
        for (const ComponentFacts& f : facts) {
            if (f.grid >= 0) grid_has_component[static_cast<std::size_t>(f.grid)] = 1;
            Tally& t = m_tally[f.district];
            ++t.components;
            t.complete += f.complete;
            t.fresh += f.fresh;
            if (!f.class_code.empty()) t.classes.insert(f.class_code);
        }
        for (std::size_t i = 0; i < in.grids.size(); ++i) {
            Tally& t = m_tally[in.grids[i].district];
            ++t.grids;
            t.covered += grid_has_component[i];
            t.flawed += flawed[i];
        }
        for (const Finding& f : findings) {
            Tally& t = m_tally[f.district];
            ++t.findings[f.rule];
            ++(f.severity == Severity::error ? t.errors : t.warnings);
            if (f.rule == "grid.gap") t.gap_area += f.area_m2.value_or(0);
            if (f.rule == "grid.overlap") t.overlap_area += f.area_m2.value_or(0);
        }
    }

    DistrictCensus score(const std::string& code) const {
        static const Tally none;
        auto it = m_tally.find(code);
        const Tally& t = it == m_tally.end() ? none : it->second;
        DistrictCensus d;
        d.code = code;
        if (auto name = m_in.districts.find(code); name != m_in.districts.end()) d.name = name->second.name;
        for (const RuleInfo& r : census_rules()) {
            auto n = t.findings.find(r.id);
            d.findings[r.id] = n == t.findings.end() ? 0 : n->second;
        }
        d.errors = t.errors;
        d.warnings = t.warnings;
        d.gap_area_m2 = round_to(t.gap_area, 2);
        d.overlap_area_m2 = round_to(t.overlap_area, 2);
        d.grids = t.grids;
        d.components = t.components;
        d.grid_coverage = ratio(t.covered, t.grids);
        d.class_coverage = ratio(static_cast<long long>(t.classes.size()),
                                 static_cast<long long>(m_catalog.count(rules::ClassKind::component)));
        d.attribute_completeness = ratio(t.complete, t.components);
        d.fresh_ratio = ratio(t.fresh, t.components);

        const rules::CompletenessWeights& w = m_rules.completeness_weights;
        double flawless = t.grids ? 1.0 - static_cast<double>(t.flawed) / static_cast<double>(t.grids) : 0.0;
        double score =
            w.attribute_completeness * d.attribute_completeness.value_or(0) +
            w.grid_coverage * d.grid_coverage.value_or(0) +
            w.class_coverage * std::min(1.0, d.class_coverage.value_or(0) / m_opt.class_coverage_complete) +
            w.flawless_grids * flawless;
        d.completeness_score = round_to(score, 2);
        d.timeliness_score = round_to(100.0 * d.fresh_ratio.value_or(0), 2);
        d.completeness_grade = m_rules.grade_of(d.completeness_score).grade;
        d.timeliness_grade = m_rules.grade_of(d.timeliness_score).grade;
        return d;
    }

private:
    struct Tally {
        long long grids = 0, covered = 0, flawed = 0, components = 0, complete = 0, fresh = 0;
        long long errors = 0, warnings = 0;
        double gap_area = 0, overlap_area = 0;
        std::set<std::string> classes;
        std::map<std::string, long long> findings;
    };

    const CensusInput& m_in;
    const CensusOptions& m_opt;
    const rules::Catalog& m_catalog;
    const rules::Rules& m_rules;
    std::map<std::string, Tally> m_tally;
};

layers::ResultTable coverage_table(const CensusInput& in, const std::vector<ComponentFacts>& facts,
                                   const std::string& as_of) {
    using T = layers::ResultTable::Type;
    layers::ResultTable t;
    t.name = "grid_coverage";
    t.columns = {{"grid_fid", T::integer},   {"grid_code", T::text},    {"district", T::text},
                 {"components", T::integer}, {"classes", T::integer},   {"stale", T::integer},
                 {"stale_share", T::real},   {"class_counts", T::text}, {"as_of", T::text},
                 {"status", T::text},        {"colour", T::text}};
    // Class counts per grid: sort (grid, class) pairs once instead of a map per grid.
    std::vector<std::pair<long, const std::string*>> pairs;
    std::vector<long long> count(in.grids.size(), 0), stale(in.grids.size(), 0);
    for (const ComponentFacts& f : facts) {
        if (f.grid < 0) continue;
        auto g = static_cast<std::size_t>(f.grid);
        ++count[g];
        stale[g] += !f.fresh;
        if (!f.class_code.empty()) pairs.emplace_back(f.grid, &f.class_code);
    }
    std::sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first < b.first : *a.second < *b.second;
    });
    std::size_t p = 0;
    char share[32];
    t.rows.reserve(in.grids.size());
    for (std::size_t i = 0; i < in.grids.size(); ++i) {
        std::string classes;
        long long distinct = 0;
        while (p < pairs.size() && pairs[p].first == static_cast<long>(i)) {
            std::size_t q = p;
            while (q < pairs.size() && pairs[q].first == pairs[p].first &&
                   *pairs[q].second == *pairs[p].second)
                ++q;
            classes += (classes.empty() ? "" : ",") + *pairs[p].second + ":" + std::to_string(q - p);
            ++distinct;
            p = q;
        }
        share[0] = '\0';
        if (count[i])
            std::snprintf(share, sizeof share, "%.4f",
                          static_cast<double>(stale[i]) / static_cast<double>(count[i]));
        // What a district checks before it submits (design.md): grids with no component, grids
        // mostly stale, the rest.
        const bool empty = count[i] == 0, mostly_stale = !empty && 2 * stale[i] >= count[i];
        t.rows.push_back({std::to_string(in.grids[i].fid), in.grids[i].code, in.grids[i].district,
                          std::to_string(count[i]), std::to_string(distinct), std::to_string(stale[i]), share,
                          std::move(classes), as_of,
                          coverage_statuses()[empty          ? 0
                                              : mostly_stale ? 1
                                                             : 2]
                              .status,
                          coverage_statuses()[empty          ? 0
                                              : mostly_stale ? 1
                                                             : 2]
                              .colour});
    }
    return t;
}

/// Orders findings by rule (the order of domain.md §8); grid findings, which parallel checks
/// produce in no fixed order, then by district and codes; component findings keep file order.
void sort_findings(std::vector<Finding>& findings) {
    std::map<std::string, std::size_t> order;
    for (const RuleInfo& r : census_rules()) order.emplace(r.id, order.size());
    std::vector<std::vector<Finding>> buckets(order.size());
    for (Finding& f : findings) buckets[order.at(f.rule)].push_back(std::move(f));
    findings.clear();
    for (auto& bucket : buckets) {
        if (!bucket.empty() && bucket.front().rule.rfind("grid.", 0) == 0)
            std::sort(bucket.begin(), bucket.end(), [](const Finding& x, const Finding& y) {
                return std::tie(x.district, x.code, x.other_code) <
                       std::tie(y.district, y.code, y.other_code);
            });
        for (Finding& f : bucket) findings.push_back(std::move(f));
    }
}

} // namespace

CensusReport run_census(layers::Workspace& workspace, const CensusOptions& options,
                        const rules::Catalog& catalog, const rules::Rules& rules,
                        const std::optional<std::string>& district) {
    PhaseTimer timer;
    CensusInput input = CensusInput::load(workspace);
    timer.lap("load");
    if (input.grids.empty())
        throw InputError(workspace.uri() + ": the workspace holds no grids; import them first");
    std::vector<Finding> findings;
    GridChecks grids(input, options);
    grids.run(findings);
    timer.lap("grid checks");
    ComponentChecks components(input, options, catalog);
    components.run(findings);
    timer.lap("component checks");
    sort_findings(findings);
    locate_findings(findings);
    timer.lap("sort and locate findings");

    std::set<std::string> codes = district_codes(input, components.facts());
    if (district && !codes.count(*district))
        throw InputError("district " + *district + " is not in " + workspace.uri() + " (it holds " +
                         std::to_string(codes.size()) + " districts)");
    CensusReport report;
    report.as_of = options.as_of;
    DistrictScorer scorer(input, options, catalog, rules, grids.flawed(), components.facts(), findings);
    for (const std::string& code : codes)
        if (!district || code == *district) report.districts.push_back(scorer.score(code));
    for (Finding& f : findings)
        if (!district || f.district == *district) report.findings.push_back(std::move(f));
    timer.lap("scores");
    report.grid_coverage = coverage_table(input, components.facts(), options.as_of);
    timer.lap("coverage table");
    return report;
}

const std::vector<CoverageStatus>& coverage_statuses() {
    static const std::vector<CoverageStatus> all{{"empty", "#d7191c", "无部件"},
                                                 {"stale", "#fdae61", "半数以上过期"},
                                                 {"covered", "#1a9641", "已覆盖"}};
    return all;
}

} // namespace wangge::census
