#include "src/engine/map_json.hpp"

#include "geo/json_writer.hpp"
#include "geo/tile/tile_math.hpp"
#include "src/assess/hotspots.hpp"
#include "src/assess/period.hpp"
#include "src/census/census_report.hpp"
#include "src/engine/map_layers.hpp"

#include <algorithm>
#include <cmath>

namespace wangge::engine {
namespace {

using nlohmann::json;

constexpr layers::Level all_levels[] = {layers::Level::district, layers::Level::street,
                                        layers::Level::community, layers::Level::grid};

bool ends_with(const std::string& s, std::string_view tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

json value_or_null(const PeriodResults& results, const PeriodResults::Row& row, const std::string& column) {
    auto v = results.number(row, column);
    return v ? json(*v) : json(nullptr);
}

/// Where a period's numeric columns go in a row of the assess JSON's regions: found once for the
/// many rows of a level rather than by name for every value (225,000 grids: a fifth of the time).
struct RowLayout {
    std::optional<std::size_t> grids;
    std::vector<std::size_t> groups[3]; ///< counts, rates, scores: positions in Row::numbers

    explicit RowLayout(const PeriodResults& results) {
        const auto& names = results.numeric_columns;
        for (std::size_t k = 0; k < names.size(); ++k) {
            const std::string& c = names[k];
            if (c == "grids")
                grids = k;
            else if (ends_with(c, "_rate"))
                groups[1].push_back(k);
            else if (ends_with(c, "_score") || c == "composite")
                groups[2].push_back(k);
            else
                groups[0].push_back(k);
        }
    }
};

/// A row in the shape of the assess JSON's regions, written as it is made: the grid level of a
/// city is a hundred thousand rows.
void write_row(JsonWriter& w, const PeriodResults& results, const RowLayout& layout,
               const PeriodResults::Row& row, const std::string& name, std::optional<long long> rank = {}) {
    w.begin_object();
    if (rank) w.key("rank").integer(*rank);
    w.key("level").string(layers::level_name(row.level));
    w.key("code").string(row.code);
    w.key("name").string(name);
    auto grids = PeriodResults::number_at(row, layout.grids);
    grids ? void(w.key("grids").integer(static_cast<long long>(*grids))) : void(w.key("grids").null());
    w.key("region_class").string(row.region_class);
    const char* group_keys[] = {"counts", "rates", "scores"};
    for (int g = 0; g < 3; ++g) {
        w.key(group_keys[g]).begin_object();
        for (std::size_t k : layout.groups[g]) {
            auto v = PeriodResults::number_at(row, k);
            w.key(results.numeric_columns[k]);
            if (!v)
                w.null();
            else if (g == 0)
                w.integer(std::llround(*v));
            else
                w.number(*v);
        }
        w.end_object();
    }
    row.grade.empty() ? void(w.key("grade").null()) : void(w.key("grade").string(row.grade));
    w.key("colour").string(row.colour);
    w.end_object();
}

json row_json(const PeriodResults& results, const PeriodResults::Row& row) {
    std::string text;
    JsonWriter w(text);
    write_row(w, results, RowLayout(results), row, row.name);
    w.finish();
    return json::parse(text);
}

json period_json(const std::string& id) {
    assess::Period p = assess::parse_period(id);
    return {{"id", p.id}, {"start", p.start_iso()}, {"end", p.end_iso()}};
}

/// A region that has no stored row: its code and name, not assessed.
json bare_region(const MapRegion& region, layers::Level level) {
    return {{"level", std::string(layers::level_name(level))},
            {"code", region.code},
            {"name", region.name},
            {"grade", nullptr},
            {"colour", nullptr},
            {"assessed", false}};
}

json region_entry(const MapRegion& region, layers::Level level, const PeriodResults* results) {
    if (results)
        if (const auto* row = results->find(level, region.code)) {
            json j = row_json(*results, *row);
            if (j["name"].get<std::string>().empty()) j["name"] = region.name;
            j["assessed"] = true;
            return j;
        }
    return bare_region(region, level);
}

json lonlat_ring(const geo::Ring& ring) {
    json out = json::array();
    for (const geo::XY& p : ring) {
        geo::XY ll = geo::mercator_to_lonlat(p.x, p.y);
        out.push_back({std::round(ll.x * 1e6) / 1e6, std::round(ll.y * 1e6) / 1e6});
    }
    return out;
}

json outline_json(const geo::PolygonRings& shape) {
    json parts = json::array();
    for (const auto& part : shape.parts()) {
        json rings = json::array();
        for (const geo::Ring& r : part) rings.push_back(lonlat_ring(r));
        parts.push_back(rings);
    }
    return {{"type", "MultiPolygon"}, {"coordinates", parts}};
}

json bbox_json(const geo::Box& b) {
    geo::XY sw = geo::mercator_to_lonlat(b.min_x, b.min_y), ne = geo::mercator_to_lonlat(b.max_x, b.max_y);
    return {sw.x, sw.y, ne.x, ne.y};
}

} // namespace

std::optional<layers::Level> level_of_code(const std::string& code) {
    for (layers::Level l : all_levels)
        if (layers::is_region_code(code, l)) return l;
    return std::nullopt;
}

json health_json(const MapSnapshot& s) {
    json regions = json::object();
    for (layers::Level l : all_levels)
        regions[std::string(layers::level_name(l))] = s.level(l).regions.size();
    json j = {{"status", "ok"},
              {"regions", regions},
              {"cases", s.case_count()},
              {"stored_periods", s.stored_periods()},
              {"census", s.census_json().has_value()},
              {"findings", s.findings().size()}};
    if (s.bounds()) j["bounds"] = {s.bounds()->west, s.bounds()->south, s.bounds()->east, s.bounds()->north};
    return j;
}

json periods_json(const MapSnapshot& s) {
    json out = json::array();
    for (const std::string& month : s.case_months()) {
        json p = period_json(month);
        p["stored"] = std::find(s.stored_periods().begin(), s.stored_periods().end(), month) !=
                      s.stored_periods().end();
        out.push_back(p);
    }
    return {{"periods", out}};
}

const std::string& region_name(const MapSnapshot& s, layers::Level level, const PeriodResults::Row& row) {
    if (row.name.empty())
        if (const MapRegion* r = s.level(level).find(row.code)) return r->name;
    return row.name;
}

std::string regions_json(const MapSnapshot& s, const PeriodResults& results, layers::Level level) {
    const std::vector<const PeriodResults::Row*> rows = results.ranked(level);
    std::string out;
    // Room for the rows at once (about 700 bytes each): no copies of a document of a hundred
    // megabytes as it grows, and pages that are only touched once.
    out.reserve(rows.size() * 1024 + 1024);
    JsonWriter w(out);
    const RowLayout layout(results);
    w.begin_object();
    w.key("period").raw(period_json(results.period).dump());
    w.key("level").string(layers::level_name(level));
    w.key("regions").begin_array();
    for (const auto* row : rows) write_row(w, results, layout, *row, region_name(s, level, *row));
    w.end_array();
    w.end_object();
    w.finish();
    return out;
}

std::vector<RankedRegion> ranked_by(const MapSnapshot& s, const PeriodResults& results, layers::Level level,
                                    const MapIndicator& indicator, const rules::Rules& rules) {
    const ShadeColumns columns = ShadeColumns::of(results, indicator);
    std::vector<RankedRegion> ranked;
    for (const PeriodResults::Row* row : results.ranked(level))
        ranked.push_back(
            {row, &region_name(s, level, *row), shade_of(&results, row, indicator, columns, rules, 0).value});
    std::stable_sort(ranked.begin(), ranked.end(), [](const RankedRegion& a, const RankedRegion& b) {
        if (!a.value || !b.value) return a.value.has_value() && !b.value.has_value();
        return *a.value > *b.value;
    });
    return ranked;
}

std::string ranking_json(const MapSnapshot& s, const PeriodResults& results, layers::Level level,
                         const MapIndicator& indicator, std::string_view query, std::size_t limit,
                         const rules::Rules& rules) {
    const std::vector<RankedRegion> ranked = ranked_by(s, results, level, indicator, rules);
    std::string out;
    JsonWriter w(out);
    const RowLayout layout(results);
    w.begin_object();
    w.key("period").raw(period_json(results.period).dump());
    w.key("level").string(layers::level_name(level));
    w.key("indicator").string(indicator.id);
    w.key("total").integer(static_cast<long long>(ranked.size()));
    w.key("regions").begin_array();
    long long matching = 0;
    for (std::size_t i = 0; i < ranked.size(); ++i) {
        const RankedRegion& r = ranked[i];
        if (!query.empty() && r.row->code.find(query) == std::string::npos &&
            r.name->find(query) == std::string::npos)
            continue;
        if (static_cast<std::size_t>(matching++) < limit)
            write_row(w, results, layout, *r.row, *r.name, static_cast<long long>(i + 1));
    }
    w.end_array();
    w.key("matching").integer(matching);
    w.end_object();
    w.finish();
    return out;
}

std::optional<json> region_json(const MapSnapshot& s, const PeriodResults* results, const std::string& code) {
    auto level = level_of_code(code);
    if (!level) return std::nullopt;
    const MapRegion* region = s.level(*level).find(code);
    if (!region) return std::nullopt;
    json j = {{"region", region_entry(*region, *level, results)}};
    if (results) j["period"] = period_json(results->period);
    j["parent"] = nullptr;
    if (*level != layers::Level::district) {
        auto up = static_cast<layers::Level>(static_cast<int>(*level) - 1);
        if (auto pc = layers::parent_code(code, up))
            if (const MapRegion* parent = s.level(up).find(*pc)) {
                json p = region_entry(*parent, up, results);
                j["parent"] = {{"level", p["level"]},
                               {"code", p["code"]},
                               {"name", p["name"]},
                               {"grade", p["grade"]},
                               {"colour", p["colour"]}};
            }
    }
    json children = json::array();
    if (*level != layers::Level::grid) {
        auto down = static_cast<layers::Level>(static_cast<int>(*level) + 1);
        for (const MapRegion& c : s.level(down).regions)
            if (c.code.size() > code.size() && c.code.compare(0, code.size(), code) == 0)
                children.push_back(region_entry(c, down, results));
    }
    j["children"] = children;
    j["bbox"] = bbox_json(region->shape.bounds());
    j["outline"] = outline_json(region->shape);
    return j;
}

std::optional<json> history_json(const MapSnapshot& s, const std::string& code) {
    auto level = level_of_code(code);
    if (!level) return std::nullopt;
    const MapRegion* region = s.level(*level).find(code);
    if (!region) return std::nullopt;
    json history = json::array();
    for (const std::string& period : s.stored_periods()) {
        auto results = s.results(period);
        if (!results) continue;
        const auto* row = results->find(*level, code);
        if (!row) continue;
        history.push_back({{"period", period},
                           {"composite", value_or_null(*results, *row, "composite")},
                           {"closure_rate", value_or_null(*results, *row, "closure_rate")},
                           {"on_time_rate", value_or_null(*results, *row, "on_time_rate")},
                           {"satisfaction_rate", value_or_null(*results, *row, "satisfaction_rate")},
                           {"filed", value_or_null(*results, *row, "filed")},
                           {"grade", row->grade.empty() ? json(nullptr) : json(row->grade)},
                           {"colour", row->colour}});
    }
    return json{{"level", std::string(layers::level_name(*level))},
                {"code", code},
                {"name", region->name},
                {"history", history}};
}

std::optional<json> census_json(const MapSnapshot& s, const std::optional<std::string>& district) {
    if (!s.census_json()) return std::nullopt;
    json report = json::parse(*s.census_json());
    if (!district) return report;
    json kept = json::array();
    for (const json& d : report["districts"])
        if (d.value("code", "") == *district) kept.push_back(d);
    if (kept.empty()) return std::nullopt;
    report["districts"] = kept;
    return report;
}

std::string findings_json(const MapSnapshot& s, const std::optional<std::string>& district,
                          const std::optional<std::string>& grid) {
    std::vector<const MapFinding*> found;
    if (grid) {
        for (std::size_t i : s.findings_of_grid(*grid))
            if (!district || s.findings()[i].district == *district) found.push_back(&s.findings()[i]);
    } else {
        for (const MapFinding& f : s.findings())
            if (!district || f.district == *district) found.push_back(&f);
    }
    std::string out;
    JsonWriter w(out);
    w.begin_object();
    if (district) w.key("district").string(*district);
    if (grid) w.key("grid").string(*grid);
    w.key("count").integer(static_cast<long long>(found.size()));
    w.key("findings").begin_array();
    for (const MapFinding* f : found) {
        w.begin_object();
        w.key("rule").string(f->rule);
        w.key("severity").string(f->severity);
        w.key("district").string(f->district);
        w.key("code").string(f->code);
        w.key("other_code").string(f->other_code);
        f->area_m2 ? void(w.key("area_m2").number(*f->area_m2)) : void(w.key("area_m2").null());
        w.key("message").string(f->message);
        f->grid.empty() ? void(w.key("grid").null()) : void(w.key("grid").string(f->grid));
        w.key("lonlat");
        if (f->lonlat)
            w.begin_array().number(f->lonlat->x).number(f->lonlat->y).end_array();
        else
            w.null();
        w.end_object();
    }
    w.end_array();
    w.end_object();
    w.finish();
    return out;
}

json legend_json(const rules::Rules& rules) {
    json grades = json::array();
    for (const auto& g : rules.grades)
        grades.push_back({{"grade", g.grade}, {"min", g.min}, {"colour", g.colour}, {"label", g.label}});
    json indicators = json::array();
    for (const MapIndicator& i : map_indicators())
        indicators.push_back(
            {{"id", i.id}, {"label", i.label}, {"formula", i.formula}, {"graded", i.graded}});
    json ramp = json::array();
    for (const RampClass& c : per_grid_ramp())
        ramp.push_back(
            {{"up_to", std::isinf(c.up_to) ? json(nullptr) : json(c.up_to)}, {"colour", c.colour}});
    json layers_list = json::array();
    for (MapLayer l : all_map_layers()) layers_list.push_back(std::string(map_layer_name(l)));
    json coverage = json::array();
    for (const census::CoverageStatus& c : census::coverage_statuses())
        coverage.push_back({{"status", c.status}, {"colour", c.colour}, {"label", c.label}});
    json hotspot = json::array();
    for (const assess::HotspotClass& c : assess::hotspot_classes())
        hotspot.push_back({{"class", c.id}, {"colour", c.colour}, {"label", c.label}});
    json heat = {{"bandwidth_m", heat_bandwidth_m}, {"ramp", heat_ramp()}};
    return {{"grades", grades},      {"not_assessed", rules.not_assessed_colour},
            {"coverage", coverage},  {"indicators", indicators},
            {"per_grid_ramp", ramp}, {"layers", layers_list},
            {"hotspot", hotspot},    {"heat", heat}};
}

} // namespace wangge::engine
