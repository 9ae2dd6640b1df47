#include "src/census/component_checks.hpp"

#include "geo/parallel.hpp"
#include "geo/point_locator.hpp"
#include "geo/thread_pool.hpp"
#include "layers/codes.hpp"
#include "layers/dates.hpp"
#include "layers/text.hpp"
#include "src/rules/catalog.hpp"

#include <algorithm>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>

namespace wangge::census {
namespace {

long long day_of(std::string_view iso) {
    return layers::local_seconds(iso) / 86400;
}

/// The grids by code (views of the grids' own); a duplicated code names every grid that carries it.
struct GridsByCode {
    explicit GridsByCode(const std::vector<GridRow>& grids) {
        index.reserve(grids.size());
        for (std::size_t i = 0; i < grids.size(); ++i) {
            if (index.count(grids[i].code)) duplicated.insert(grids[i].code);
            index.emplace(grids[i].code, static_cast<long>(i));
        }
    }
    long find(std::string_view code) const {
        auto it = index.find(code);
        return it == index.end() ? -1 : it->second;
    }

    std::unordered_multimap<std::string_view, long> index;
    std::unordered_set<std::string_view> duplicated;
};

/// The rules on one component, each a step; findings go to a list, facts to the component's.
class OneComponent {
public:
    OneComponent(const CensusInput& in, const CensusOptions& opt, const rules::Catalog& catalog,
                 const GridsByCode& grids, const geo::PointLocator& locator, const ComponentRow& c,
                 ComponentFacts& fact, std::vector<Finding>& out)
        : m_in(in), m_opt(opt), m_catalog(catalog), m_grids(grids), m_locator(locator), m_c(c), m_fact(fact),
          m_out(out) {}

    /// `located`: the grid the component lies in (-1: none), found with m_fact.grid as the hint.
    void run(long located, long long as_of) {
        m_here = located >= 0 ? m_in.grids[static_cast<std::size_t>(located)].district : "";
        m_good_code = layers::is_component_code(m_c.code);
        m_district = m_good_code ? std::string(m_c.code.substr(0, 6)) : m_here;
        m_fact.district = !m_c.district.empty() ? std::string(m_c.district) : m_district;
        check_attributes();
        const rules::ClassEntry* cls = check_code();
        check_place(cls);
        check_dates(as_of);
    }

private:
    void add(const char* rule, Severity sev, std::string message) {
        Finding f;
        f.rule = rule;
        f.severity = sev;
        f.code = std::string(m_c.code);
        f.message = std::move(message);
        f.is_point = true;
        f.x = m_c.x;
        f.y = m_c.y;
        f.fid = m_c.fid;
        f.district = m_district;
        m_out.push_back(std::move(f));
    }

    void check_attributes() {
        std::string missing;
        for (auto [name, v] : {std::pair<const char*, const std::string_view*>{"code", &m_c.code},
                               {"name", &m_c.name},
                               {"dept_code", &m_c.dept_code},
                               {"dept_name", &m_c.dept_name},
                               {"grid_code", &m_c.grid_code},
                               {"state", &m_c.state},
                               {"initial_date", &m_c.initial_date}})
            if (v->empty()) missing += (missing.empty() ? "" : ", ") + std::string(name);
        m_fact.complete = missing.empty();
        if (!missing.empty()) add("component.missing_attribute", Severity::error, "empty: " + missing);
        if (!m_c.geometry_problem.empty())
            add("component.invalid_geometry", Severity::error,
                "components fid " + std::to_string(m_c.fid) + ": " + std::string(m_c.geometry_problem));
    }

    /// The code's form, class and district; the catalogue's class, or null.
    const rules::ClassEntry* check_code() {
        const rules::ClassEntry* cls = nullptr;
        if (!m_c.code.empty() && !m_good_code)
            add("component.bad_code", Severity::error,
                "code '" + std::string(m_c.code) + "' is not 16 or 17 digits");
        if (m_good_code) {
            std::string class_code = *layers::component_class(m_c.code);
            cls = m_catalog.find(rules::ClassKind::component, class_code);
            if (cls)
                m_fact.class_code = cls->code; // the catalogue's class, whichever form named it
            else
                add("component.unknown_class", Severity::error,
                    "class " + class_code + " is not in the catalogue");
            if (!m_here.empty() && m_here != m_district)
                add("component.district_mismatch", Severity::error,
                    "code names district " + m_district + ", but it lies in " + m_here);
        }
        if (!m_c.grid_code.empty() && m_fact.grid < 0)
            add("component.unknown_grid", Severity::error,
                "grid " + std::string(m_c.grid_code) + " is not loaded");
        return cls;
    }

    /// Within its accuracy class's distance of its grid (any grid of that code, when duplicated).
    void check_place(const rules::ClassEntry* cls) {
        if (!cls || m_fact.grid < 0 || !m_c.geometry_problem.empty() ||
            !m_in.grids[static_cast<std::size_t>(m_fact.grid)].geometry_problem.empty())
            return;
        double limit = rules::Catalog::accuracy_metres(cls->accuracy);
        double d = m_locator.distance(static_cast<std::size_t>(m_fact.grid), {m_c.x, m_c.y});
        if (d > limit && m_grids.duplicated.count(m_c.grid_code))
            for (auto [it, end] = m_grids.index.equal_range(m_c.grid_code); it != end; ++it)
                d = std::min(d, m_locator.distance(static_cast<std::size_t>(it->second), {m_c.x, m_c.y}));
        if (d > limit)
            add("component.misplaced", Severity::error,
                layers::fixed(d, 2) + " m from grid " + std::string(m_c.grid_code) + " (accuracy class " +
                    std::string(1, cls->accuracy) + " allows " + layers::fixed(limit, 2) + " m)");
    }

