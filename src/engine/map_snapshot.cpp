#include "src/engine/map_snapshot.hpp"

#include "geo/error.hpp"
#include "geo/tile/tile_math.hpp"
#include "layers/dates.hpp"
#include "layers/schema.hpp"
#include "layers/store.hpp"
#include "layers/text.hpp"
#include "src/assess/assessment_table.hpp"
#include "src/assess/period.hpp"
#include "src/census/findings_table.hpp"
#include "tiles/property_table.hpp"

#include <boost/sort/spreadsort/integer_sort.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <set>

namespace wangge::engine {
namespace {

constexpr layers::LayerKind level_layers[] = {layers::LayerKind::districts, layers::LayerKind::streets,
                                              layers::LayerKind::communities, layers::LayerKind::grids};
constexpr const char* coverage_table = "grid_coverage";
constexpr int bucket_zoom = 12;

std::uint32_t bucket_cell(double v) {
    double n = static_cast<double>(1u << bucket_zoom);
    double c = std::floor((v + geo::mercator_half_extent) / (2 * geo::mercator_half_extent) * n);
    return static_cast<std::uint32_t>(std::clamp(c, 0.0, n - 1));
}

double now_seconds() {
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

/// Region geometries of one level, in Web Mercator.
LevelMap read_level(layers::Workspace& ws, layers::LayerKind kind, const geo::Transformer& to_mercator) {
    LevelMap out;
    const auto& schema = layers::schema_of(kind);
    std::size_t code = schema.index("code"), name = schema.index("name");
    ws.for_each(kind, [&](const layers::Record& r) {
        if (!r.geometry_problem.empty() || r.wkb.empty() || !r.values[code]) return;
        geo::PolygonRings source;
        try {
            source = geo::PolygonRings::from_wkb(r.wkb);
        } catch (const Error&) {
            return; // validate reports unreadable geometries; the map leaves them out
        }
        auto parts = source.parts();
        for (auto& part : parts)
            for (geo::Ring& ring : part) {
                std::vector<double> xs(ring.size()), ys(ring.size());
                for (std::size_t i = 0; i < ring.size(); ++i) xs[i] = ring[i].x, ys[i] = ring[i].y;
                if (!to_mercator.transform(xs, ys)) return;
                for (std::size_t i = 0; i < ring.size(); ++i) ring[i] = {xs[i], ys[i]};
            }
        MapRegion region;
        region.fid = r.fid;
        region.code = *r.values[code];
        region.name = r.values[name].value_or("");
        region.shape = geo::PolygonRings::from_parts(std::move(parts));
        if (region.shape.empty()) return;
        region.label_at = region.shape.interior_point();
        out.by_code.emplace(region.code, out.regions.size());
        out.regions.push_back(std::move(region));
    });
    std::vector<geo::Box> boxes;
    boxes.reserve(out.regions.size());
    for (const MapRegion& r : out.regions) boxes.push_back(r.shape.bounds());
    out.index = std::make_unique<geo::EnvelopeIndex>(boxes);
    return out;
}

std::vector<MapCase> read_cases(layers::Workspace& ws, const geo::Transformer& to_mercator,
                                std::vector<std::string>& months) {
    std::vector<MapCase> out;
    const auto& schema = layers::schema_of(layers::LayerKind::cases);
    std::size_t reported = schema.index("reported_at"), filed = schema.index("filed_at");
    std::vector<double> xs, ys;
    ws.for_each(layers::LayerKind::cases, [&](const layers::Record& r) {
        if (!r.geometry_problem.empty()) return;
        MapCase c;
        if (r.values[reported]) c.reported_at = layers::local_seconds(*r.values[reported]);
        if (r.values[filed]) c.filed_at = layers::local_seconds(*r.values[filed]);
        xs.push_back(r.x);
        ys.push_back(r.y);
        out.push_back(c);
    });
    to_mercator.transform(xs, ys);
    std::set<std::string> seen;
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i].at = {xs[i], ys[i]};
        if (out[i].filed_at) seen.insert(layers::format_local(out[i].filed_at).substr(0, 7));
    }
    // Points that would not transform (HUGE_VAL) cannot be drawn.
    std::erase_if(out, [](const MapCase& c) { return !std::isfinite(c.at.x) || std::fabs(c.at.x) > 1e8; });
    months.assign(seen.begin(), seen.end());
    return out;
}

/// A number of a stored result table. A value that is not one (a workspace edited by hand) is
/// named with its table and column.
double stored_number(std::string_view text, const std::string& table, const std::string& column) {
    auto v = layers::parse_real(text);
    if (!v)
        throw InputError("the workspace's table " + table + " holds '" + layers::printable(text) + "' in " +
                         column + ", which is not a number");
    return *v;
}

/// The columns of a stored table a reader wants, by name, resolved once its columns are known.
class NamedColumns {
public:
    explicit NamedColumns(std::initializer_list<const char*> names) : m_names(names), m_at(names.size()) {}
    void resolve(const std::vector<layers::ResultTable::Column>& table) {
        for (std::size_t k = 0; k < m_names.size(); ++k)
            for (std::size_t i = 0; i < table.size(); ++i)
                if (table[i].name == m_names[k]) m_at[k] = i;
    }
    /// The index of the k-th name in the table; nullopt when it lacks it.
    std::optional<std::size_t> operator[](std::size_t k) const { return m_at[k]; }
    const char* name(std::size_t k) const { return m_names[k]; }

private:
    std::vector<const char*> m_names;
    std::vector<std::optional<std::size_t>> m_at;
};

std::unordered_map<std::string, GridCoverage> read_coverage(layers::Workspace& ws) {
    std::unordered_map<std::string, GridCoverage> out;
    enum : std::size_t { grid, district, status, colour, as_of, components, classes, stale, share };
    NamedColumns col{"grid_code",  "district", "status", "colour",     "as_of",
                     "components", "classes",  "stale",  "stale_share"};
    ws.scan_table(
        coverage_table, std::nullopt, [&](const auto& table) { col.resolve(table); },
        [&](std::span<const std::string_view> row) {
            if (!col[grid] || !col[status] || !col[colour]) return;
            auto text = [&](std::size_t k) { return col[k] ? std::string(row[*col[k]]) : std::string(); };
            auto number = [&](std::size_t k) {
                return col[k] && !row[*col[k]].empty()
                           ? stored_number(row[*col[k]], coverage_table, col.name(k))
                           : 0.0;
            };
            GridCoverage c;
            c.grid_code = text(grid);
            c.status = text(status);
            c.colour = text(colour);
            c.district = text(district);
            c.as_of = text(as_of);
            c.components = static_cast<long long>(number(components));
            c.classes = static_cast<long long>(number(classes));
            c.stale = static_cast<long long>(number(stale));
            c.stale_share = number(share);
            out.emplace(c.grid_code, std::move(c));
        });
    return out;
}

std::vector<MapFinding> read_findings(layers::Workspace& ws, const geo::Transformer* to_mercator) {
    std::vector<MapFinding> out;
    enum : std::size_t { rule, severity, district, code, other_code, area, message, x, y };
    NamedColumns col{"rule", "severity", "district", "code", "other_code", "area_m2", "message", "x", "y"};
    bool complete = false;
    std::vector<std::size_t> located; // the findings with a point, whose xs and ys follow
    std::vector<double> xs, ys;
    ws.scan_table(
        census::findings_table_name, std::nullopt,
        [&](const auto& table) {
            col.resolve(table);
            complete = true;
            for (std::size_t k = rule; k <= y; ++k) complete = complete && col[k];
        },
        [&](std::span<const std::string_view> row) {
            if (!complete) return;
            auto text = [&](std::size_t k) { return std::string(row[*col[k]]); };
            auto number = [&](std::size_t k) {
                return stored_number(row[*col[k]], census::findings_table_name, col.name(k));
            };
            MapFinding& f =
                out.emplace_back(MapFinding{text(rule), text(severity), text(district), text(code),
                                            text(other_code), text(message), std::nullopt, std::nullopt, ""});
            if (!row[*col[area]].empty()) f.area_m2 = number(area);
            if (to_mercator && !row[*col[x]].empty() && !row[*col[y]].empty()) {
                located.push_back(out.size() - 1);
                xs.push_back(number(x));
                ys.push_back(number(y));
            }
            if (f.rule.rfind("grid.", 0) == 0) f.grid = f.code;
        });
    // All the points at once: one call of the transformation, not one a finding.
    if (!located.empty() && to_mercator->transform(xs, ys))
        for (std::size_t i = 0; i < located.size(); ++i)
            out[located[i]].lonlat = geo::XY{xs[i], ys[i]}; // Web Mercator for now
    return out;
}

/// Stored periods oldest first: by start, and of two that start together the longer first (a
/// year, then its January), so that the last is the newest and the finest. Text that names no
/// period (written to the table by hand) goes first, as it is.
std::vector<std::string> oldest_first(std::vector<std::string> ids) {
    struct Keyed {
        long long start, end;
        std::string id;
    };
    std::vector<Keyed> keyed;
    for (std::string& id : ids) {
        Keyed k{std::numeric_limits<long long>::min(), 0, std::move(id)};
        try {
            const assess::Period p = assess::parse_period(k.id);
            k.start = p.start, k.end = p.end;
        } catch (const UsageError&) {
        }
        keyed.push_back(std::move(k));
    }
    std::stable_sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) {
        return a.start != b.start ? a.start < b.start : a.end > b.end;
    });
    ids.clear();
    for (Keyed& k : keyed) ids.push_back(std::move(k.id));
    return ids;
}

} // namespace

