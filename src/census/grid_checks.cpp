#include "src/census/grid_checks.hpp"

#include "geo/coverage/containment.hpp"
#include "geo/coverage/gap_finder.hpp"
#include "geo/coverage/overlap_finder.hpp"
#include "geo/coverage/validity.hpp"
#include "geo/parallel.hpp"
#include "geo/phase_timer.hpp"
#include "layers/codes.hpp"
#include "layers/text.hpp"

#include <cmath>
#include <cstdio>
#include <mutex>
#include <numbers>
#include <unordered_map>

namespace wangge::census {
namespace {

using layers::GridCodeForm;
using layers::Level;

bool usable(const GridRow& g) {
    return layers::is_region_code(g.code, Level::grid);
}

} // namespace

Finding GridChecks::grid_finding(std::size_t i, const char* rule, Severity severity,
                                 std::string message) const {
    const GridRow& g = m_in.grids[i];
    Finding f;
    f.rule = rule;
    f.severity = severity;
    f.district = g.district;
    f.code = g.source_code.empty() ? g.code : g.source_code;
    f.message = std::move(message);
    f.wkb = std::string(g.wkb);
    f.fid = g.fid;
    return f;
}

void GridChecks::run(FindingSink& out) {
    m_flawed.assign(m_in.grids.size(), 0);
    PhaseTimer timer(4);
    locate_unassigned();
    check_codes(out);
    timer.lap("grid codes");
    check_geometry(out);
    timer.lap("grid validity and shape");
    check_parents(out);
    timer.lap("grid parents");
    check_overlaps(out);
    timer.lap("grid overlaps");
    check_gaps(out);
    timer.lap("grid gaps");
}

// A grid whose code is unusable belongs to the district whose area holds it (domain.md §8).
void GridChecks::locate_unassigned() {
    std::vector<std::pair<std::string, geo::PolygonRings>> districts;
    for (const auto& [code, d] : m_in.districts)
        if (!d.wkb.empty()) districts.emplace_back(code, geo::PolygonRings::from_wkb(d.wkb));
    for (GridRow& g : m_in.grids) {
        if (!g.district.empty() || !g.geometry_problem.empty()) continue;
        geo::XY p = g.rings.interior_point();
        double best = 1e300;
        for (const auto& [code, rings] : districts) {
            // A derived district has a hole where the grid is: the nearest district holds it then.
            double d = rings.distance(p);
            if (d < best) best = d, g.district = code;
        }
    }
}

void GridChecks::check_codes(FindingSink& out) {
    std::unordered_map<std::string, std::size_t> first;
    for (std::size_t i = 0; i < m_in.grids.size(); ++i) {
        const GridRow& g = m_in.grids[i];
        GridCodeForm form = layers::normalise_grid_code(g.source_code.empty() ? g.code : g.source_code).form;
        if (form == GridCodeForm::bad) {
            out.add(grid_finding(i, "grid.bad_code", Severity::error,
                                 "grid code '" + g.code +
                                     "' is not 15 digits (district, street, community, serial)"));
            m_flawed[i] = 1;
        } else if (form == GridCodeForm::legacy) {
            out.add(grid_finding(i, "grid.legacy_code", Severity::warning,
                                 "legacy 14-digit code " + g.source_code + ", read as " + g.code));
        }
        auto [it, fresh] = first.emplace(g.code, i);
        if (!fresh) {
            out.add(grid_finding(i, "grid.duplicate_code", Severity::error,
                                 "code " + g.code + " is used again (first in row " +
                                     std::to_string(m_in.grids[it->second].row) + ")"));
            m_flawed[i] = 1;
        }
    }
}

void GridChecks::check_geometry(FindingSink& out) {
    const std::size_t n = m_in.grids.size();
    std::vector<geo::Validity> validity(n);
    parallel_for(n, [&](std::size_t i) {
        if (m_in.grids[i].geometry_problem.empty()) validity[i] = geo::check_validity(m_in.grids[i].wkb);
    });
    for (std::size_t i = 0; i < n; ++i) {
        const GridRow& g = m_in.grids[i];
        if (!g.geometry_problem.empty()) {
            // Named by table and fid: the row to mend in QGIS.
            out.add(grid_finding(i, "grid.invalid_geometry", Severity::error,
                                 "grids fid " + std::to_string(g.fid) + ": " + g.geometry_problem));
            m_flawed[i] = 1;
            continue;
        }
        if (!validity[i].valid) {
            Finding f = grid_finding(i, "grid.invalid_geometry", Severity::error,
                                     validity[i].reason + " at (" + layers::fixed(validity[i].location.x, 2) +
                                         ", " + layers::fixed(validity[i].location.y, 2) + ")");
            f.at = validity[i].location;
            out.add(std::move(f));
            m_flawed[i] = 1;
            continue; // area and shape of an invalid ring mean little
        }
        double area = g.rings.area(), perimeter = g.rings.perimeter();
        double compactness = perimeter > 0 ? 4 * std::numbers::pi * area / (perimeter * perimeter) : 0;
        if (area < m_opt.sliver_min_area_m2 || compactness < m_opt.sliver_min_compactness) {
            Finding f = grid_finding(i, "grid.sliver", Severity::error,
                                     "area " + layers::fixed(area, 1) + " m², compactness " +
                                         layers::fixed(compactness, 3));
            f.area_m2 = area;
            out.add(std::move(f));
            m_flawed[i] = 1;
        } else if (area < m_opt.area_min_m2 || area > m_opt.area_max_m2) {
            Finding f = grid_finding(i, "grid.area_out_of_range", Severity::warning,
                                     "area " + layers::fixed(area, 1) + " m² is outside " +
                                         layers::fixed(m_opt.area_min_m2, 0) + "–" +
                                         layers::fixed(m_opt.area_max_m2, 0) + " m²");
            f.area_m2 = area;
            out.add(std::move(f));
        }
    }
}

// The lowest loaded level is the parent to check against; a derived level holds its grids anyway.
void GridChecks::check_parents(FindingSink& out) {
    const std::map<std::string, RegionRow>* parents = nullptr;
    Level level = Level::community;
    if (m_in.communities_loaded)
        parents = &m_in.communities, level = Level::community;
    else if (m_in.streets_loaded)
        parents = &m_in.streets, level = Level::street;
    else if (m_in.districts_loaded)
        parents = &m_in.districts, level = Level::district;
    if (!parents) return;
    std::map<std::string, std::vector<std::size_t>> by_parent;
    for (std::size_t i = 0; i < m_in.grids.size(); ++i)
        if (usable(m_in.grids[i]) && m_in.grids[i].geometry_problem.empty())
            by_parent[*layers::parent_code(m_in.grids[i].code, level)].push_back(i);
    std::vector<std::pair<const std::string*, const std::vector<std::size_t>*>> groups;
    for (const auto& [code, members] : by_parent) groups.emplace_back(&code, &members);
    std::mutex mutex;
    const std::string level_name(layers::level_name(level));
    parallel_for(groups.size(), [&](std::size_t k) {
        const std::string& code = *groups[k].first;
        std::vector<std::pair<std::size_t, Finding>> found;
        auto it = parents->find(code);
        if (it == parents->end()) {
            for (std::size_t i : *groups[k].second)
                found.emplace_back(i, grid_finding(i, "grid.outside_parent", Severity::error,
                                                   "its code names " + level_name + " " + code +
                                                       ", which the " + level_name + " layer does not hold"));
        } else if (!it->second.wkb.empty()) { // a parent without a usable polygon proves nothing
            geo::ContainmentTest test(it->second.wkb, m_opt.boundary_tolerance_m);
            for (std::size_t i : *groups[k].second) {
                if (test.covers(m_in.grids[i].wkb)) continue;
                auto [outside, area] = test.outside_part(m_in.grids[i].wkb);
                Finding f =
                    grid_finding(i, "grid.outside_parent", Severity::error,
                                 layers::fixed(area, 1) + " m² lie outside " + level_name + " " + code);
                f.other_code = code;
                f.area_m2 = area;
                f.wkb = outside;
                found.emplace_back(i, std::move(f));
            }
        }
        std::lock_guard lock(mutex);
        for (auto& [i, f] : found) {
            m_flawed[i] = 1;
            out.add(std::move(f));
        }
    });
}

void GridChecks::check_overlaps(FindingSink& out) {
    std::vector<std::string_view> wkbs;
    std::vector<geo::Box> boxes;
    std::vector<std::size_t> grid_of; // position in the lists above → grid
    for (std::size_t i = 0; i < m_in.grids.size(); ++i) {
        const GridRow& g = m_in.grids[i];
        if (!g.geometry_problem.empty()) continue;
        grid_of.push_back(i);
        wkbs.push_back(g.wkb);
        boxes.push_back(g.rings.bounds());
    }
    for (const geo::Overlap& o : geo::find_overlaps(
             wkbs, [&](std::size_t k) -> const geo::PolygonRings& { return m_in.grids[grid_of[k]].rings; },
             boxes, m_opt.overlap_min_m2)) {
        const std::size_t a = grid_of[o.a], b = grid_of[o.b];
        Finding f =
            grid_finding(a, "grid.overlap", Severity::error,
                         "overlaps grid " + m_in.grids[b].code + " by " + layers::fixed(o.area, 1) + " m²");
        f.other_code = m_in.grids[b].code;
        f.area_m2 = o.area;
        f.wkb = o.wkb;
        out.add(std::move(f));
        m_flawed[a] = m_flawed[b] = 1;
    }
}

void GridChecks::check_gaps(FindingSink& out) {
    std::map<std::string, std::vector<std::string_view>> by_district; // views of the grids' WKB
    for (const GridRow& g : m_in.grids)
        if (!g.district.empty() && g.geometry_problem.empty()) by_district[g.district].push_back(g.wkb);
    if (m_in.districts_loaded)
        for (const auto& [code, d] : m_in.districts) by_district[code];
    std::vector<const std::string*> codes;
    for (const auto& [code, wkbs] : by_district) codes.push_back(&code);
    std::vector<std::vector<geo::Gap>> gaps(codes.size());
    parallel_for(codes.size(), [&](std::size_t k) {
        std::optional<std::string> area;
        if (m_in.districts_loaded)
            if (auto it = m_in.districts.find(*codes[k]);
                it != m_in.districts.end() && !it->second.wkb.empty())
                area = it->second.wkb;
        // find, not operator[]: worker threads only read the map.
        gaps[k] = geo::find_gaps(by_district.find(*codes[k])->second, area, m_opt.gap_min_m2,
                                 m_opt.boundary_tolerance_m);
    });
    for (std::size_t k = 0; k < codes.size(); ++k)
        for (const geo::Gap& g : gaps[k]) {
            Finding f;
            f.rule = "grid.gap";
            f.severity = Severity::error;
            f.district = *codes[k];
            f.area_m2 = g.area;
            f.wkb = std::string(g.wkb);
            f.message = layers::fixed(g.area, 1) + " m² of district " + *codes[k] + " covered by no grid";
            out.add(std::move(f));
        }
}

} // namespace wangge::census
