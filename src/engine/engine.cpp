#include "src/engine/engine.hpp"

#include "geo/error.hpp"
#include "geo/json_writer.hpp"
#include "geo/phase_timer.hpp"
#include "layers/dates.hpp"
#include "layers/output_file.hpp"
#include "layers/store.hpp"
#include "layers/text.hpp"
#include "src/assess/assessment_output.hpp"
#include "src/assess/assessment_table.hpp"
#include "src/assess/bulletin.hpp"
#include "src/census/findings_table.hpp"
#include "src/engine/map_layers.hpp"
#include "src/engine/map_snapshot.hpp"
#include "src/rules/calendar.hpp"
#include "src/rules/catalog.hpp"
#include "src/rules/rules.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <optional>

namespace wangge::engine {

std::string data_dir() {
    if (const char* env = std::getenv("WANGGE_DATA_DIR"); env && *env) return env;
#ifdef WANGGE_SOURCE_DATA_DIR
    if (std::filesystem::exists(WANGGE_SOURCE_DATA_DIR "/rules.json")) return WANGGE_SOURCE_DATA_DIR;
#endif
    return "data";
}

RuleFiles RuleFiles::with(const std::optional<std::string>& rules, const std::optional<std::string>& catalog,
                          const std::optional<std::string>& calendar) {
    const std::string data = data_dir();
    return {rules.value_or(data + "/rules.json"), catalog.value_or(data + "/catalog.csv"),
            calendar.value_or(data + "/calendar")};
}

census::CensusReport validate(const ValidateRequest& rq) {
    if (!layers::parse_date(rq.as_of) || *layers::parse_date(rq.as_of) != rq.as_of)
        throw UsageError("--as-of " + rq.as_of + ": expected YYYY-MM-DD");
    // Refuse unwritable outputs, and outputs that would replace an input, before the long run.
    std::vector<layers::OutputPath> outputs;
    if (rq.json) outputs.push_back({{"--json", *rq.json}, {}});
    if (rq.findings) outputs.push_back({{"--findings", *rq.findings}, census::findings_format});
    layers::check_outputs(outputs, {{"the workspace", rq.workspace},
                                    {"the rules file", rq.files.rules},
                                    {"the catalogue", rq.files.catalog}});
    auto rules = rules::Rules::load(rq.files.rules);
    auto catalog = rules::Catalog::load(rq.files.catalog);
    auto ws = layers::open_workspace(rq.workspace, {rq.wait_seconds});
    census::CensusOptions options = census::CensusOptions::from_rules(rules, rq.as_of);
    census::CensusReport report = census::run_census(*ws, options, catalog, rules, rq.district);

    std::string json = census::census_json(report);
    if (rq.json) layers::write_text_output(*rq.json, json);
    if (rq.findings) census::write_findings(report.findings, *rq.findings, ws->crs().value_or("EPSG:4547"));
    if (!rq.district) {
        ws->store_coverage(census::coverage_columns(), census::coverage_rows(report));
        ws->replace_table(census::findings_table_columns(), census::findings_rows(report.findings));
        ws->put_document("census", json);
    }
    return report;
}

namespace {

/// What the bulletin says besides the assessment: who issues it and when, the previous stored
/// period's district composites, the departments' names (from the components' census).
assess::BulletinContext bulletin_context(layers::Workspace& ws, const AssessRequest& rq,
                                         const rules::Rules& rules) {
    assess::BulletinContext ctx;
    ctx.rules = &rules;
    ctx.issuer = rq.issuer.value_or(rules.bulletin_issuer);
    ctx.issued_on = rq.issued_on.value_or(layers::today_local());
    // The latest stored period of the same kind (month, quarter …) that starts before this one.
    long long previous_start = 0;
    for (const std::string& id : ws.distinct_values(assess::results_table, "period")) {
        assess::Period p;
        try {
            p = assess::parse_period(id);
        } catch (const UsageError&) {
            continue; // not a period: written to the table by hand
        }
        if (p.kind == rq.period.kind && p.start < rq.period.start &&
            (ctx.previous_period.empty() || p.start > previous_start))
            ctx.previous_period = p.id, previous_start = p.start;
    }
    if (!ctx.previous_period.empty())
        if (auto rows = ws.table(assess::results_table, layers::RowFilter{"period", ctx.previous_period})) {
            auto column = [&](const char* name) {
                for (std::size_t i = 0; i < rows->columns.size(); ++i)
                    if (rows->columns[i].name == name) return i;
                throw BackendError(std::string("the stored results lack ") + name);
            };
            std::size_t level = column("level"), code = column("code"), composite = column("composite");
            for (const auto& r : rows->rows)
                if (r[level] == "district" && !r[composite].empty())
                    if (auto v = layers::parse_real(r[composite])) ctx.previous_composite[r[code]] = *v;
        }
    for (const auto& row : ws.distinct_rows("components", {"dept_code", "dept_name"}))
        if (!row[1].empty()) ctx.department_names.emplace(row[0], row[1]);
    return ctx;
}

/// A small result table (departments, staff) with one period's rows in place of the period's stored
/// ones, the other periods' rows kept; only the period's when the stored table has other columns
/// (an older layout).
layers::ResultTable with_period_rows(layers::Workspace& ws, layers::ResultTable rows,
                                     const std::string& period) {
    if (auto stored = ws.table(rows.name)) {
        bool same_columns = stored->columns.size() == rows.columns.size();
        for (std::size_t c = 0; same_columns && c < rows.columns.size(); ++c)
            same_columns = stored->columns[c].name == rows.columns[c].name;
        if (same_columns) {
            std::vector<std::vector<std::string>> kept;
            for (auto& row : stored->rows)
                if (row[0] != period) kept.push_back(std::move(row));
            rows.rows.insert(rows.rows.begin(), std::make_move_iterator(kept.begin()),
                             std::make_move_iterator(kept.end()));
        }
    }
    return rows;
}

} // namespace

assess::Assessment assess(const AssessRequest& rq) {
    PhaseTimer timer;
    std::vector<layers::OutputPath> outputs;
    if (rq.json) outputs.push_back({{"--json", *rq.json}, {}});
    if (rq.csv) outputs.push_back({{"--csv", *rq.csv}, {}});
    if (rq.xlsx) outputs.push_back({{"--xlsx", *rq.xlsx}, {}});
    layers::check_outputs(outputs, {{"the workspace", rq.workspace},
                                    {"the rules file", rq.files.rules},
                                    {"the catalogue", rq.files.catalog},
                                    {"the calendar", rq.files.calendar}});
    auto rules = rules::Rules::load(rq.files.rules);
    auto catalog = rules::Catalog::load(rq.files.catalog);
    auto calendar = rules::WorkingCalendar::load(rq.files.calendar);
    auto ws = layers::open_workspace(rq.workspace, {rq.wait_seconds});
    assess::CaseLog log = assess::CaseLog::load(*ws, catalog, calendar, rules);
    timer.lap("load and locate cases");
    if (assess::cases_touching(log, rq.period) == 0)
        throw InputError("no case of " + ws->uri() + " was reported, filed, closed or due in " +
                         rq.period.id + " (" + std::to_string(log.cases.size()) + " cases in the log)");
    assess::Assessment result = assess::assess(log, rq.period, rules, calendar);
    for (const std::string& g : log.unusable_grids)
        result.warnings.push_back(g + "; cases there count as in no grid");
    timer.lap("assess");
    std::optional<assess::BulletinContext> context;
    if (rq.xlsx) context = bulletin_context(*ws, rq, rules); // the workspace is the store's from here on
    // The files and the stored rows come from the same finished assessment: the files are written
    // on a thread of their own while the rows are stored, and the store commits only once they
    // are, so that a failure of either leaves the workspace as it was.
    std::future<double> files = std::async(std::launch::async, [&] {
        const auto start = std::chrono::steady_clock::now();
        if (rq.json)
            // Written as it is made: the grid level of a big city is a hundred megabytes of JSON.
            layers::write_stream_output(*rq.json, [&](std::ostream& out) {
                JsonWriter writer([&](std::string_view piece) {
                    out.write(piece.data(), static_cast<std::streamsize>(piece.size()));
                });
                assess::write_assessment_json(result, rq.level, writer);
                out << '\n';
            });
        if (rq.csv)
            layers::write_output(*rq.csv, [&](const std::string& tmp) {
                assess::write_assessment_csv(result, rq.level, tmp);
            });
        if (rq.xlsx)
            layers::write_output(*rq.xlsx, [&](const std::string& tmp) {
                assess::write_bulletin_xlsx(result, *context, tmp);
            });
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    });
    double files_seconds = 0, waited = 0;
    const layers::RowSource rows = assess::assessment_row_source(result);
    const layers::ResultTable people[] = {
        with_period_rows(*ws, assess::department_rows(result), rq.period.id),
        with_period_rows(*ws, assess::staff_rows(result), rq.period.id)};
    timer.lap("departments and staff");
    ws->store_assessment(
        assess::assessment_columns(), rq.period.id,
        [&](const layers::RowEmitter& emit) {
            rows(emit);
            const auto wait = std::chrono::steady_clock::now();
            files_seconds = files.get(); // throws what the files' writing threw, before the commit
            waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - wait).count();
        },
        people);
    // The lap ends when both are done; the store's own time leaves out its wait for the files.
    char beside[128];
    std::snprintf(beside, sizeof beside,
                  "  (the store alone %.3f s; json, csv and workbook beside it: %.3f s)",
                  timer.since_lap() - waited, files_seconds);
    timer.lap("store results", beside);
    return result;
}