    void check_dates(long long as_of) {
        long long initial = m_c.initial_date.empty() ? 0 : day_of(m_c.initial_date);
        long long change = m_c.change_date.empty() ? 0 : day_of(m_c.change_date);
        if ((initial && initial > as_of) || (change && change > as_of))
            add("component.bad_date", Severity::error, "a date after " + m_opt.as_of);
        else if (initial && change && change < initial)
            add("component.bad_date", Severity::error,
                "changed " + std::string(m_c.change_date) + " before its census " +
                    std::string(m_c.initial_date));
        long long last = change ? change : initial;
        if (!last) return;
        long long age = as_of - last;
        m_fact.fresh = age >= 0 && age <= static_cast<long long>(m_opt.stale_days);
        if (age > static_cast<long long>(m_opt.stale_days))
            add("component.stale", Severity::warning,
                "last updated " + std::string(change ? m_c.change_date : m_c.initial_date) + ", " +
                    std::to_string(age) + " days before " + m_opt.as_of);
    }

    const CensusInput& m_in;
    const CensusOptions& m_opt;
    const rules::Catalog& m_catalog;
    const GridsByCode& m_grids;
    const geo::PointLocator& m_locator;
    const ComponentRow& m_c;
    ComponentFacts& m_fact;
    std::vector<Finding>& m_out;
    std::string m_here, m_district;
    bool m_good_code = false;
};

/// Duplicates depend on order: one finding for each component after the first with the code.
void duplicate_codes(const std::vector<ComponentRow>& comps, const std::vector<ComponentFacts>& facts,
                     FindingSink& out) {
    std::unordered_map<std::string_view, std::size_t> first; // views into comps, which outlive it
    first.reserve(comps.size());
    for (std::size_t i = 0; i < comps.size(); ++i) {
        const ComponentRow& c = comps[i];
        if (c.code.empty()) continue;
        auto [it, fresh] = first.emplace(c.code, i);
        if (fresh) continue;
        Finding f;
        f.rule = "component.duplicate_code";
        f.severity = Severity::error;
        f.code = std::string(c.code);
        f.message =
            "code " + f.code + " is used again (first in row " + std::to_string(comps[it->second].row) + ")";
        f.is_point = true;
        f.x = c.x;
        f.y = c.y;
        f.fid = c.fid;
        f.district = layers::is_component_code(c.code) ? std::string(c.code.substr(0, 6)) : facts[i].district;
        out.add(std::move(f));
    }
}

} // namespace

ComponentChecks::ComponentChecks(const CensusInput& input, const CensusOptions& options,
                                 const rules::Catalog& catalog)
    : m_in(input), m_opt(options), m_catalog(catalog),
      m_locator(input.grids.size(),
                [&](std::size_t i) -> const geo::PolygonRings& { return input.grids[i].rings; }) {}

void ComponentChecks::run(FindingSink& out) {
    const auto& comps = m_in.components;
    const GridsByCode grids(m_in.grids);
    const long long as_of = day_of(m_opt.as_of);
    m_facts.assign(comps.size(), {});

    // Per component, independent of the others: on all cores, a wave of chunks at a time (two a
    // thread), their findings handed on in row order before the next wave, so that no more than a
    // wave's findings are ever held.
    constexpr std::size_t chunk_size = 1024;
    const std::size_t wave = 2 * (ThreadPool::shared().workers() + 1);
    const std::size_t chunks = (comps.size() + chunk_size - 1) / chunk_size;
    std::vector<std::vector<Finding>> found(wave);
    for (std::size_t first = 0; first < chunks; first += wave) {
        const std::size_t n = std::min(wave, chunks - first);
        parallel_for(n, [&](std::size_t k) {
            const std::size_t from = (first + k) * chunk_size, to = std::min(comps.size(), from + chunk_size);
            // Located together, as a block's lookups overlap their waits on memory.
            std::vector<geo::XY> points;
            std::vector<int> hints;
            for (std::size_t i = from; i < to; ++i) {
                m_facts[i].grid = grids.find(comps[i].grid_code);
                points.push_back({comps[i].x, comps[i].y});
                hints.push_back(static_cast<int>(m_facts[i].grid));
            }
            std::vector<int> located(points.size());
            m_locator.locate(points, hints, located);
            for (std::size_t i = from; i < to; ++i)
                OneComponent(m_in, m_opt, m_catalog, grids, m_locator, comps[i], m_facts[i], found[k])
                    .run(located[i - from], as_of);
        });
        for (std::size_t k = 0; k < n; ++k) {
            for (Finding& f : found[k]) out.add(std::move(f));
            found[k].clear();
        }
    }
    duplicate_codes(comps, m_facts, out);
}

} // namespace wangge::census
