#include "src/census/census_input.hpp"

#include "layers/codes.hpp"
#include "layers/record_polygon.hpp"
#include "layers/store.hpp"

#include <algorithm>
#include <iterator>
#include <thread>

namespace wangge::census {
namespace {

using layers::LayerKind;
using layers::Record;
using layers::schema_of;

std::string value(const Record& r, LayerKind kind, const char* field) {
    return r.get(schema_of(kind), field).value_or("");
}

std::map<std::string, RegionRow> regions(layers::Workspace& ws, LayerKind kind) {
    std::map<std::string, RegionRow> out;
    ws.for_each(kind, [&](const Record& r) {
        std::string code = value(r, kind, "code");
        bool usable = layers::polygon_of(r).second.empty();
        out.emplace(code, RegionRow{code, value(r, kind, "name"), usable ? r.wkb : std::string()});
    });
    return out;
}

} // namespace

std::string_view TextBlocks::keep(std::string_view text) {
    if (text.empty()) return {};
    if (text.size() > block_size / 4) { // a long one: a block of its own
        auto& own = m_long.emplace_back(std::make_unique<char[]>(text.size()));
        std::copy(text.begin(), text.end(), own.get());
        return {own.get(), text.size()};
    }
    if (m_used + text.size() > block_size) {
        m_blocks.push_back(std::make_unique<char[]>(block_size));
        m_used = 0;
    }
    char* at = m_blocks.back().get() + m_used;
    std::copy(text.begin(), text.end(), at);
    m_used += text.size();
    return {at, text.size()};
}

CensusInput CensusInput::load(layers::Workspace& ws) {
    CensusInput in;
    ws.for_each(LayerKind::grids, [&](const Record& r) {
        std::string code = value(r, LayerKind::grids, "code");
        // A grid belongs to the district its code names; where the code is unusable, to the one
        // whose area holds it (domain.md §8), never to the submission it came with.
        std::string district = layers::is_region_code(code, layers::Level::grid) ? code.substr(0, 6) : "";
        auto [rings, problem] = layers::polygon_of(r);
        in.grids.push_back({code, value(r, LayerKind::grids, "source_code"), district,
                            problem.empty() ? in.grid_wkb.keep(r.wkb) : std::string_view(), std::move(rings),
                            r.row, r.fid, std::move(problem)});
    });
    in.grids.shrink_to_fit(); // held through the whole census
    // Millions of components: read in slices on all cores, joined in row order.
    const auto& cs = schema_of(LayerKind::components);
    // The fields read, as views in this order.
    enum Field : std::size_t { code, name, dept_code, dept_name, grid, state, initial, change, district };
    const std::size_t fields[] = {cs.index("code"),         cs.index("name"),        cs.index("dept_code"),
                                  cs.index("dept_name"),    cs.index("grid_code"),   cs.index("state"),
                                  cs.index("initial_date"), cs.index("change_date"), cs.index("district")};
    const unsigned parts = std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::vector<ComponentRow>> slices(parts);
    in.component_text.resize(parts); // one a reading thread
    ws.scan_parallel(LayerKind::components, fields, parts, [&](unsigned part, const layers::RecordView& r) {
        TextBlocks& text = in.component_text[part];
        auto v = [&](Field f) -> std::string_view {
            return r.values[f] ? text.keep(*r.values[f]) : std::string_view();
        };
        slices[part].push_back({v(code), v(name), v(dept_code), v(dept_name), v(grid), v(state), v(initial),
                                v(change), v(district), r.x, r.y, r.row, r.fid,
                                text.keep(r.geometry_problem)});
    });
    std::size_t total = 0;
    for (const auto& sl : slices) total += sl.size();
    in.components.reserve(total);
    for (auto& sl : slices) {
        std::move(sl.begin(), sl.end(), std::back_inserter(in.components));
        std::vector<ComponentRow>().swap(sl);
    }
    in.districts = regions(ws, LayerKind::districts);
    in.streets = regions(ws, LayerKind::streets);
    in.communities = regions(ws, LayerKind::communities);
    for (const auto& c : ws.counts()) {
        bool loaded = c.rows > 0 && c.derived == 0;
        if (c.kind == LayerKind::districts) in.districts_loaded = loaded;
        if (c.kind == LayerKind::streets) in.streets_loaded = loaded;
        if (c.kind == LayerKind::communities) in.communities_loaded = loaded;
    }
    return in;
}

void CensusInput::release_geometry_wkb() {
    for (GridRow& g : grids) g.wkb = {};
    grid_wkb = TextBlocks();
    for (auto* regions : {&districts, &streets, &communities})
        for (auto& [code, region] : *regions) std::string().swap(region.wkb);
}

void CensusInput::release_grid_rings() {
    for (GridRow& g : grids) g.rings = geo::PolygonRings();
}

} // namespace wangge::census