bool ensure_assessed(const std::string& workspace, const std::string& period, const RuleFiles& files,
                     double wait_seconds) {
    assess::Period parsed = assess::parse_period(period);
    {
        auto ws = layers::open_workspace(workspace, {wait_seconds});
        auto stored = ws->distinct_values(assess::results_table, "period");
        if (std::find(stored.begin(), stored.end(), parsed.id) != stored.end()) return false;
    }
    AssessRequest rq;
    rq.workspace = workspace;
    rq.period = parsed;
    rq.files = files;
    rq.wait_seconds = wait_seconds;
    assess(rq);
    return true;
}

std::string tile(const TileRequest& rq) {
    const MapLayer layer = require_map_layer(rq.layer);
    auto id = geo::TileId::parse(rq.z, rq.x, rq.y);
    if (!id)
        throw UsageError("tile " + rq.z + "/" + rq.x + "/" + rq.y + " does not exist: zoom 0–" +
                         std::to_string(geo::max_tile_zoom) + ", x and y below 2^zoom");
    if (rq.format != "png" && rq.format != "mvt") throw UsageError("--format must be png or mvt");
    if (rq.scale != 1 && rq.scale != 2) throw UsageError("--scale must be 1 or 2");
    TileQuery q{layer, *id, rq.period, rq.indicator};
    check_tile_query(q);
    if (rq.out)
        layers::check_outputs({{{"--out", *rq.out}, {}}},
                              {{"the workspace", rq.workspace}, {"the rules file", rq.files.rules}});
    auto rules = rules::Rules::load(rq.files.rules);
    if (!q.period.empty() && q.layer != MapLayer::cases) {
        q.period = assess::parse_period(q.period).id;
        ensure_assessed(rq.workspace, q.period, rq.files, rq.wait_seconds);
    }
    auto snapshot = MapSnapshot::load(rq.workspace, rq.wait_seconds, tile_scope(layer));
    std::string bytes =
        draw_tile(*snapshot, q, rq.format == "mvt" ? TileFormat::mvt : TileFormat::png, rq.scale, rules);
    if (rq.out) layers::write_bytes_output(*rq.out, bytes);
    return bytes;
}

layers::ImportReport import(const std::string& workspace, const layers::ImportOptions& options,
                            double wait_seconds) {
    auto ws = layers::open_workspace(workspace, {wait_seconds});
    return layers::import_file(*ws, options);
}

} // namespace wangge::engine