const MapRegion* MapSnapshot::region_at(layers::Level level, geo::XY p) const {
    for (const MapRegion* r : this->level(level).in({p.x, p.y, p.x, p.y}))
        if (r->shape.contains(p)) return r;
    return nullptr;
}

const std::vector<std::size_t>& MapSnapshot::findings_of_grid(const std::string& grid) const {
    static const std::vector<std::size_t> none;
    auto it = m_findings_by_grid.find(grid);
    return it == m_findings_by_grid.end() ? none : it->second;
}

const MapRegion* LevelMap::find(const std::string& code) const {
    auto it = by_code.find(code);
    return it == by_code.end() ? nullptr : &regions[it->second];
}

std::vector<const MapRegion*> LevelMap::in(const geo::Box& box) const {
    std::vector<const MapRegion*> out;
    if (!index) return out;
    std::vector<std::size_t> hits;
    index->query(box, hits);
    // Storage order: deterministic drawing. A radix sort: a zoom-12 tile holds thousands of grids.
    boost::sort::spreadsort::integer_sort(hits.begin(), hits.end());
    out.reserve(hits.size());
    for (std::size_t i : hits) out.push_back(&regions[i]);
    return out;
}

const PeriodResults::Row* PeriodResults::find(layers::Level level, const std::string& code) const {
    const auto& index = m_by_code[static_cast<std::size_t>(level)];
    auto it = index.find(code);
    return it == index.end() ? nullptr : &rows[it->second];
}

