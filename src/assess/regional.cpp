#include "src/assess/assessment.hpp"

#include "geo/huge_pages.hpp"
#include "geo/parallel.hpp"
#include "layers/codes.hpp"
#include "src/rules/rules.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <numeric>

namespace wangge::assess {
namespace {

using layers::Level;

struct Tally {
    Counts counts;
    long long grids = 0, busy = 0;
    std::size_t first_grid = std::numeric_limits<std::size_t>::max(); ///< the lowest index summed
};

std::vector<Counts> counts_per_grid(const CaseLog& log, const Period& period, const CountOptions& options) {
    std::vector<Counts> total(log.grids.size());
    // Each slice counts the cases of its own range of grids into the one tally: no tally per
    // slice to clear and sum (a big city's is tens of megabytes), and each case counted once.
    const std::size_t slices = 8, span = (total.size() + slices - 1) / slices;
    parallel_for(slices, [&](std::size_t k) {
        const auto lo = static_cast<std::ptrdiff_t>(k * span),
                   hi = static_cast<std::ptrdiff_t>((k + 1) * span);
        for (const Case& c : log.cases)
            if (c.grid >= lo && c.grid < hi)
                count_case(c, period, options, total[static_cast<std::size_t>(c.grid)]);
    });
    return total;
}

bool busy_region(const Tally& t) {
    return 2 * t.busy > t.grids; // majority; a tie is 一类
}

RegionResult finish(Level level, const std::string& code, const std::string* name, const Tally& t,
                    const Period& period, const rules::Rules& rules, const CountOptions& options) {
    RegionResult r;
    r.level = level;
    r.code = code;
    if (name) r.name = *name;
    if (level == Level::grid) r.grid = t.first_grid;
    r.grids = t.grids;
    r.busy = busy_region(t);
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

/// A level's regions, given in code order, appended to `out` ranked: those assessed first, then
/// by composite from the highest, ties in code order. The ranking is worked out on the composites
/// alone, so that each result is made once, in its place (a big city's grids are 100 MB of them).
void add_ranked(std::vector<RegionResult>& out, Level level,
                const std::vector<std::pair<const std::string*, const Tally*>>& regions,
                const std::map<std::string, std::string>& names, const Period& period,
                const rules::Rules& rules, const CountOptions& options) {
    struct Place {
        bool assessed;
        double composite;
        std::size_t index;
    };
    std::vector<Place> places;
    places.reserve(regions.size());
    std::vector<const std::string*> named(regions.size(), nullptr);
    auto name = names.begin(); // the names are in code order too: one walk along both
    for (std::size_t i = 0; i < regions.size(); ++i) {
        const auto& [code, tally] = regions[i];
        while (name != names.end() && name->first < *code) ++name;
        if (name != names.end() && name->first == *code) named[i] = &name->second;
        const Rates rates = rates_of(tally->counts, options);
        places.push_back(
            {tally->grids > 0,
             scores_of(tally->counts, rates, tally->grids, busy_region(*tally), period.months, rules)
                 .composite,
             i});
    }
    std::sort(places.begin(), places.end(), [](const Place& a, const Place& b) {
        if (a.assessed != b.assessed) return a.assessed;
        if (a.composite != b.composite) return a.composite > b.composite;
        return a.index < b.index;
    });
    // Made on all cores, each in its place: the memory faulted in on all cores first (a big
    // city's grids are 100 MB of results, and on a virtual machine a fault costs microseconds).
    const std::size_t base = out.size();
    if (out.capacity() >= base + places.size())
        populate_pages(out.data() + base, places.size() * sizeof(RegionResult));
    out.resize(base + places.size());
    constexpr std::size_t chunk = 4096;
    parallel_for((places.size() + chunk - 1) / chunk, [&](std::size_t c) {
        for (std::size_t k = c * chunk; k < std::min(places.size(), (c + 1) * chunk); ++k) {
            const Place& p = places[k];
            const auto& [code, tally] = regions[p.index];
            out[base + k] = finish(level, *code, named[p.index], *tally, period, rules, options);
        }
    });
}

} // namespace

std::vector<RegionResult> assess_regions(const CaseLog& log, const Period& period,
                                         const rules::Rules& rules) {
    const CountOptions options = CountOptions::from_rules(rules);
    std::vector<Counts> per_grid = counts_per_grid(log, period, options);
    // code → tally, per level; a level's regions are those its grids' codes name, and those loaded.
    // The grids are many: theirs is a list in code order, with the grids of one code in one tally.
    std::map<std::string, Tally> levels[3];
    std::vector<std::pair<const std::string*, Tally>> grids;
    grids.reserve(log.grids.size());
    auto add = [&](Tally& t, std::size_t g) {
        t.counts += per_grid[g];
        ++t.grids;
        t.busy += log.grids[g].busy;
        t.first_grid = std::min(t.first_grid, g);
    };
    std::vector<std::size_t> by_code(log.grids.size());
    std::iota(by_code.begin(), by_code.end(), std::size_t{0});
    std::sort(by_code.begin(), by_code.end(),
              [&](std::size_t a, std::size_t b) { return log.grids[a].code < log.grids[b].code; });
    // In code order, a run of grids shares its district, street and community: each is looked up
    // once per run rather than once per grid (225,000 grids: 675,000 map look-ups).
    std::pair<std::string_view, Tally*> parents[3];
    for (std::size_t g : by_code) {
        const std::string& code = log.grids[g].code;
        if (grids.empty() || *grids.back().first != code) grids.push_back({&code, Tally{}});
        add(grids.back().second, g);
        if (layers::is_region_code(code, Level::grid))
            for (auto [i, level] :
                 {std::pair{0, Level::district}, {1, Level::street}, {2, Level::community}}) {
                auto& [parent, tally] = parents[i];
                if (!tally || std::string_view(code).substr(0, parent.size()) != parent) {
                    auto it = levels[i].try_emplace(*layers::parent_code(code, level)).first;
                    parent = it->first, tally = &it->second;
                }
                add(*tally, g);
            }
    }
    for (const auto& [code, name] : log.region_names)
        for (auto [i, level] : {std::pair{0, Level::district}, {1, Level::street}, {2, Level::community}})
            if (layers::is_region_code(code, level)) levels[i][code];
    std::vector<RegionResult> out;
    reserve_on_huge_pages(out, levels[0].size() + levels[1].size() + levels[2].size() + grids.size());
    std::vector<std::pair<const std::string*, const Tally*>> regions;
    const Level upper[] = {Level::district, Level::street, Level::community};
    for (int i = 0; i < 3; ++i) {
        regions.clear();
        for (const auto& [code, tally] : levels[i]) regions.push_back({&code, &tally});
        add_ranked(out, upper[i], regions, log.region_names, period, rules, options);
    }
    regions.clear();
    for (const auto& [code, tally] : grids) regions.push_back({code, &tally});
    add_ranked(out, Level::grid, regions, log.region_names, period, rules, options);
    return out;
}

} // namespace wangge::assess
