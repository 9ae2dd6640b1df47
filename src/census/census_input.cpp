#include "src/census/census_input.hpp"

#include "layers/store.hpp"

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
        out.emplace(code, RegionRow{code, value(r, kind, "name"), r.wkb});
    });
    return out;
}

} // namespace

CensusInput CensusInput::load(layers::Workspace& ws) {
    CensusInput in;
    ws.for_each(LayerKind::grids, [&](const Record& r) {
        in.grids.push_back({value(r, LayerKind::grids, "code"), value(r, LayerKind::grids, "source_code"),
                            value(r, LayerKind::grids, "district"), r.wkb, geo::PolygonRings::from_wkb(r.wkb), r.row});
    });
    ws.for_each(LayerKind::components, [&](const Record& r) {
        auto v = [&](const char* f) { return value(r, LayerKind::components, f); };
        in.components.push_back({v("code"), v("name"), v("dept_code"), v("dept_name"), v("grid_code"), v("state"),
                                 v("initial_date"), v("change_date"), v("district"), r.x, r.y, r.row});
    });
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

} // namespace wangge::census