std::optional<double> PeriodResults::number(const Row& row, std::string_view column) const {
    return number_at(row, this->column(column));
}

std::optional<std::size_t> PeriodResults::column(std::string_view name) const {
    auto it = m_column.find(name);
    if (it == m_column.end()) return std::nullopt;
    return it->second;
}

std::shared_ptr<const MapSnapshot> MapSnapshot::load(const std::string& workspace, double wait_seconds,
                                                     const SnapshotScope& scope) {
    std::shared_ptr<MapSnapshot> s(new MapSnapshot());
    s->m_workspace = workspace;
    s->m_wait_seconds = wait_seconds;
    s->m_version = layers::workspace_version(workspace);
    auto ws = layers::open_workspace(workspace, {wait_seconds});
    std::optional<geo::Transformer> to_mercator;
    if (ws->crs()) {
        to_mercator.emplace(*ws->crs(), "EPSG:3857");
        for (std::size_t i = 0; i < 4; ++i)
            if (scope.levels[i]) s->m_levels[i] = read_level(*ws, level_layers[i], *to_mercator);
        if (scope.cases) s->m_cases = read_cases(*ws, *to_mercator, s->m_case_months);
        for (std::size_t i = 0; i < s->m_cases.size(); ++i) {
            const geo::XY& p = s->m_cases[i].at;
            std::uint64_t k = std::uint64_t{bucket_cell(p.x)} << 32 | bucket_cell(p.y);
            s->m_case_buckets[k].push_back(static_cast<std::uint32_t>(i));
        }
    }
    const LevelMap& grids = s->level(layers::Level::grid);
    if (!grids.regions.empty()) {
        constexpr double inf = std::numeric_limits<double>::infinity();
        geo::Box b{inf, inf, -inf, -inf};
        for (const MapRegion& r : grids.regions) {
            b.min_x = std::min(b.min_x, r.shape.bounds().min_x),
            b.min_y = std::min(b.min_y, r.shape.bounds().min_y);
            b.max_x = std::max(b.max_x, r.shape.bounds().max_x),
            b.max_y = std::max(b.max_y, r.shape.bounds().max_y);
        }
        geo::XY sw = geo::mercator_to_lonlat(b.min_x, b.min_y),
                ne = geo::mercator_to_lonlat(b.max_x, b.max_y);
        s->m_bounds = geo::LonLatBox{sw.x, sw.y, ne.x, ne.y};
    }
    s->m_stored_periods = oldest_first(ws->distinct_values(assess::results_table, "period"));
    if (!scope.census) return s;
    s->m_coverage = read_coverage(*ws);
    s->m_census_json = ws->document("census");
    s->m_findings = read_findings(*ws, to_mercator ? &*to_mercator : nullptr);
    for (std::size_t i = 0; i < s->m_findings.size(); ++i) {
        MapFinding& f = s->m_findings[i];
        if (f.lonlat) {
            geo::XY m = *f.lonlat;
            if (f.grid.empty())
                if (const MapRegion* g = s->region_at(layers::Level::grid, m)) f.grid = g->code;
            f.lonlat = geo::mercator_to_lonlat(m.x, m.y);
        }
        if (!f.grid.empty()) s->m_findings_by_grid[f.grid].push_back(i);
    }
    return s;
}

