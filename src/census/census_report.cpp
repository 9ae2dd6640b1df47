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

#ifdef __GLIBC__
#include <malloc.h>
#endif

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

/// Returns to the system the memory a step freed (the readers' buffers, GEOS's unions), so that
/// the next step's peak does not stack on it: each thread allocates from its own heap, which
/// otherwise keeps what it freed.
void hand_back_free_memory() {
#ifdef __GLIBC__
    malloc_trim(0);
#endif
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
    /// Tallies every district in one pass over grids and components, with the findings' tallies.
    DistrictScorer(const CensusInput& in, const CensusOptions& opt, const rules::Catalog& catalog,
                   const rules::Rules& rules, const std::vector<char>& flawed,
                   const std::vector<ComponentFacts>& facts, const FindingSpool& findings)
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
        for (const auto& [district, tally] : findings.tallies()) m_tally[district].findings = tally;
    }

    DistrictCensus score(const std::string& code) const {
        static const Tally none;
        auto it = m_tally.find(code);
        const Tally& t = it == m_tally.end() ? none : it->second;
        DistrictCensus d;
        d.code = code;
        if (auto name = m_in.districts.find(code); name != m_in.districts.end()) d.name = name->second.name;
        const std::vector<RuleInfo>& all_rules = census_rules();
        for (std::size_t r = 0; r < all_rules.size(); ++r)
            d.findings[all_rules[r].id] = t.findings.by_rule.empty() ? 0 : t.findings.by_rule[r];
        d.errors = t.findings.errors;
        d.warnings = t.findings.warnings;
        d.gap_area_m2 = round_to(t.findings.gap_area_m2, 2);
        d.overlap_area_m2 = round_to(t.findings.overlap_area_m2, 2);
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
        std::set<std::string_view> classes;
        FindingTally findings;
    };

    const CensusInput& m_in;
    const CensusOptions& m_opt;
    const rules::Catalog& m_catalog;
    const rules::Rules& m_rules;
    std::map<std::string, Tally> m_tally;
};

std::vector<GridCoverage> coverage_of(const CensusInput& in, const std::vector<ComponentFacts>& facts) {
    // Class counts per grid: sort (grid, class) pairs once instead of a map per grid.
    std::vector<std::pair<long, const std::string_view*>> pairs;
    std::vector<GridCoverage> out(in.grids.size());
    for (const ComponentFacts& f : facts) {
        if (f.grid < 0) continue;
        GridCoverage& g = out[static_cast<std::size_t>(f.grid)];
        ++g.components;
        g.stale += !f.fresh;
        if (!f.class_code.empty()) pairs.emplace_back(f.grid, &f.class_code);
    }
    std::sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first < b.first : *a.second < *b.second;
    });
    std::size_t p = 0;
    for (std::size_t i = 0; i < in.grids.size(); ++i) {
        GridCoverage& g = out[i];
        g.grid_fid = in.grids[i].fid;
        g.grid_code = in.grids[i].code;
        g.district = in.grids[i].district;
        while (p < pairs.size() && pairs[p].first == static_cast<long>(i)) {
            std::size_t q = p;
            while (q < pairs.size() && pairs[q].first == pairs[p].first &&
                   *pairs[q].second == *pairs[p].second)
                ++q;
            if (!g.class_counts.empty()) g.class_counts += ',';
            g.class_counts.append(*pairs[p].second).append(":").append(std::to_string(q - p));
            ++g.classes;
            p = q;
        }
        // What a district checks before it submits (design.md): grids with no component, grids
        // mostly stale, the rest.
        const bool empty = g.components == 0, mostly_stale = !empty && 2 * g.stale >= g.components;
        g.status = empty ? 0 : mostly_stale ? 1 : 2;
    }
    return out;
}

} // namespace

CensusReport run_census(layers::Workspace& workspace, const CensusOptions& options,
                        const rules::Catalog& catalog, const rules::Rules& rules,
                        const std::optional<std::string>& district) {
    PhaseTimer timer;
    CensusInput input = CensusInput::load(workspace);
    hand_back_free_memory();
    timer.lap("load");
    if (input.grids.empty())
        throw InputError(workspace.uri() + ": the workspace holds no grids; import them first");
    CensusReport report;
    GridChecks grids(input, options);
    grids.run(report.findings);
    input.release_geometry_wkb();
    hand_back_free_memory();
    timer.lap("grid checks");
    ComponentChecks components(input, options, catalog);
    input.release_grid_rings();
    hand_back_free_memory();
    components.run(report.findings);
    timer.lap("component checks");

    std::set<std::string> codes = district_codes(input, components.facts());
    if (district && !codes.count(*district))
        throw InputError("district " + *district + " is not in " + workspace.uri() + " (it holds " +
                         std::to_string(codes.size()) + " districts)");
    report.as_of = options.as_of;
    DistrictScorer scorer(input, options, catalog, rules, grids.flawed(), components.facts(),
                          report.findings);
    for (const std::string& code : codes)
        if (!district || code == *district) report.districts.push_back(scorer.score(code));
    if (district) report.findings.keep_district(*district);
    timer.lap("scores");
    report.grid_coverage = coverage_of(input, components.facts());
    timer.lap("coverage per grid");
    return report;
}

layers::ResultTable coverage_columns() {
    using T = layers::ResultTable::Type;
    layers::ResultTable t;
    t.name = "grid_coverage";
    t.columns = {{"grid_fid", T::integer},   {"grid_code", T::text},    {"district", T::text},
                 {"components", T::integer}, {"classes", T::integer},   {"stale", T::integer},
                 {"stale_share", T::real},   {"class_counts", T::text}, {"as_of", T::text},
                 {"status", T::text},        {"colour", T::text}};
    return t;
}

layers::RowSource coverage_rows(const CensusReport& report) {
    return [&report](const layers::RowEmitter& emit) {
        std::vector<std::string> row;
        char share[32];
        for (const GridCoverage& g : report.grid_coverage) {
            share[0] = '\0';
            if (g.components)
                std::snprintf(share, sizeof share, "%.4f",
                              static_cast<double>(g.stale) / static_cast<double>(g.components));
            const CoverageStatus& status = coverage_statuses()[g.status];
            row = {std::to_string(g.grid_fid),
                   g.grid_code,
                   g.district,
                   std::to_string(g.components),
                   std::to_string(g.classes),
                   std::to_string(g.stale),
                   share,
                   g.class_counts,
                   report.as_of,
                   status.status,
                   status.colour};
            layers::emit_text_row(emit, row);
        }
    };
}

const std::vector<CoverageStatus>& coverage_statuses() {
    static const std::vector<CoverageStatus> all{{"empty", "#d7191c", "无部件"},
                                                 {"stale", "#fdae61", "半数以上过期"},
                                                 {"covered", "#1a9641", "已覆盖"}};
    return all;
}

} // namespace wangge::census
