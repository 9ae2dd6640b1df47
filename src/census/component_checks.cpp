#include "src/census/component_checks.hpp"

#include "geo/parallel.hpp"
#include "geo/point_locator.hpp"
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

long long day_of(const std::string& iso) {
    return layers::local_seconds(iso) / 86400;
}

std::string fixed(double v) {
    return layers::fixed(v, 2);
}

} // namespace

void ComponentChecks::run(std::vector<Finding>& out) {
    const auto& comps = m_in.components;
    // A duplicated grid code names every grid that carries it.
    std::unordered_multimap<std::string, long> grid_by_code;
    std::unordered_set<std::string> duplicated;
    for (std::size_t i = 0; i < m_in.grids.size(); ++i) {
        if (grid_by_code.count(m_in.grids[i].code)) duplicated.insert(m_in.grids[i].code);
        grid_by_code.emplace(m_in.grids[i].code, static_cast<long>(i));
    }
    geo::PointLocator locator(m_in.grids.size(),
                              [&](std::size_t i) -> const geo::PolygonRings& { return m_in.grids[i].rings; });
    const long long as_of = day_of(m_opt.as_of);
    m_facts.assign(comps.size(), {});

    // Per component, independent of the others: on all cores, findings kept in row order.
    constexpr std::size_t chunk_size = 4096;
    std::vector<std::vector<Finding>> found((comps.size() + chunk_size - 1) / chunk_size);
    parallel_for(found.size(), [&](std::size_t chunk) {
        for (std::size_t i = chunk * chunk_size; i < std::min(comps.size(), (chunk + 1) * chunk_size); ++i) {
            const ComponentRow& c = comps[i];
            ComponentFacts& fact = m_facts[i];
            auto add = [&](const char* rule, Severity sev, std::string message, const std::string& district) {
                Finding f;
                f.rule = rule;
                f.severity = sev;
                f.code = c.code;
                f.message = std::move(message);
                f.is_point = true;
                f.x = c.x;
                f.y = c.y;
                f.fid = c.fid;
                f.district = district;
                found[chunk].push_back(std::move(f));
            };
            auto grid_it = grid_by_code.find(c.grid_code);
            fact.grid = grid_it == grid_by_code.end() ? -1 : grid_it->second;
            long located = locator.locate({c.x, c.y}, fact.grid);
            std::string here = located >= 0 ? m_in.grids[static_cast<std::size_t>(located)].district : "";
            bool good_code = layers::is_component_code(c.code);
            std::string district = good_code ? c.code.substr(0, 6) : here;
            fact.district = !c.district.empty() ? c.district : district;

            std::string missing;
            for (auto [name, v] : {std::pair<const char*, const std::string*>{"code", &c.code},
                                   {"name", &c.name},
                                   {"dept_code", &c.dept_code},
                                   {"dept_name", &c.dept_name},
                                   {"grid_code", &c.grid_code},
                                   {"state", &c.state},
                                   {"initial_date", &c.initial_date}})
                if (v->empty()) missing += (missing.empty() ? "" : ", ") + std::string(name);
            fact.complete = missing.empty();
            if (!missing.empty())
                add("component.missing_attribute", Severity::error, "empty: " + missing, district);
            if (!c.geometry_problem.empty())
                add("component.invalid_geometry", Severity::error,
                    "components fid " + std::to_string(c.fid) + ": " + c.geometry_problem, district);

            const rules::ClassEntry* cls = nullptr;
            if (!c.code.empty() && !good_code)
                add("component.bad_code", Severity::error, "code '" + c.code + "' is not 16 or 17 digits",
                    district);
            if (good_code) {
                std::string class_code = *layers::component_class(c.code);
                cls = m_catalog.find(rules::ClassKind::component, class_code);
                if (cls)
                    fact.class_code = cls->code; // the catalogue's class, whichever form named it
                else
                    add("component.unknown_class", Severity::error,
                        "class " + class_code + " is not in the catalogue", district);
                if (!here.empty() && here != district)
                    add("component.district_mismatch", Severity::error,
                        "code names district " + district + ", but it lies in " + here, district);
            }
            if (!c.grid_code.empty() && fact.grid < 0)
                add("component.unknown_grid", Severity::error, "grid " + c.grid_code + " is not loaded",
                    district);
            if (cls && fact.grid >= 0 && c.geometry_problem.empty() &&
                m_in.grids[static_cast<std::size_t>(fact.grid)].geometry_problem.empty()) {
                double limit = rules::Catalog::accuracy_metres(cls->accuracy);
                double d = m_in.grids[static_cast<std::size_t>(fact.grid)].rings.distance({c.x, c.y});
                if (d > limit && duplicated.count(c.grid_code))
                    for (auto [it, end] = grid_by_code.equal_range(c.grid_code); it != end; ++it)
                        d = std::min(
                            d, m_in.grids[static_cast<std::size_t>(it->second)].rings.distance({c.x, c.y}));
                if (d > limit)
                    add("component.misplaced", Severity::error,
                        fixed(d) + " m from grid " + c.grid_code + " (accuracy class " +
                            std::string(1, cls->accuracy) + " allows " + fixed(limit) + " m)",
                        district);
            }

            long long initial = c.initial_date.empty() ? 0 : day_of(c.initial_date);
            long long change = c.change_date.empty() ? 0 : day_of(c.change_date);
            if ((initial && initial > as_of) || (change && change > as_of))
                add("component.bad_date", Severity::error, "a date after " + m_opt.as_of, district);
            else if (initial && change && change < initial)
                add("component.bad_date", Severity::error,
                    "changed " + c.change_date + " before its census " + c.initial_date, district);
            long long last = change ? change : initial;
            if (last) {
                long long age = as_of - last;
                fact.fresh = age >= 0 && age <= static_cast<long long>(m_opt.stale_days);
                if (age > static_cast<long long>(m_opt.stale_days))
                    add("component.stale", Severity::warning,
                        "last updated " + (change ? c.change_date : c.initial_date) + ", " +
                            std::to_string(age) + " days before " + m_opt.as_of,
                        district);
            }
        }
    });
    // Duplicates depend on order: one finding for each component after the first with the code.
    std::unordered_map<std::string_view, std::size_t> first; // views into comps, which outlive it
    first.reserve(comps.size());
    std::vector<Finding> duplicates;
    for (std::size_t i = 0; i < comps.size(); ++i) {
        const ComponentRow& c = comps[i];
        if (c.code.empty()) continue;
        auto [it, fresh] = first.emplace(c.code, i);
        if (fresh) continue;
        Finding f;
        f.rule = "component.duplicate_code";
        f.severity = Severity::error;
        f.code = c.code;
        f.message =
            "code " + c.code + " is used again (first in row " + std::to_string(comps[it->second].row) + ")";
        f.is_point = true;
        f.x = c.x;
        f.y = c.y;
        f.fid = c.fid;
        f.district = layers::is_component_code(c.code) ? c.code.substr(0, 6) : m_facts[i].district;
        duplicates.push_back(std::move(f));
    }
    std::size_t total = duplicates.size();
    for (const auto& list : found) total += list.size();
    out.reserve(out.size() + total);
    for (auto& list : found)
        for (auto& f : list) out.push_back(std::move(f));
    for (auto& f : duplicates) out.push_back(std::move(f));
}

} // namespace wangge::census