std::vector<std::size_t> MapSnapshot::cases_in(const geo::Box& box) const {
    std::vector<std::size_t> out;
    std::uint32_t x0 = bucket_cell(box.min_x), x1 = bucket_cell(box.max_x);
    std::uint32_t y0 = bucket_cell(box.min_y), y1 = bucket_cell(box.max_y);
    if (std::uint64_t{x1 - x0 + 1} * (y1 - y0 + 1) > m_case_buckets.size()) {
        for (std::size_t i = 0; i < m_cases.size(); ++i) {
            const geo::XY& p = m_cases[i].at;
            if (p.x >= box.min_x && p.x <= box.max_x && p.y >= box.min_y && p.y <= box.max_y)
                out.push_back(i);
        }
        return out;
    }
    for (std::uint32_t x = x0; x <= x1; ++x)
        for (std::uint32_t y = y0; y <= y1; ++y) {
            auto it = m_case_buckets.find(std::uint64_t{x} << 32 | y);
            if (it == m_case_buckets.end()) continue;
            for (std::uint32_t i : it->second) {
                const geo::XY& p = m_cases[i].at;
                if (p.x >= box.min_x && p.x <= box.max_x && p.y >= box.min_y && p.y <= box.max_y)
                    out.push_back(i);
            }
        }
    std::sort(out.begin(), out.end());
    return out;
}

std::shared_ptr<const PeriodResults> MapSnapshot::results(const std::string& period) const {
    std::lock_guard lock(m_results_mutex);
    if (auto it = m_results.find(period); it != m_results.end()) return it->second;
    if (std::find(m_stored_periods.begin(), m_stored_periods.end(), period) == m_stored_periods.end())
        return nullptr;
    auto ws = layers::open_workspace(m_workspace, {m_wait_seconds});
    auto out = std::make_shared<PeriodResults>();
    out->period = period;
    std::vector<std::size_t> numeric;
    std::optional<std::size_t> level, code, name, region_class, grade, colour, hotspot;
    const std::pair<std::string_view, std::optional<std::size_t>*> text_columns[] = {
        {"level", &level},
        {"code", &code},
        {"name", &name},
        {"region_class", &region_class},
        {"grade", &grade},
        {"colour", &colour},
        {"hotspot_class", &hotspot}};
    auto columns = [&](const std::vector<layers::ResultTable::Column>& cols) {
        for (std::size_t i = 0; i < cols.size(); ++i) {
            const auto& c = cols[i];
            auto text = std::find_if(std::begin(text_columns), std::end(text_columns),
                                     [&](const auto& t) { return t.first == c.name; });
            if (text != std::end(text_columns))
                *text->second = i;
            else if (c.type != layers::ResultTable::Type::text && c.name != "fid") {
                out->m_column.emplace(c.name, out->numeric_columns.size());
                out->numeric_columns.push_back(c.name);
                numeric.push_back(i);
            }
        }
        if (!level || !code)
            throw BackendError(layers::redact_uri(m_workspace) + ": " + assess::results_table +
                               " lacks level or code");
    };
    // Row by row: a big city's period is 229,000 rows, held here as numbers rather than as text.
    auto row = [&](std::span<const std::string_view> values) {
        auto lv = layers::parse_level(values[*level]);
        if (!lv) return;
        PeriodResults::Row r;
        r.level = *lv;
        r.code = values[*code];
        if (name) r.name = values[*name];
        if (region_class) r.region_class = values[*region_class];
        if (grade) r.grade = values[*grade];
        if (colour) r.colour = values[*colour];
        if (hotspot) r.hotspot_class = values[*hotspot];
        r.numbers.reserve(numeric.size());
        for (std::size_t k = 0; k < numeric.size(); ++k) {
            const std::string_view v = values[numeric[k]];
            r.numbers.push_back(v.empty() ? std::numeric_limits<double>::quiet_NaN()
                                          : stored_number(v, assess::results_table, out->numeric_columns[k]));
        }
        out->m_by_code[static_cast<std::size_t>(r.level)].emplace(r.code, out->rows.size());
        out->rows.push_back(std::move(r));
    };
    if (!ws->scan_table(assess::results_table, layers::RowFilter{"period", period}, columns, row))
        return nullptr;
    for (std::size_t l = 0; l < 4; ++l) {
        const auto& regions = m_levels[l].regions;
        auto& rows_of = out->m_row_of_region[l];
        rows_of.assign(regions.size(), -1);
        for (std::size_t i = 0; i < regions.size(); ++i)
            if (auto it = out->m_by_code[l].find(regions[i].code); it != out->m_by_code[l].end())
                rows_of[i] = static_cast<std::int32_t>(it->second);
    }
    m_results.emplace(period, out);
    return out;
}

