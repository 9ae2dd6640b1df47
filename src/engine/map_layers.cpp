#include "src/engine/map_layers.hpp"

#include "geo/error.hpp"
#include "geo/kernel_density.hpp"
#include "geo/parallel.hpp"
#include "src/assess/hotspots.hpp"
#include "src/assess/period.hpp"
#include "tiles/point_marker.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

namespace wangge::engine {
namespace {

using tiles::Property;

constexpr std::string_view layer_names[] = {"district", "street", "community", "grid",
                                            "coverage", "cases",  "heat",      "hotspot"};

/// The counts every region feature carries besides its indicator.
constexpr std::string_view feature_counts[] = {"grids",  "filed",          "due",
                                               "closed", "closed_on_time", "overdue_open"};

/// Cases cluster below this zoom; at it and above each case is a point.
constexpr int cluster_below_zoom = 15;
/// Cluster cells per tile edge: cells of 64 px, each wide enough for the largest disc.
constexpr int cluster_cells = 4;
static_assert(2 * tiles::max_marker_radius_px <= 256.0 / cluster_cells);

tiles::Rgba colour_or_grey(std::string_view hex, const rules::Rules& rules) {
    // A tile repeats the same few colours thousands of times.
    thread_local std::string last_hex;
    thread_local tiles::Rgba last{};
    if (!hex.empty() && hex == last_hex) return last;
    if (auto c = tiles::parse_colour(hex)) {
        last_hex = hex, last = *c;
        return *c;
    }
    return tiles::parse_colour(rules.not_assessed_colour).value_or(tiles::not_assessed_grey);
}

/// The tile's square and the MVT buffer around it: what a tile's features are taken from.
geo::Box buffered_bounds(const geo::TileId& tile) {
    return tile.bounds().expanded(geo::tile_span(tile.z) / tiles::mvt_extent * tiles::mvt_buffer);
}

/// The regions of a level a tile shows: those the query names, or those within its buffered
/// bounds.
std::vector<const MapRegion*> regions_of(const LevelMap& map, const TileQuery& q) {
    if (q.regions) return {q.regions->begin(), q.regions->end()};
    return map.in(buffered_bounds(q.tile));
}

/// The level whose regions a layer draws (the grids for coverage and hot spots); none for points
/// and rasters.
std::optional<layers::Level> regions_level(MapLayer layer) {
    if (layer == MapLayer::coverage || layer == MapLayer::hotspot) return layers::Level::grid;
    return map_layer_level(layer);
}

/// Regions per part of a vector tile drawn in parts: below it, handing work to another thread
/// costs more than it saves.
constexpr std::size_t regions_per_part = 2000;

/// Unit grids (about 100 m) are under 6 px wide below zoom 14: lines would hide their colours.
double grid_line_px(const geo::TileId& tile) {
    return tile.z >= 14 ? 0.4 : 0;
}

/// An empty tile of a layer drawn on the grids.
tiles::TileContent grid_content(const char* layer, const geo::TileId& tile) {
    tiles::TileContent content;
    content.layer = layer;
    content.tile = tile;
    content.boundary_px = grid_line_px(tile);
    return content;
}

/// A region's code, name and level, given to `add(key, value)`: the same on every layer.
template <class Add> void region_properties(const MapRegion& region, layers::Level level, Add&& add) {
    add("code", tiles::Value(region.code));
    add("name", tiles::Value(region.name));
    add("level", tiles::Value(layers::level_name(level)));
}

void add_region_properties(tiles::TileContent& content, tiles::PropertyRange& range, const MapRegion& region,
                           layers::Level level) {
    region_properties(region, level, [&](std::string_view key, const tiles::Value& v) {
        content.add_property(range, key, v);
    });
}

/// The properties of every region of a level under a period's results (none: not assessed) and
/// an indicator, one row per region in storage order.
tiles::PropertyTable level_properties(const LevelMap& map, layers::Level level, const PeriodResults* results,
                                      const MapIndicator& indicator, const rules::Rules& rules, double mean) {
    // Column positions once, not per region.
    std::vector<std::pair<std::string_view, std::optional<std::size_t>>> counts;
    std::optional<std::size_t> composite;
    ShadeColumns shade_columns;
    if (results) {
        shade_columns = ShadeColumns::of(*results, indicator);
        for (std::string_view c : feature_counts) counts.emplace_back(c, results->column(c));
        composite = results->column("composite");
    }
    tiles::PropertyTable table;
    auto add = [&table](std::string_view key, const tiles::Value& v) { table.add(key, v); };
    for (std::size_t i = 0; i < map.regions.size(); ++i) {
        const PeriodResults::Row* row = results ? results->row_of_region(level, i) : nullptr;
        const Shade shade = shade_of(results, row, indicator, shade_columns, rules, mean);
        table.add_row();
        region_properties(map.regions[i], level, add);
        table.add("indicator", indicator.id);
        if (shade.value) table.add("value", *shade.value);
        if (!shade.grade.empty()) table.add("grade", shade.grade);
        table.add("colour", shade.colour);
        if (row) {
            for (const auto& [name, column] : counts)
                if (auto v = PeriodResults::number_at(*row, column))
                    table.add(name, static_cast<std::int64_t>(*v));
            if (auto v = PeriodResults::number_at(*row, composite)) table.add("composite", *v);
        }
    }
    table.finish();
    return table;
}

tiles::TileContent region_tile(const MapSnapshot& snap, const TileQuery& q, layers::Level level,
                               const rules::Rules& rules, bool png) {
    tiles::TileContent content;
    content.layer = std::string(map_layer_name(q.layer));
    content.tile = q.tile;
    const MapIndicator* indicator = find_indicator(q.indicator);
    auto results = q.period.empty() ? nullptr : snap.results(q.period);
    const std::string level_name(layers::level_name(level));
    // The ramp's reference, once per period and level (a pass over every row).
    double mean = results ? snap.memo("mean_filed:" + q.period + ":" + level_name,
                                      [&] { return mean_filed_per_grid(*results, level); })
                          : 0;
    const LevelMap& map = snap.level(level);
    // A vector tile's properties: every region's once per period, indicator and level, for all
    // the tiles drawn after; a tile then only numbers its features' values afresh.
    if (!png)
        content.table =
            snap.property_table("regions:" + q.period + ":" + indicator->id + ":" + level_name, [&] {
                return level_properties(map, level, results.get(), *indicator, rules, mean);
            });
    ShadeColumns shade_columns;
    if (results) shade_columns = ShadeColumns::of(*results, *indicator);
    auto regions = regions_of(map, q);
    content.regions.reserve(regions.size());
    for (const MapRegion* region : regions) {
        const auto index = static_cast<std::size_t>(region - map.regions.data());
        tiles::RegionFeature& f = content.regions.emplace_back();
        f.id = static_cast<std::uint64_t>(region->fid);
        f.shape = &region->shape;
        f.label_at = region->label_at;
        // A vector tile's client colours its features itself, but regions too small to draw one
        // by one go as the areas of their colours.
        const PeriodResults::Row* row = results ? results->row_of_region(level, index) : nullptr;
        f.fill = colour_or_grey(shade_of(results.get(), row, *indicator, shade_columns, rules, mean).colour,
                                rules);
        if (png)
            f.label = region->name;
        else
            f.table_row = static_cast<std::uint32_t>(index);
    }
    if (level == layers::Level::district)
        content.boundary = {60, 60, 60, 255}, content.boundary_px = 1.2;
    else if (level == layers::Level::grid)
        content.boundary_px = grid_line_px(q.tile);
    return content;
}

tiles::TileContent coverage_tile(const MapSnapshot& snap, const TileQuery& q, const rules::Rules& rules) {
    tiles::TileContent content = grid_content("coverage", q.tile);
    for (const MapRegion* region : regions_of(snap.level(layers::Level::grid), q)) {
        tiles::RegionFeature f;
        f.id = static_cast<std::uint64_t>(region->fid);
        f.shape = &region->shape;
        // The grid's count of census findings, where there are any: what a district fixes first.
        std::size_t findings = snap.findings_of_grid(region->code).size();
        if (findings > 0) f.label = std::to_string(findings);
        f.label_at = region->label_at;
        add_region_properties(content, f.properties, *region, layers::Level::grid);
        content.add_property(f.properties, "findings", static_cast<std::int64_t>(findings));
        auto it = snap.coverage().find(region->code);
        if (it == snap.coverage().end()) {
            f.fill = colour_or_grey("", rules);
            content.add_property(f.properties, "status", "not checked");
        } else {
            const GridCoverage& c = it->second;
            f.fill = colour_or_grey(c.colour, rules);
            content.add_property(f.properties, "status", c.status);
            content.add_property(f.properties, "components", static_cast<std::int64_t>(c.components));
            content.add_property(f.properties, "classes", static_cast<std::int64_t>(c.classes));
            content.add_property(f.properties, "stale", static_cast<std::int64_t>(c.stale));
            content.add_property(f.properties, "colour", c.colour);
        }
        content.regions.push_back(std::move(f));
    }
    return content;
}

tiles::TileContent cases_tile(const MapSnapshot& snap, const TileQuery& q) {
    tiles::TileContent content;
    content.layer = std::string(map_layer_name(q.layer));
    content.tile = q.tile;
    assess::Period period = assess::parse_period(q.period);
    geo::Box bounds = q.tile.bounds();
    double span = bounds.max_x - bounds.min_x;
    const tiles::Rgba case_colour{215, 48, 31, 230};
    if (q.tile.z >= cluster_below_zoom) {
        // A dot near the edge shows in the tiles on both sides of it: those within the MVT buffer
        // (as wide as the dot) are drawn too.
        for (std::size_t i : snap.cases_in(buffered_bounds(q.tile))) {
            const MapCase& c = snap.cases()[i];
            if (!period.contains(c.filed_at)) continue;
            tiles::PointFeature& p =
                content.points.emplace_back(tiles::PointFeature{i + 1, c.at, 1, case_colour, {}});
            content.add_property(p.properties, "count", std::int64_t{1});
        }
        return content;
    }
    // The cases of each cell of the tile make one cluster, on their mean, moved in where its disc
    // would cross the cell's edge: discs never overlap nor are cut by the tile's edge, and a cell
    // (tile-aligned) is the same whichever tile draws it.
    struct Cell {
        double sx = 0, sy = 0;
        long long n = 0;
    };
    std::map<int, Cell> cells;
    const double cell = span / cluster_cells;
    for (std::size_t i : snap.cases_in(bounds)) {
        const MapCase& c = snap.cases()[i];
        if (!period.contains(c.filed_at)) continue;
        int cx = std::clamp(static_cast<int>((c.at.x - bounds.min_x) / cell), 0, cluster_cells - 1);
        int cy = std::clamp(static_cast<int>((bounds.max_y - c.at.y) / cell), 0, cluster_cells - 1);
        Cell& cell_sum = cells[cy * cluster_cells + cx];
        cell_sum.sx += c.at.x, cell_sum.sy += c.at.y, ++cell_sum.n;
    }
    const double metres_per_px = span / 256;
    for (const auto& [k, c] : cells) {
        const double left = bounds.min_x + (k % cluster_cells) * cell,
                     top = bounds.max_y - (k / cluster_cells) * cell;
        const double margin = tiles::marker_radius_px(c.n) * metres_per_px;
        geo::XY at{std::clamp(c.sx / static_cast<double>(c.n), left + margin, left + cell - margin),
                   std::clamp(c.sy / static_cast<double>(c.n), top - cell + margin, top - margin)};
        tiles::PointFeature& p = content.points.emplace_back(
            tiles::PointFeature{static_cast<std::uint64_t>(k + 1), at, c.n, case_colour, {}});
        content.add_property(p.properties, "count", static_cast<std::int64_t>(c.n));
    }
    return content;
}

tiles::TileContent hotspot_tile(const MapSnapshot& snap, const TileQuery& q, const rules::Rules& rules) {
    tiles::TileContent content = grid_content("hotspot", q.tile);
    content.boundary = {150, 150, 150, 160};
    auto results = snap.results(q.period);
    std::map<std::string_view, std::string_view> colours; // class id → colour
    for (const auto& c : assess::hotspot_classes()) colours[c.id] = c.colour;
    for (const MapRegion* region : regions_of(snap.level(layers::Level::grid), q)) {
        const PeriodResults::Row* row = results ? results->find(layers::Level::grid, region->code) : nullptr;
        tiles::RegionFeature f;
        f.id = static_cast<std::uint64_t>(region->fid);
        f.shape = &region->shape;
        f.label_at = region->label_at;
        add_region_properties(content, f.properties, *region, layers::Level::grid);
        auto it = row ? colours.find(row->hotspot_class) : colours.end();
        if (it == colours.end()) {
            f.fill = colour_or_grey("", rules);
            content.regions.push_back(std::move(f));
            continue;
        }
        f.fill = colour_or_grey(it->second, rules);
        content.add_property(f.properties, "class", row->hotspot_class);
        if (auto z = results->number(*row, "hotspot_z")) content.add_property(f.properties, "value", *z);
        if (auto filed = results->number(*row, "filed"))
            content.add_property(f.properties, "filed", static_cast<std::int64_t>(*filed));
        content.add_property(f.properties, "colour", it->second);
        content.regions.push_back(std::move(f));
    }
    return content;
}

tiles::Rgba mix(tiles::Rgba a, tiles::Rgba b, double t) {
    auto ch = [&](std::uint8_t x, std::uint8_t y) {
        return static_cast<std::uint8_t>(std::lround(x + (y - x) * t));
    };
    return {ch(a.r, b.r), ch(a.g, b.g), ch(a.b, b.b), 255};
}

/// The heat map: kernel density of the period's filed cases, coloured against a reference
/// density of the whole period (so that a colour means the same on every tile).
tiles::TileContent heat_tile(const MapSnapshot& snap, const TileQuery& q, int size) {
    tiles::TileContent content;
    content.layer = "heat";
    content.tile = q.tile;
    assess::Period period = assess::parse_period(q.period);
    // Mercator stretches ground distances by 1/cos(latitude): one factor for the whole city, so
    // that the kernel is the same on every tile.
    double lat = snap.bounds() ? (snap.bounds()->south + snap.bounds()->north) / 2 : 0;
    double radius = heat_bandwidth_m / std::cos(lat * M_PI / 180);
    double reference = snap.memo("heat:" + period.id, [&] {
        // Full colour at one and a half times the density of a busy cell (the 99th percentile of
        // radius-sized cells): k / r² for k cases spread over the cell.
        std::map<std::pair<long, long>, int> cells;
        for (const MapCase& c : snap.cases())
            if (period.contains(c.filed_at))
                ++cells[{static_cast<long>(std::floor(c.at.x / radius)),
                         static_cast<long>(std::floor(c.at.y / radius))}];
        std::vector<int> counts;
        for (const auto& [k, n] : cells) counts.push_back(n);
        if (counts.empty()) return 1.0;
        std::sort(counts.begin(), counts.end());
        double busy = counts[static_cast<std::size_t>(0.99 * static_cast<double>(counts.size() - 1))];
        return 1.5 * std::max(1.0, busy) / (radius * radius);
    });
    geo::Box bounds = q.tile.bounds();
    std::vector<geo::XY> points;
    for (std::size_t i : snap.cases_in(bounds.expanded(radius)))
        if (period.contains(snap.cases()[i].filed_at)) points.push_back(snap.cases()[i].at);
    std::vector<float> density = geo::kernel_density(points, {bounds, size, size}, radius);
    std::vector<tiles::Rgba> ramp;
    for (const std::string& hex : heat_ramp()) ramp.push_back(*tiles::parse_colour(hex));
    content.raster.size = size;
    content.raster.pixels.assign(density.size(), tiles::Rgba{0, 0, 0, 0});
    for (std::size_t i = 0; i < density.size(); ++i) {
        double v = std::min(1.0, density[i] / reference);
        if (v < 0.02) continue; // transparent
        double at = v * static_cast<double>(ramp.size() - 1);
        std::size_t k = std::min(ramp.size() - 2, static_cast<std::size_t>(at));
        tiles::Rgba c = mix(ramp[k], ramp[k + 1], at - static_cast<double>(k));
        c.a = static_cast<std::uint8_t>(std::lround(255 * std::min(0.85, 0.25 + v)));
        content.raster.pixels[i] = c;
    }
    return content;
}

} // namespace

const std::vector<std::string>& heat_ramp() {
    static const std::vector<std::string> ramp{"#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"};
    return ramp;
}

std::optional<MapLayer> parse_map_layer(std::string_view name) {
    for (std::size_t i = 0; i < std::size(layer_names); ++i)
        if (layer_names[i] == name) return static_cast<MapLayer>(i);
    return std::nullopt;
}

std::string_view map_layer_name(MapLayer layer) {
    return layer_names[static_cast<std::size_t>(layer)];
}

MapLayer require_map_layer(const std::string& name) {
    if (auto layer = parse_map_layer(name)) return *layer;
    std::string known;
    for (MapLayer l : all_map_layers()) known += (known.empty() ? "" : ", ") + std::string(map_layer_name(l));
    throw UsageError("unknown layer " + name + " (known: " + known + ")");
}

const std::vector<LayerField>& layer_fields(MapLayer layer) {
    static const std::vector<LayerField> regions{{"code", "String", "region code"},
                                                 {"name", "String", "region name"},
                                                 {"level", "String", "district|street|community|grid"},
                                                 {"indicator", "String", "indicator id"},
                                                 {"value", "Number", "indicator value"},
                                                 {"grade", "String", "A–E"},
                                                 {"colour", "String", "fill colour"},
                                                 {"grids", "Number", "unit grids"},
                                                 {"filed", "Number", "filed cases"},
                                                 {"due", "Number", "cases due"},
                                                 {"closed", "Number", "closed cases"},
                                                 {"closed_on_time", "Number", "cases closed on time"},
                                                 {"overdue_open", "Number", "overdue open cases"},
                                                 {"composite", "Number", "composite score"}};
    static const std::vector<LayerField> coverage{{"code", "String", "grid code"},
                                                  {"name", "String", "grid name"},
                                                  {"level", "String", "grid"},
                                                  {"findings", "Number", "census findings"},
                                                  {"status", "String", "empty|stale|covered|not checked"},
                                                  {"components", "Number", "components"},
                                                  {"classes", "Number", "component classes"},
                                                  {"stale", "Number", "stale components"},
                                                  {"colour", "String", "fill colour"}};
    static const std::vector<LayerField> cases{{"count", "Number", "filed cases (a cluster below zoom 15)"}};
    static const std::vector<LayerField> hotspot{
        {"code", "String", "grid code"},    {"name", "String", "grid name"},
        {"level", "String", "grid"},        {"class", "String", "hot_99 … cold_99, not_significant"},
        {"value", "Number", "Gi* z-score"}, {"filed", "Number", "filed cases"},
        {"colour", "String", "fill colour"}};
    switch (layer) {
    case MapLayer::coverage:
        return coverage;
    case MapLayer::cases:
    case MapLayer::heat:
        return cases;
    case MapLayer::hotspot:
        return hotspot;
    default:
        return regions;
    }
}

const std::vector<MapLayer>& all_map_layers() {
    static const std::vector<MapLayer> all{MapLayer::district, MapLayer::street,   MapLayer::community,
                                           MapLayer::grid,     MapLayer::coverage, MapLayer::cases,
                                           MapLayer::heat,     MapLayer::hotspot};
    return all;
}

std::optional<layers::Level> map_layer_level(MapLayer layer) {
    switch (layer) {
    case MapLayer::district:
        return layers::Level::district;
    case MapLayer::street:
        return layers::Level::street;
    case MapLayer::community:
        return layers::Level::community;
    case MapLayer::grid:
    case MapLayer::coverage:
        return layers::Level::grid;
    case MapLayer::hotspot:
        return layers::Level::grid;
    case MapLayer::cases:
    case MapLayer::heat:
        return std::nullopt;
    }
    return std::nullopt;
}

const std::vector<MapIndicator>& map_indicators() {
    static const std::vector<MapIndicator> all{
        {Indicator::composite, "composite", "综合指标值",
         "综合指标值 = Σ 权重 × 指标分值（DB4403/T 14—2019 §5.3）", true},
        {Indicator::closure_rate, "closure_rate", "结案率", "结案率 = 结案数 ÷ 应结案数", true},
        {Indicator::on_time_rate, "on_time_rate", "按期结案率", "按期结案率 = 按期结案数 ÷ 应结案数", true},
        {Indicator::filed_per_grid, "filed_per_grid", "立案数/网格",
         "立案数 ÷ 单元网格数（按全层平均值分级）", false},
        {Indicator::satisfaction_rate, "satisfaction_rate", "满意率", "满意率 = (满意 + 基本满意) ÷ 回访数",
         true},
    };
    return all;
}

const MapIndicator* find_indicator(std::string_view id) {
    for (const MapIndicator& i : map_indicators())
        if (i.id == id) return &i;
    return nullptr;
}

const std::vector<RampClass>& per_grid_ramp() {
    static const std::vector<RampClass> ramp{
        {0.5, "#fef0d9"}, {0.8, "#fdcc8a"}, {1.25, "#fc8d59"}, {2.0, "#e34a33"}, {INFINITY, "#b30000"}};
    return ramp;
}

double mean_filed_per_grid(const PeriodResults& results, layers::Level level) {
    double filed = 0, grids = 0;
    for (const auto& row : results.rows) {
        if (row.level != level) continue;
        filed += results.number(row, "filed").value_or(0);
        grids += results.number(row, "grids").value_or(0);
    }
    return grids > 0 ? filed / grids : 0;
}

ShadeColumns ShadeColumns::of(const PeriodResults& results, const MapIndicator& indicator) {
    return {results.column(indicator.kind == Indicator::filed_per_grid ? "filed" : indicator.id),
            results.column("filed"), results.column("grids")};
}

Shade shade_of(const PeriodResults* results, const PeriodResults::Row* row, const MapIndicator& indicator,
               const ShadeColumns& columns, const rules::Rules& rules, double level_mean_per_grid) {
    Shade s;
    s.colour = rules.not_assessed_colour;
    if (!results || !row) return s;
    switch (indicator.kind) {
    case Indicator::composite:
        s.value = PeriodResults::number_at(*row, columns.value);
        s.grade = row->grade;
        s.colour = row->colour.empty() ? rules.not_assessed_colour : row->colour;
        return s;
    case Indicator::filed_per_grid: {
        auto filed = PeriodResults::number_at(*row, columns.filed);
        auto grids = PeriodResults::number_at(*row, columns.grids);
        if (!filed || !grids || *grids <= 0) return s;
        s.value = *filed / *grids;
        double relative = level_mean_per_grid > 0 ? *s.value / level_mean_per_grid : 0;
        for (const RampClass& c : per_grid_ramp())
            if (relative <= c.up_to) {
                s.colour = c.colour;
                break;
            }
        return s;
    }
    case Indicator::closure_rate:
    case Indicator::on_time_rate:
    case Indicator::satisfaction_rate:
        break;
    }
    // A rate, graded as a score of 0–100.
    s.value = PeriodResults::number_at(*row, columns.value);
    if (!s.value) return s; // undefined rate: no cases to measure it on
    const rules::GradeBand& band = rules.grade_of(*s.value * 100);
    s.grade = band.grade;
    s.colour = band.colour;
    return s;
}

SnapshotScope tile_scope(MapLayer layer) {
    SnapshotScope scope = SnapshotScope::nothing();
    // Every layer but the cases' is drawn on regions, or (heat) takes its latitude from the grids.
    scope.levels[static_cast<std::size_t>(map_layer_level(layer).value_or(layers::Level::grid))] =
        layer != MapLayer::cases;
    scope.cases = layer == MapLayer::cases || layer == MapLayer::heat;
    scope.census = layer == MapLayer::coverage;
    return scope;
}

void check_tile_query(const TileQuery& q) {
    if (!find_indicator(q.indicator)) {
        std::string known;
        for (const MapIndicator& i : map_indicators()) known += (known.empty() ? "" : ", ") + i.id;
        throw UsageError("unknown indicator " + q.indicator + " (known: " + known + ")");
    }
    if (q.layer != MapLayer::coverage) {
        if (q.period.empty())
            throw UsageError("the " + std::string(map_layer_name(q.layer)) + " layer needs a period");
        assess::parse_period(q.period);
    }
}

std::string draw_tile(const MapSnapshot& snapshot, const TileQuery& query, TileFormat format, int scale,
                      const rules::Rules& rules) {
    if (format == TileFormat::mvt && !query.regions)
        if (std::optional<layers::Level> level = regions_level(query.layer)) {
            const std::vector<const MapRegion*> regions =
                snapshot.level(*level).in(buffered_bounds(query.tile));
            // A tile of thousands of regions (a city's grids at zoom 12 or 13) in parts on the
            // cores, put together as one layer: the same bytes as drawn in one go. A smaller tile
            // is one part, drawn on this thread.
            const std::size_t parts = std::clamp<std::size_t>(regions.size() / regions_per_part, 1,
                                                              ThreadPool::shared().workers() + 1);
            std::vector<tiles::TileContent> contents(parts);
            parallel_for(parts, [&](std::size_t p) {
                const std::size_t from = regions.size() * p / parts, to = regions.size() * (p + 1) / parts;
                TileQuery part = query;
                part.regions = std::span(regions).subspan(from, to - from);
                contents[p] = tile_content(snapshot, part, rules, 0);
            });
            std::vector<tiles::MvtLayer> tile;
            tile.push_back(tiles::mvt_layer(std::span<const tiles::TileContent>(contents)));
            return tiles::encode_tile(tile);
        }
    // Vector heat tiles carry the cases themselves (a client draws its own heat map from them).
    tiles::TileContent content =
        tile_content(snapshot, query, rules, format == TileFormat::mvt ? 0 : 256 * scale);
    if (format == TileFormat::mvt) return tiles::render_mvt(content);
    return tiles::render_png(content, 256 * scale);
}

tiles::TileContent tile_content(const MapSnapshot& snapshot, const TileQuery& query,
                                const rules::Rules& rules, int raster_size) {
    if (query.layer == MapLayer::cases) return cases_tile(snapshot, query);
    if (query.layer == MapLayer::heat)
        return raster_size > 0 ? heat_tile(snapshot, query, raster_size) : cases_tile(snapshot, query);
    if (query.layer == MapLayer::hotspot) return hotspot_tile(snapshot, query, rules);
    if (query.layer == MapLayer::coverage) return coverage_tile(snapshot, query, rules);
    return region_tile(snapshot, query, *map_layer_level(query.layer), rules, raster_size > 0);
}

} // namespace wangge::engine
