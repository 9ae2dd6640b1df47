#include "src/assess/assessment.hpp"

#include "geo/parallel.hpp"
#include "layers/codes.hpp"
#include "src/rules/rules.hpp"

#include <algorithm>
#include <map>
#include <mutex>

namespace wangge::assess {
namespace {

using layers::Level;

struct Tally {
    Counts counts;
    long long grids = 0, busy = 0;
};

std::vector<Counts> counts_per_grid(const CaseLog& log, const Period& period, const CountOptions& options) {
    std::vector<Counts> total(log.grids.size());
    std::mutex mutex;
    // A few slices, each with its own tally per grid, summed at the end.
    const std::size_t slices = 4, chunk = (log.cases.size() + slices - 1) / slices;
    parallel_for(slices, [&](std::size_t k) {
        std::vector<Counts> local(log.grids.size());
        for (std::size_t i = k * chunk; i < std::min(log.cases.size(), (k + 1) * chunk); ++i) {
            const Case& c = log.cases[i];
            if (c.grid >= 0) count_case(c, period, options, local[static_cast<std::size_t>(c.grid)]);
        }
        std::lock_guard lock(mutex);
        for (std::size_t g = 0; g < total.size(); ++g) total[g] += local[g];
    });
    return total;
}

RegionResult finish(Level level, const std::string& code, const Tally& t, const CaseLog& log,
                    const Period& period, const rules::Rules& rules, const CountOptions& options) {
    RegionResult r;
    r.level = level;
    r.code = code;
    if (auto it = log.region_names.find(code); it != log.region_names.end()) r.name = it->second;
    r.grids = t.grids;
    r.busy = 2 * t.busy > t.grids; // majority; a tie is 一类
    r.counts = t.counts;
    r.rates = rates_of(t.counts, options);
    r.scores = scores_of(t.counts, r.rates, t.grids, r.busy, period.months, rules);
    if (t.grids > 0) {
        const auto& band = rules.grade_of(r.scores.composite);
        r.grade = band.grade;
        r.colour = band.colour;
    } else {
        r.colour = rules.not_assessed_colour;
    }
    return r;
}

} // namespace

std::vector<RegionResult> assess_regions(const CaseLog& log, const Period& period,
                                         const rules::Rules& rules) {
    const CountOptions options = CountOptions::from_rules(rules);
    std::vector<Counts> per_grid = counts_per_grid(log, period, options);
    // code → tally, per level; a level's regions are those its grids' codes name, and those loaded.
    std::map<std::string, Tally> levels[4];
    for (std::size_t g = 0; g < log.grids.size(); ++g) {
        const GridInfo& grid = log.grids[g];
        auto add = [&](std::map<std::string, Tally>& m, const std::string& code) {
            Tally& t = m[code];
            t.counts += per_grid[g];
            ++t.grids;
            t.busy += grid.busy;
        };
        add(levels[3], grid.code);
        for (auto [i, level] : {std::pair{0, Level::district}, {1, Level::street}, {2, Level::community}})
            if (auto parent = layers::parent_code(grid.code, level);
                parent && layers::is_region_code(grid.code, Level::grid))
                add(levels[i], *parent);
    }
    for (const auto& [code, name] : log.region_names)
        for (auto [i, level] : {std::pair{0, Level::district}, {1, Level::street}, {2, Level::community}})
            if (layers::is_region_code(code, level)) levels[i][code];
    std::vector<RegionResult> out;
    const Level names[] = {Level::district, Level::street, Level::community, Level::grid};
    for (int i = 0; i < 4; ++i) {
        std::vector<RegionResult> level;
        for (const auto& [code, tally] : levels[i])
            level.push_back(finish(names[i], code, tally, log, period, rules, options));
        std::stable_sort(level.begin(), level.end(), [](const RegionResult& a, const RegionResult& b) {
            return a.grade.has_value() != b.grade.has_value() ? a.grade.has_value()
                                                              : a.scores.composite > b.scores.composite;
        });
        for (auto& r : level) out.push_back(std::move(r));
    }
    return out;
}

} // namespace wangge::assess