std::vector<const PeriodResults::Row*> PeriodResults::ranked(layers::Level level) const {
    std::vector<const Row*> out;
    for (const Row& r : rows)
        if (r.level == level) out.push_back(&r);
    const auto composite = column("composite");
    std::sort(out.begin(), out.end(), [&](const Row* a, const Row* b) {
        if (a->grade.empty() != b->grade.empty()) return b->grade.empty();
        const double ca = number_at(*a, composite).value_or(-1), cb = number_at(*b, composite).value_or(-1);
        if (ca != cb) return ca > cb;
        return a->code < b->code;
    });
    return out;
}

double MapSnapshot::memo(const std::string& key, const std::function<double()>& compute) const {
    {
        std::lock_guard lock(m_memo_mutex);
        if (auto it = m_memo.find(key); it != m_memo.end()) return it->second;
    }
    double v = compute(); // outside the lock: two threads may compute the same value once each
    std::lock_guard lock(m_memo_mutex);
    return m_memo.emplace(key, v).first->second;
}

std::shared_ptr<const tiles::PropertyTable>
MapSnapshot::property_table(const std::string& key,
                            const std::function<tiles::PropertyTable()>& build) const {
    {
        std::lock_guard lock(m_tables_mutex);
        for (auto it = m_tables.begin(); it != m_tables.end(); ++it)
            if (it->first == key) {
                m_tables.splice(m_tables.begin(), m_tables, it);
                return it->second;
            }
    }
    // Built outside the lock: other tiles go on meanwhile; two threads may build one table twice.
    auto table = std::make_shared<const tiles::PropertyTable>(build());
    std::lock_guard lock(m_tables_mutex);
    for (const auto& [k, t] : m_tables)
        if (k == key) return t;
    m_tables.emplace_front(key, table);
    std::size_t bytes = 0;
    for (auto it = m_tables.begin(); it != m_tables.end(); ++it) {
        bytes += it->second->bytes();
        if (bytes > property_table_bytes && it != m_tables.begin()) {
            m_tables.erase(it, m_tables.end());
            break;
        }
    }
    return table;
}

MapModel::MapModel(std::string workspace, double check_seconds, Source source)
    : m_workspace(std::move(workspace)), m_check_seconds(check_seconds), m_source(std::move(source)) {
    if (!m_source.load) m_source.load = [](const std::string& ws) { return MapSnapshot::load(ws); };
    if (!m_source.version)
        m_source.version = [](const std::string& ws) { return layers::workspace_version(ws); };
}

std::shared_ptr<const MapSnapshot> MapModel::current() {
    std::unique_lock lock(m_mutex);
    if (!m_snapshot) {
        // Nothing to serve yet: wait for a load under way, or load.
        m_loaded.wait(lock, [&] { return !m_loading; });
        if (m_snapshot) return m_snapshot;
        return load_unlocked(lock);
    }
    double now = now_seconds();
    if (m_loading || now - m_checked_at < m_check_seconds) return m_snapshot;
    m_checked_at = now;
    if (m_source.version(m_workspace) == m_snapshot->version()) return m_snapshot;
    return load_unlocked(lock);
}

std::shared_ptr<const MapSnapshot> MapModel::load_unlocked(std::unique_lock<std::mutex>& lock) {
    m_loading = true;
    lock.unlock();
    std::shared_ptr<const MapSnapshot> fresh;
    try {
        fresh = m_source.load(m_workspace);
    } catch (...) {
        lock.lock();
        m_loading = false;
        m_loaded.notify_all();
        throw;
    }
    lock.lock();
    m_snapshot = std::move(fresh);
    m_checked_at = now_seconds();
    m_loading = false;
    m_loaded.notify_all();
    return m_snapshot;
}

void MapModel::invalidate() {
    std::lock_guard lock(m_mutex);
    m_snapshot.reset();
}

} // namespace wangge::engine
