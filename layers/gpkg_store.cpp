#include "layers/gpkg_store.hpp"

#include "geo/crs.hpp"
#include "geo/error.hpp"
#include "geo/parallel.hpp"
#include "geo/phase_timer.hpp"
#include "geo/sqlite_handles.hpp"
#include "layers/codes.hpp"
#include "layers/dates.hpp"
#include "layers/fault_injection.hpp"
#include "layers/gdal_handles.hpp"
#include "layers/import_commit.hpp"
#include "layers/output_file.hpp"
#include "layers/qgis_style.hpp"
#include "layers/region_derivation.hpp"
#include "layers/rtree_bulk_load.hpp"
#include "layers/rtree_changes.hpp"
#include "layers/sqlite_reader.hpp"
#include "layers/text.hpp"
#include "layers/workspace_styles.hpp"

#include <array>
#include <charconv>
#include <filesystem>
#include <future>
#include <limits>
#include <map>
#include <memory>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

namespace wangge::layers {
namespace {

constexpr const char* meta_table = "wangge_meta";
constexpr const char* submissions_table = "submissions";

OGRFieldType ogr_type(FieldType t) {
    switch (t) {
    case FieldType::integer:
    case FieldType::boolean:
        return OFTInteger;
    default:
        return OFTString;
    }
}

OGRFieldType field_type(ResultTable::Type t) {
    return t == ResultTable::Type::integer ? OFTInteger64
           : t == ResultTable::Type::real  ? OFTReal
                                           : OFTString;
}

class GpkgWorkspace;
GDALDatasetUniquePtr open_dataset(const std::string& path, double wait_seconds);

/// SQLite's "database is locked" means another process holds the write lock.
[[noreturn]] void fail(const std::string& path, const std::string& what, const std::string& detail,
                       double wait_seconds) {
    if (detail.find("database is locked") != std::string::npos ||
        detail.find("database is busy") != std::string::npos) {
        char waited[32];
        std::snprintf(waited, sizeof waited, "%g", wait_seconds);
        throw BackendError(path + ": workspace busy: another process (an import?) is writing it; waited " +
                           waited + " s (wait longer with --wait SECONDS)");
    }
    throw BackendError(path + ": " + what + (detail.empty() ? "" : ": " + first_line(detail)));
}

/// Column indices of one table, resolved once per transaction or scan.
struct TableColumns {
    std::vector<int> values; ///< per schema field
    int submission = -1;
    int source_row = -1;
    int derived = -1;

    TableColumns(OGRLayer* layer, const LayerSchema& schema) {
        OGRFeatureDefn* defn = layer->GetLayerDefn();
        for (const FieldSpec& f : schema.fields) values.push_back(defn->GetFieldIndex(f.canonical.c_str()));
        submission = defn->GetFieldIndex("submission");
        source_row = defn->GetFieldIndex("source_row");
        derived = defn->GetFieldIndex("derived");
    }
};

class GpkgTransaction final : public ImportTransaction, private ImportBackend {
public:
    GpkgTransaction(GpkgWorkspace& ws, ImportPlan plan);
    ~GpkgTransaction() override;
    void add(const Record& record) override;
    ImportSummary commit(const CommitOptions& options) override;

private:
    // ImportBackend
    void exec(const std::string& sql, const std::vector<std::string>& params) override;
    long long count(const std::string& sql, const std::vector<std::string>& params) override;
    void for_each(LayerKind kind, const std::function<void(const Record&)>& visit) override;
    void write_derived(LayerKind kind, const std::vector<RegionShape>& shapes) override;
    void write_submission(const Submission& submission) override;

    void write(OGRLayer* layer, const TableColumns& cols, const LayerSchema& schema, const Record& r,
               long long submission, bool derived);

    GpkgWorkspace& m_ws;
    ImportPlan m_plan;
    const LayerSchema& m_schema;
    OGRLayer* m_layer = nullptr;
    std::optional<TableColumns> m_cols;
    long long m_submission = 0;
    long long m_rows = 0;
    bool m_open = false;
    bool m_fresh = false; ///< the table was empty: this import's rows are all it will hold
    bool m_bulk = false;  ///< the spatial index is rebuilt at commit
    /// The R-tree's per-row triggers, set aside while the rows go in, to be put back at commit;
    /// empty when the table had no R-tree (a bulk import then has GDAL make one at commit).
    std::vector<std::string> m_index_triggers;
    /// What an import of part of the table changes, for its R-tree at commit.
    std::unique_ptr<RtreeChanges> m_index_changes;
    std::vector<RegionShape> m_grid_shapes;
};

class GpkgWorkspace final : public Workspace {
public:
    GpkgWorkspace(std::string path, GDALDatasetUniquePtr ds, double wait_seconds)
        : m_path(std::move(path)), m_ds(std::move(ds)), m_wait(wait_seconds) {
        m_crs = read_meta("crs");
    }

    const std::string& uri() const override { return m_path; }
    std::optional<std::string> crs() const override { return m_crs; }

    std::unique_ptr<ImportTransaction> begin_import(const ImportPlan& plan) override {
        return std::make_unique<GpkgTransaction>(*this, plan);
    }

    void for_each(LayerKind kind, const std::function<void(const Record&)>& visit) override;
    void for_each_parallel(LayerKind kind, unsigned parts,
                           const std::function<void(unsigned, const Record&)>& visit) override;
    void scan_parallel(LayerKind kind, std::span<const std::size_t> fields, unsigned parts,
                       const std::function<void(unsigned, const RecordView&)>& visit) override;
    std::vector<LayerCount> counts() override;
    std::optional<geo::Box> extent(LayerKind kind) override;
    std::vector<Submission> submissions() override;

    using Workspace::replace_table;
    void replace_table(const ResultTable& table, const RowSource& rows) override;
    using Workspace::store_assessment;
    void store_assessment(const ResultTable& table, const std::string& period, const RowSource& rows,
                          std::span<const ResultTable> whole) override;
    using Workspace::store_coverage;
    void store_coverage(const ResultTable& table, const RowSource& rows) override;
    using Workspace::table;
    std::optional<ResultTable> table(const std::string& name,
                                     const std::optional<RowFilter>& filter) override;
    bool scan_table(const std::string& name, const std::optional<RowFilter>& filter,
                    const std::function<void(const std::vector<ResultTable::Column>&)>& columns,
                    const std::function<void(std::span<const std::string_view>)>& row) override;
    std::vector<std::string> distinct_values(const std::string& table, const std::string& column) override;
    std::vector<std::vector<std::string>> distinct_rows(const std::string& table,
                                                        const std::vector<std::string>& columns) override;
    void put_document(const std::string& key, const std::string& text) override;
    std::optional<std::string> document(const std::string& key) override;

    GDALDataset* ds() const { return m_ds.get(); }
    void create_grade_views(const ResultTable& rows);
    /// A table with the result's columns; its rows appended (inside a transaction).
    OGRLayer* create_result_layer(const ResultTable& table);
    void append_rows(const ResultTable& table, const RowSource& rows);
    void replace_table_in_transaction(const ResultTable& table, const RowSource& rows);
    /// A view of `sql` registered as a polygon layer of the workspace CRS, styled by `colour`.
    void create_map_view(const std::string& view, const std::string& sql, const std::string& description);

    void reopen() {
        m_ds.reset();
        m_ds = open_dataset(m_path, m_wait);
        m_crs = read_meta("crs");
    }

    double wait_seconds() const { return m_wait; }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    template <typename Fn> void in_transaction(Fn&& body) {
        {
            GdalErrorScope errors;
            if (m_ds->StartTransaction(FALSE) != OGRERR_NONE)
                fail(m_path, "cannot start a transaction", errors.text(), m_wait);
        }
        try {
            body();
        } catch (...) {
            m_ds->RollbackTransaction();
            throw;
        }
        GdalErrorScope errors;
        if (m_ds->CommitTransaction() != OGRERR_NONE) {
            m_ds->RollbackTransaction();
            fail(m_path, "commit failed", errors.text(), m_wait);
        }
    }

    /// Runs a statement; throws BackendError with SQLite's message when it fails.
    void exec(const std::string& sql) {
        GdalErrorScope errors;
        ResultSet rs(m_ds.get(), m_ds->ExecuteSQL(sql.c_str(), nullptr, nullptr));
        if (errors.failures()) fail(m_path, "statement failed", errors.text(), m_wait);
    }

    /// Every row of a query, each column as text.
    std::vector<std::vector<std::string>> text_rows(const std::string& sql) {
        GdalErrorScope errors;
        ResultSet rs(m_ds.get(), m_ds->ExecuteSQL(sql.c_str(), nullptr, nullptr));
        if (!rs) fail(m_path, "query failed", errors.text(), m_wait);
        std::vector<std::vector<std::string>> out;
        while (OGRFeatureUniquePtr f{rs->GetNextFeature()}) {
            auto& row = out.emplace_back();
            for (int i = 0; i < f->GetFieldCount(); ++i) row.emplace_back(f->GetFieldAsString(i));
        }
        return out;
    }

    /// GDAL keeps gpkg_ogr_contents.feature_count with a trigger that fires on every row; a bulk
    /// write of a result table drops the table's triggers, runs `body`, puts them back as they
    /// were and sets the count once (as GDAL does for its own bulk writes). Inside a transaction.
    template <typename Fn> void without_count_triggers(const std::string& table, Fn&& body) {
        const auto triggers =
            text_rows("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = " +
                      sql_literal(table) + " AND name LIKE 'trigger_%_feature_count_%'");
        for (const auto& t : triggers) exec("DROP TRIGGER \"" + t[0] + "\"");
        body();
        for (const auto& t : triggers) exec(t[1]);
        if (!triggers.empty())
            exec("UPDATE gpkg_ogr_contents SET feature_count = (SELECT COUNT(*) FROM \"" + table +
                 "\") WHERE lower(table_name) = lower(" + sql_literal(table) + ")");
    }

    /// Runs `body` with SQLite's page cache set to `size` (PRAGMA cache_size: pages, or KiB when
    /// negative), then as it was. Straight to SQLite: through GDAL, a statement outside a
    /// transaction commits GDAL's own bookkeeping after it, with its journal's syncs.
    template <typename Fn> void with_cache_size(long long size, Fn&& body) {
        sqlite3* db = sqlite_of(*m_ds);
        const long long before = sqlite_scalar(db, "PRAGMA cache_size", "read the page cache's size");
        auto set = [&](long long pages) {
            sqlite_exec(db, "PRAGMA cache_size = " + std::to_string(pages), "set the page cache's size");
        };
        set(size);
        try {
            body();
        } catch (...) {
            try { // the first failure is the one to report
                set(before);
            } catch (...) {
            }
            throw;
        }
        set(before);
    }

    long long scalar(const std::string& sql) {
        GdalErrorScope errors;
        ResultSet rs(m_ds.get(), m_ds->ExecuteSQL(sql.c_str(), nullptr, nullptr));
        if (!rs) fail(m_path, "query failed", errors.text(), m_wait);
        OGRFeatureUniquePtr f(rs->GetNextFeature());
        return f ? f->GetFieldAsInteger64(0) : 0;
    }

    std::optional<std::string> read_meta(const std::string& key) {
        OGRLayer* meta = m_ds->GetLayerByName(meta_table);
        if (!meta) return std::nullopt;
        meta->SetAttributeFilter(("key = " + sql_literal(key)).c_str());
        meta->ResetReading();
        OGRFeatureUniquePtr f(meta->GetNextFeature());
        meta->SetAttributeFilter(nullptr);
        if (!f) return std::nullopt;
        return std::string(f->GetFieldAsString("value"));
    }

    void write_meta(const std::string& key, const std::string& value) {
        OGRLayer* meta = m_ds->GetLayerByName(meta_table);
        exec("DELETE FROM " + std::string(meta_table) + " WHERE key = " + sql_literal(key));
        OGRFeatureUniquePtr f(OGRFeature::CreateFeature(meta->GetLayerDefn()));
        f->SetField("key", key.c_str());
        f->SetField("value", value.c_str());
        if (meta->CreateFeature(f.get()) != OGRERR_NONE)
            throw BackendError(m_path + ": cannot write metadata");
    }

    /// Creates the layer tables in the workspace CRS, once that CRS is known.
    void create_layers(const std::string& crs) {
        geo::CrsInfo info = geo::describe_crs(crs);
        if (info.geographic)
            throw InputError("workspace CRS " + crs +
                             " is geographic; a workspace needs a projected CRS in metres");
        SpatialRefPtr srs(new OGRSpatialReference());
        srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        OGRErr err = info.epsg ? srs->importFromEPSG(info.epsg) : srs->importFromWkt(info.wkt.c_str());
        if (err != OGRERR_NONE) throw InputError("GDAL cannot use CRS " + crs);
        for (LayerKind k : all_layer_kinds) create_layer(schema_of(k), srs.get());
        // The tables must be in gpkg_contents before they are described there.
        for (LayerKind k : all_layer_kinds) m_ds->GetLayerByName(schema_of(k).table.c_str())->SyncToDisk();
        store_workspace_styles(*m_ds, m_path);
        create_submissions_table();
        exec("CREATE INDEX IF NOT EXISTS cases_case_id ON cases(case_id)");
        write_meta("crs", info.epsg ? "EPSG:" + std::to_string(info.epsg) : info.wkt);
        m_crs = info.epsg ? "EPSG:" + std::to_string(info.epsg) : info.wkt;
    }

    void create_meta() {
        OGRLayer* meta = m_ds->CreateLayer(meta_table, nullptr, wkbNone, nullptr);
        if (!meta) throw BackendError(m_path + ": cannot create " + meta_table);
        for (const char* name : {"key", "value"}) {
            OGRFieldDefn fd(name, OFTString);
            meta->CreateField(&fd);
        }
        write_meta("format", "wangge-workspace-1");
        write_meta("created_at", now_local());
    }

private:
    void create_layer(const LayerSchema& schema, OGRSpatialReference* srs) {
        OGRwkbGeometryType type = schema.geometry == GeometryKind::polygon ? wkbMultiPolygon
                                  : schema.geometry == GeometryKind::point ? wkbPoint
                                                                           : wkbNone;
        const char* options[] = {"FID=fid", "GEOMETRY_NAME=geom", nullptr};
        OGRLayer* layer = m_ds->CreateLayer(schema.table.c_str(), type == wkbNone ? nullptr : srs, type,
                                            const_cast<char**>(options));
        if (!layer) throw BackendError(m_path + ": cannot create table " + schema.table);
        for (const FieldSpec& f : schema.fields) {
            OGRFieldDefn fd(f.canonical.c_str(), ogr_type(f.type));
            if (f.type == FieldType::boolean) fd.SetSubType(OFSTBoolean);
            layer->CreateField(&fd);
        }
        OGRFieldDefn sub("submission", OFTInteger64);
        layer->CreateField(&sub);
        OGRFieldDefn row("source_row", OFTInteger64);
        layer->CreateField(&row);
        if (is_region_layer(schema.kind)) {
            OGRFieldDefn derived("derived", OFTInteger);
            derived.SetSubType(OFSTBoolean);
            layer->CreateField(&derived);
        }
    }

    void create_submissions_table() {
        OGRLayer* layer = m_ds->CreateLayer(submissions_table, nullptr, wkbNone, nullptr);
        if (!layer) throw BackendError(m_path + ": cannot create table submissions");
        for (const char* name : {"submission", "rows"}) {
            OGRFieldDefn fd(name, OFTInteger64);
            layer->CreateField(&fd);
        }
        for (const char* name : {"layer", "district", "source", "submitted_at"}) {
            OGRFieldDefn fd(name, OFTString);
            layer->CreateField(&fd);
        }
    }

    /// Whether a layer can be read in slices on connections of their own (committed data, more
    /// than one part); opens the fast reader when it can.
    bool can_read_in_slices(const LayerSchema& schema, unsigned parts);

    std::string m_path;
    GDALDatasetUniquePtr m_ds;
    double m_wait = 5;
    std::optional<std::string> m_crs;
    std::unique_ptr<SqliteTableReader> m_fast_reader;
    int m_transactions = 0; ///< open import transactions: reads must go through GDAL

    friend class GpkgTransaction;
};

GpkgTransaction::GpkgTransaction(GpkgWorkspace& ws, ImportPlan plan)
    : m_ws(ws), m_plan(std::move(plan)), m_schema(schema_of(m_plan.kind)) {
    {
        GdalErrorScope errors;
        if (m_ws.ds()->StartTransaction(FALSE) != OGRERR_NONE)
            fail(m_ws.uri(), "cannot start a transaction", errors.text(), m_ws.wait_seconds());
    }
    m_open = true;
    ++m_ws.m_transactions;
    try {
        if (!m_ws.crs()) {
            if (!m_plan.workspace_crs)
                throw InputError(m_ws.uri() + ": the workspace has no CRS yet; give --crs");
            m_ws.create_layers(*m_plan.workspace_crs);
        }
        m_layer = m_ws.ds()->GetLayerByName(m_schema.table.c_str());
        if (!m_layer) throw BackendError(m_ws.uri() + ": table " + m_schema.table + " is missing");
        m_cols.emplace(m_layer, m_schema);
        m_submission = m_ws.scalar("SELECT COALESCE(MAX(submission), 0) + 1 FROM submissions");
        // Rebuilding the R-tree once is far cheaper than its per-row triggers, when the import
        // rewrites the whole table anyway.
        m_fresh = m_ws.scalar("SELECT COUNT(*) FROM " + m_schema.table) == 0;
        if (m_schema.geometry != GeometryKind::none) {
            sqlite3* db = sqlite_of(*m_ws.ds());
            m_index_triggers = set_aside_index_triggers(db, m_schema.table);
            m_bulk = m_plan.mode == ReplaceMode::whole_layer || m_fresh;
            // An import that changes part of the table brings its R-tree up to date at commit.
            if (!m_bulk && !m_index_triggers.empty())
                m_index_changes = std::make_unique<RtreeChanges>(db, rtree_of(m_schema.table), m_schema.table,
                                                                 m_layer->GetFIDColumn(), "geom");
        }
    } catch (...) {
        // The destructor will not run for a half-built transaction: undo here.
        --m_ws.m_transactions;
        m_ws.ds()->RollbackTransaction();
        try {
            m_ws.reopen();
        } catch (...) {
        }
        throw;
    }
}

GpkgTransaction::~GpkgTransaction() {
    --m_ws.m_transactions;
    if (!m_open) return;
    m_ws.ds()->RollbackTransaction();
    // GDAL's layer objects keep state (spatial index, new tables) that a rollback does not undo:
    // reopen the file so that they match it again.
    try {
        m_ws.reopen();
    } catch (...) {
    }
}

void GpkgTransaction::write(OGRLayer* layer, const TableColumns& cols, const LayerSchema& schema,
                            const Record& r, long long submission, bool derived) {
    OGRFeatureUniquePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
    for (std::size_t i = 0; i < schema.fields.size(); ++i) {
        const auto& v = r.values[i];
        if (!v) continue;
        switch (schema.fields[i].type) {
        case FieldType::integer:
        case FieldType::boolean:
            f->SetField(cols.values[i], parse_int(*v).value_or(0)); // normalised on import
            break;
        default:
            f->SetField(cols.values[i], v->c_str());
        }
    }
    f->SetField(cols.submission, static_cast<GIntBig>(submission));
    if (r.row) f->SetField(cols.source_row, static_cast<GIntBig>(r.row));
    if (cols.derived >= 0) f->SetField(cols.derived, derived ? 1 : 0);
    if (schema.geometry == GeometryKind::point) {
        f->SetGeometryDirectly(new OGRPoint(r.x, r.y));
    } else if (schema.geometry == GeometryKind::polygon) {
        OGRGeometry* g = nullptr;
        if (OGRGeometryFactory::createFromWkb(r.wkb.data(), nullptr, &g, r.wkb.size()) != OGRERR_NONE)
            throw BackendError("row " + std::to_string(r.row) + ": malformed geometry");
        f->SetGeometryDirectly(OGRGeometryFactory::forceToMultiPolygon(g));
    }
    GdalErrorScope errors;
    if (layer->CreateFeature(f.get()) != OGRERR_NONE)
        throw BackendError(m_ws.uri() + ": cannot write row " + std::to_string(r.row) + " to " +
                           schema.table + ": " + errors.text());
}

void GpkgTransaction::add(const Record& record) {
    write(m_layer, *m_cols, m_schema, record, m_submission, false);
    ++m_rows;
    if (m_plan.kind == LayerKind::grids && m_fresh) {
        const auto& code = record.values[0];
        if (code && is_region_code(*code, Level::grid)) m_grid_shapes.push_back({*code, record.wkb});
    }
}

namespace {

/// The statement with `$n` replaced by the n-th parameter as a quoted literal (GDAL's SQL has no
/// bound parameters).
std::string bind_literals(const std::string& sql, const std::vector<std::string>& params) {
    std::string out;
    for (std::size_t i = 0; i < sql.size(); ++i) {
        if (sql[i] == '$' && i + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i + 1]))) {
            std::size_t j = i + 1;
            while (j < sql.size() && std::isdigit(static_cast<unsigned char>(sql[j]))) ++j;
            std::size_t n = std::stoul(sql.substr(i + 1, j - i - 1));
            if (n == 0 || n > params.size()) throw std::logic_error("no parameter $" + std::to_string(n));
            out += sql_literal(params[n - 1]);
            i = j - 1;
        } else {
            out += sql[i];
        }
    }
    return out;
}

} // namespace

void GpkgTransaction::exec(const std::string& sql, const std::vector<std::string>& params) {
    m_ws.exec(bind_literals(sql, params));
}

long long GpkgTransaction::count(const std::string& sql, const std::vector<std::string>& params) {
    return m_ws.scalar(bind_literals(sql, params));
}

void GpkgTransaction::for_each(LayerKind kind, const std::function<void(const Record&)>& visit) {
    m_ws.for_each(kind, visit);
}

void GpkgTransaction::write_derived(LayerKind kind, const std::vector<RegionShape>& shapes) {
    const LayerSchema& schema = schema_of(kind);
    OGRLayer* layer = m_ws.ds()->GetLayerByName(schema.table.c_str());
    TableColumns cols(layer, schema);
    Record r;
    r.values.resize(schema.fields.size());
    for (const RegionShape& shape : shapes) {
        r.values[0] = shape.code;
        r.wkb = shape.wkb;
        write(layer, cols, schema, r, 0, true);
    }
}

void GpkgTransaction::write_submission(const Submission& s) {
    OGRLayer* layer = m_ws.ds()->GetLayerByName(submissions_table);
    OGRFeatureUniquePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
    f->SetField("submission", static_cast<GIntBig>(s.id));
    f->SetField("layer", s.layer.c_str());
    f->SetField("district", s.district.c_str());
    f->SetField("source", s.source.c_str());
    f->SetField("rows", static_cast<GIntBig>(s.rows));
    f->SetField("submitted_at", s.submitted_at.c_str());
    if (layer->CreateFeature(f.get()) != OGRERR_NONE)
        throw BackendError(m_ws.uri() + ": cannot record the submission");
}

ImportSummary GpkgTransaction::commit(const CommitOptions& options) {
    PhaseTimer timer;
    ImportCommit rules(*this, m_plan, m_submission);
    ImportSummary summary;
    summary.rows = m_rows;
    rules.label_districts(options);
    summary.replaced = rules.replace_rows(options);
    timer.lap("replace earlier rows");
    if (m_plan.mode == ReplaceMode::districts) summary.districts = options.districts;
    if (options.dry_run) {
        summary.dry_run = true;
        return summary; // the destructor rolls back
    }
    auto step = [&](const char* s) {
        if (options.on_step) options.on_step(s);
    };
    std::future<std::map<Level, std::vector<RegionShape>>> derivation;
    // The first grid import holds every grid already.
    if (rules.derives())
        derivation =
            rules.start_derivation(std::move(m_grid_shapes), m_plan.kind == LayerKind::grids && m_fresh);
    if (m_bulk) {
        step("building the spatial index");
        if (m_index_triggers.empty()) {
            m_ws.exec("SELECT CreateSpatialIndex('" + m_schema.table + "', 'geom')");
        } else {
            sqlite3* db = sqlite_of(*m_ws.ds());
            try {
                bulk_load_rtree(db, rtree_of(m_schema.table), m_schema.table, m_layer->GetFIDColumn(),
                                "geom");
            } catch (const BackendError& e) {
                throw BackendError(m_ws.uri() + ": " + e.what());
            }
            for (const std::string& sql : m_index_triggers) m_ws.exec(sql);
        }
    }
    std::string index_note;
    if (m_index_changes) {
        step("updating the spatial index");
        RtreeChanges::Applied applied;
        try {
            applied = m_index_changes->apply();
        } catch (const BackendError& e) {
            throw BackendError(m_ws.uri() + ": " + e.what());
        }
        for (const std::string& sql : m_index_triggers) m_ws.exec(sql);
        index_note = "  (" + std::to_string(applied.deleted) + " deleted, " + std::to_string(applied.added) +
                     " added: " + (applied.rebuilt ? "rebuilt" : "changed in place") + ")";
    }
    timer.lap("spatial index", index_note.c_str());
    if (derivation.valid()) {
        step("deriving the upper levels");
        summary.derived = rules.write_derived(derivation.get());
    }
    timer.lap("upper levels");
    step("committing");
    rules.record_submission(options, m_rows);
    fault_point("import.commit");
    GdalErrorScope errors;
    // On failure the destructor rolls back.
    if (m_ws.ds()->CommitTransaction() != OGRERR_NONE)
        fail(m_ws.uri(), "commit failed", errors.text(), m_ws.wait_seconds());
    timer.lap("commit");
    m_open = false;
    return summary;
}

void GpkgWorkspace::for_each(LayerKind kind, const std::function<void(const Record&)>& visit) {
    const LayerSchema& schema = schema_of(kind);
    OGRLayer* layer = m_ds->GetLayerByName(schema.table.c_str());
    if (!layer) return;
    // Committed data reads fastest through SQLite itself; inside an import, only GDAL's own
    // connection sees the rows added so far.
    if (m_transactions == 0) {
        if (!m_fast_reader) m_fast_reader = std::make_unique<SqliteTableReader>(m_path, m_wait);
        m_fast_reader->for_each(schema, visit);
        return;
    }
    TableColumns cols(layer, schema);
    layer->ResetReading();
    Record r;
    r.values.resize(schema.fields.size());
    for (auto& f : *layer) {
        for (std::size_t i = 0; i < schema.fields.size(); ++i) {
            int idx = cols.values[i];
            if (idx >= 0 && f->IsFieldSetAndNotNull(idx))
                r.values[i] = f->GetFieldAsString(idx);
            else
                r.values[i].reset();
        }
        r.row = cols.source_row >= 0 ? f->GetFieldAsInteger64(cols.source_row) : 0;
        r.fid = f->GetFID();
        const OGRGeometry* g = f->GetGeometryRef();
        r.geometry_problem = !g ? "no geometry" : g->IsEmpty() ? "empty geometry" : "";
        r.wkb.clear();
        r.x = r.y = std::numeric_limits<double>::quiet_NaN();
        if (schema.geometry == GeometryKind::point && g && wkbFlatten(g->getGeometryType()) == wkbPoint) {
            r.x = g->toPoint()->getX();
            r.y = g->toPoint()->getY();
        } else if (schema.geometry == GeometryKind::polygon && g) {
            r.wkb.resize(g->WkbSize());
            g->exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(r.wkb.data()), wkbVariantIso);
        }
        visit(r);
    }
}

namespace {

/// Splits the fids of a table into `parts` consecutive ranges and reads each on a read-only
/// connection of its own: read(part, reader, from, to).
template <typename Read>
void read_in_slices(SqliteTableReader& main, const std::string& path, double wait, const std::string& table,
                    unsigned parts, Read&& read) {
    auto [lo, hi] = main.fid_range(table);
    long long span = (hi - lo + 1 + parts - 1) / parts;
    parallel_for(parts, [&](std::size_t p) {
        SqliteTableReader reader(path, wait);
        long long from = lo + static_cast<long long>(p) * span;
        read(static_cast<unsigned>(p), reader, from, from + span);
    });
}

} // namespace

bool GpkgWorkspace::can_read_in_slices(const LayerSchema& schema, unsigned parts) {
    if (m_transactions > 0 || parts <= 1 || !m_ds->GetLayerByName(schema.table.c_str())) return false;
    if (!m_fast_reader) m_fast_reader = std::make_unique<SqliteTableReader>(m_path, m_wait);
    return true;
}

void GpkgWorkspace::for_each_parallel(LayerKind kind, unsigned parts,
                                      const std::function<void(unsigned, const Record&)>& visit) {
    const LayerSchema& schema = schema_of(kind);
    if (!can_read_in_slices(schema, parts)) {
        for_each(kind, [&](const Record& r) { visit(0, r); });
        return;
    }
    read_in_slices(*m_fast_reader, m_path, m_wait, schema.table, parts,
                   [&](unsigned part, SqliteTableReader& reader, long long from, long long to) {
                       reader.for_each(schema, from, to, [&](const Record& r) { visit(part, r); });
                   });
}

void GpkgWorkspace::scan_parallel(LayerKind kind, std::span<const std::size_t> fields, unsigned parts,
                                  const std::function<void(unsigned, const RecordView&)>& visit) {
    const LayerSchema& schema = schema_of(kind);
    if (!can_read_in_slices(schema, parts)) {
        Workspace::scan_parallel(kind, fields, parts, visit);
        return;
    }
    read_in_slices(*m_fast_reader, m_path, m_wait, schema.table, parts,
                   [&](unsigned part, SqliteTableReader& reader, long long from, long long to) {
                       reader.scan(schema, fields, from, to, [&](const RecordView& r) { visit(part, r); });
                   });
}

std::vector<LayerCount> GpkgWorkspace::counts() {
    std::vector<LayerCount> out;
    for (LayerKind k : all_layer_kinds) {
        LayerCount c{k, 0, 0};
        if (m_ds->GetLayerByName(schema_of(k).table.c_str())) {
            c.rows = scalar("SELECT COUNT(*) FROM " + schema_of(k).table);
            if (is_region_layer(k))
                c.derived = scalar("SELECT COUNT(*) FROM " + schema_of(k).table + " WHERE derived = 1");
        }
        out.push_back(c);
    }
    return out;
}

std::optional<geo::Box> GpkgWorkspace::extent(LayerKind kind) {
    OGRLayer* layer = m_ds->GetLayerByName(schema_of(kind).table.c_str());
    OGREnvelope env;
    GdalErrorScope quiet;
    if (!layer || layer->GetFeatureCount(FALSE) == 0 || layer->GetExtent(&env, TRUE) != OGRERR_NONE)
        return std::nullopt;
    return geo::Box{env.MinX, env.MinY, env.MaxX, env.MaxY};
}

std::vector<Submission> GpkgWorkspace::submissions() {
    std::vector<Submission> out;
    OGRLayer* layer = m_ds->GetLayerByName(submissions_table);
    if (!layer) return out;
    layer->ResetReading();
    for (auto& f : *layer) {
        out.push_back({f->GetFieldAsInteger64("submission"), f->GetFieldAsString("layer"),
                       f->GetFieldAsString("district"), f->GetFieldAsString("source"),
                       f->GetFieldAsInteger64("rows"), f->GetFieldAsString("submitted_at")});
    }
    return out;
}

void GpkgWorkspace::replace_table(const ResultTable& table, const RowSource& rows) {
    in_transaction([&] { replace_table_in_transaction(table, rows); });
}

void GpkgWorkspace::replace_table_in_transaction(const ResultTable& table, const RowSource& rows) {
    for (int i = 0; i < m_ds->GetLayerCount(); ++i)
        if (table.name == m_ds->GetLayer(i)->GetName()) {
            if (m_ds->DeleteLayer(i) != OGRERR_NONE)
                throw BackendError(m_path + ": cannot replace " + table.name);
            break;
        }
    create_result_layer(table);
    without_count_triggers(table.name, [&] { append_rows(table, rows); });
}

OGRLayer* GpkgWorkspace::create_result_layer(const ResultTable& table) {
    GdalErrorScope errors;
    OGRLayer* layer = m_ds->CreateLayer(table.name.c_str(), nullptr, wkbNone, nullptr);
    if (!layer)
        throw BackendError(m_path + ": cannot create " + table.name + ": " + first_line(errors.text()));
    for (const auto& c : table.columns) {
        OGRFieldDefn fd(c.name.c_str(), field_type(c.type));
        if (layer->CreateField(&fd) != OGRERR_NONE)
            throw BackendError(m_path + ": cannot create " + table.name + "." + c.name);
    }
    // GDAL defers creating the table (and its count triggers) to the first feature or a sync; the
    // rows go in through SQLite (append_rows), so make it now.
    if (layer->SyncToDisk() != OGRERR_NONE)
        throw BackendError(m_path + ": cannot create " + table.name + ": " + first_line(errors.text()));
    return layer;
}

void GpkgWorkspace::append_rows(const ResultTable& table, const RowSource& rows) {
    // Straight through SQLite on GDAL's own connection, inside its transaction: GDAL's features
    // cost several times more for the hundreds of thousands of rows of a big city.
    sqlite3* db = sqlite_of(*m_ds);
    std::vector<std::string> columns;
    for (const auto& c : table.columns) columns.push_back(c.name);
    try {
        insert_rows(db, table.name, columns, rows, [] { fault_point("table.row"); });
    } catch (const BackendError& e) {
        throw BackendError(m_path + ": " + e.what());
    }
}

void GpkgWorkspace::store_assessment(const ResultTable& table, const std::string& period,
                                     const RowSource& rows, std::span<const ResultTable> whole) {
    // The rows of a big city's regions (226,000 of them) overflow SQLite's default page cache of
    // 2 MB, which then spills pages to the file in mid-transaction: 64 MB keeps them for this
    // write (the cache grows only as pages are used) until the commit writes them. Made small
    // again before the commit, it spilled them at the next statement, with a sync of its own.
    with_cache_size(-65536, [&] {
        in_transaction([&] {
            OGRLayer* layer = m_ds->GetLayerByName(table.name.c_str());
            if (!layer) layer = create_result_layer(table);
            // A workspace written by an earlier version lacks the newer columns: add them (the rows
            // of other periods keep null there).
            bool added = false;
            for (const auto& c : table.columns)
                if (layer->GetLayerDefn()->GetFieldIndex(c.name.c_str()) < 0) {
                    OGRFieldDefn fd(c.name.c_str(), field_type(c.type));
                    if (layer->CreateField(&fd) != OGRERR_NONE)
                        throw BackendError(m_path + ": cannot add " + table.name + "." + c.name);
                    added = true;
                }
            if (added && layer->SyncToDisk() != OGRERR_NONE) // the columns exist before SQLite writes them
                throw BackendError(m_path + ": cannot add columns to " + table.name);
            // The key index is kept through the write: it finds the period's old rows, and making it
            // again would sort the rows of every stored period (a year of months: 2 million rows of a
            // big city, 5 s instead of 2 s).
            without_count_triggers(table.name, [&] {
                exec("CREATE INDEX IF NOT EXISTS " + table.name + "_key ON " + table.name +
                     "(period, level, code)");
                // When every stored row is the period's (a city assessed once, or again), the
                // table is emptied at once rather than row by row: 0.2 s of a big city's write.
                const std::string others = "SELECT COUNT(*) FROM (SELECT 1 FROM " + table.name +
                                           " WHERE period < " + sql_literal(period) + " OR period > " +
                                           sql_literal(period) + " OR period IS NULL LIMIT 1)";
                if (scalar(others) == 0)
                    exec("DELETE FROM " + table.name);
                else
                    exec("DELETE FROM " + table.name + " WHERE period = " + sql_literal(period));
                append_rows(table, rows);
            });
            for (const ResultTable& t : whole) replace_table_in_transaction(t, rows_of(t));
            write_meta("grades_period", period);
            create_grade_views(table);
        });
    });
}

void GpkgWorkspace::create_map_view(const std::string& view, const std::string& sql,
                                    const std::string& description) {
    if (scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'view' AND name = " + sql_literal(view)) ==
        0) {
        const std::string srs =
            std::to_string(scalar("SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = 'grids'"));
        exec("CREATE VIEW " + view + " AS " + sql);
        exec("INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES (" +
             sql_literal(view) + ", 'features', " + sql_literal(view) + ", " + sql_literal(description) +
             ", " + srs + ")");
        exec("INSERT INTO gpkg_geometry_columns VALUES (" + sql_literal(view) + ", 'geom', 'MULTIPOLYGON', " +
             srs + ", 0, 0)");
    }
    store_qgis_style(*m_ds, m_path, view, "colour", fill_from_column_qml("colour"));
}

void GpkgWorkspace::create_grade_views(const ResultTable& rows) {
    std::string columns;
    for (const auto& c : rows.columns)
        if (c.name != "code") columns += ", r." + c.name;
    for (auto [level, table] : grade_levels)
        // The rows of the period last assessed, on the region geometries; fid keeps QGIS's
        // feature ids stable.
        create_map_view(std::string("grades_") + level,
                        "SELECT g.fid AS fid, g.geom AS geom, g.code AS code" + columns + " FROM " + table +
                            " g JOIN " + rows.name + " r ON r.code = g.code AND r.level = '" + level +
                            "' AND r.period = (SELECT value FROM " + meta_table +
                            " WHERE key = 'grades_period')",
                        std::string("考核等级 grades by ") + level + ", the period last assessed");
}

void GpkgWorkspace::store_coverage(const ResultTable& table, const RowSource& rows) {
    in_transaction([&] {
        replace_table_in_transaction(table, rows);
        std::string columns;
        for (const auto& c : table.columns)
            if (c.name != "grid_fid" && c.name != "grid_code") columns += ", c." + c.name;
        create_map_view(
            "coverage_grid",
            "SELECT g.fid AS fid, g.geom AS geom, g.code AS grid_code" + columns + " FROM grids g JOIN " +
                table.name + " c ON c.grid_fid = g.fid", // by fid: a census may carry a grid code twice
            "普查覆盖 census coverage per grid: empty (red), mostly stale (orange), covered (green)");
    });
}

std::optional<ResultTable> GpkgWorkspace::table(const std::string& name,
                                                const std::optional<RowFilter>& filter) {
    ResultTable t;
    t.name = name;
    if (!scan_table(
            name, filter, [&](const std::vector<ResultTable::Column>& columns) { t.columns = columns; },
            [&](std::span<const std::string_view> row) { t.rows.emplace_back(row.begin(), row.end()); }))
        return std::nullopt;
    return t;
}

bool GpkgWorkspace::scan_table(const std::string& name, const std::optional<RowFilter>& filter,
                               const std::function<void(const std::vector<ResultTable::Column>&)>& columns,
                               const std::function<void(std::span<const std::string_view>)>& row) {
    OGRLayer* layer = m_ds->GetLayerByName(name.c_str());
    if (!layer) return false;
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    if (filter && defn->GetFieldIndex(filter->column.c_str()) < 0)
        throw BackendError(m_path + ": table " + name + " has no column " + filter->column);
    std::vector<ResultTable::Column> cols;
    std::string list;
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
        OGRFieldType ft = defn->GetFieldDefn(i)->GetType();
        cols.push_back({defn->GetFieldDefn(i)->GetNameRef(), ft == OFTInteger64 || ft == OFTInteger
                                                                 ? ResultTable::Type::integer
                                                             : ft == OFTReal ? ResultTable::Type::real
                                                                             : ResultTable::Type::text});
        list += (i ? ", " : "") + sql_identifier(cols.back().name);
    }
    columns(cols);
    if (cols.empty()) return true;
    // Straight through SQLite, as the rows are written: GDAL's features took 4.3 s to read the
    // 229,000 result rows of a big city's period. Reals as their shortest exact text, as PostGIS
    // gives them.
    sqlite3* db = sqlite_of(*m_ds);
    const char* fid = layer->GetFIDColumn();
    std::string sql = "SELECT " + list + " FROM " + sql_identifier(name) +
                      (filter ? " WHERE " + sql_identifier(filter->column) + " = ?" : std::string()) +
                      (fid && *fid ? " ORDER BY " + sql_identifier(fid) : std::string());
    SqliteStatement stmt;
    try {
        stmt = sqlite_prepare(db, sql, "read " + name);
    } catch (const BackendError& e) {
        fail(m_path, "query failed", e.what(), m_wait);
    }
    if (filter)
        sqlite3_bind_text(stmt.get(), 1, filter->value.data(), static_cast<int>(filter->value.size()),
                          SQLITE_STATIC);
    const std::size_t n = cols.size();
    std::vector<std::string_view> values(n);
    std::vector<std::array<char, 32>> numbers(n); // the row's numbers as text
    int rc;
    while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
        for (std::size_t i = 0; i < n; ++i) {
            const int c = static_cast<int>(i);
            char* buf = numbers[i].data();
            switch (sqlite3_column_type(stmt.get(), c)) {
            case SQLITE_NULL:
                values[i] = {};
                break;
            case SQLITE_INTEGER:
                values[i] = {buf, std::to_chars(buf, buf + 32, sqlite3_column_int64(stmt.get(), c)).ptr};
                break;
            case SQLITE_FLOAT:
                values[i] = {buf, std::to_chars(buf, buf + 32, sqlite3_column_double(stmt.get(), c)).ptr};
                break;
            default: {
                const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt.get(), c));
                values[i] = {text, static_cast<std::size_t>(sqlite3_column_bytes(stmt.get(), c))};
            }
            }
        }
        row(values);
    }
    if (rc != SQLITE_DONE) fail(m_path, "query failed", sqlite3_errmsg(db), m_wait);
    return true;
}

std::vector<std::string> GpkgWorkspace::distinct_values(const std::string& table, const std::string& column) {
    std::vector<std::string> out;
    for (auto& row : distinct_rows(table, {column})) out.push_back(std::move(row[0]));
    return out;
}

std::vector<std::vector<std::string>> GpkgWorkspace::distinct_rows(const std::string& table,
                                                                   const std::vector<std::string>& columns) {
    std::vector<std::vector<std::string>> out;
    OGRLayer* layer = m_ds->GetLayerByName(table.c_str());
    if (!layer || columns.empty()) return out;
    std::string list;
    for (const std::string& c : columns) {
        if (layer->GetLayerDefn()->GetFieldIndex(c.c_str()) < 0) return out;
        list += (list.empty() ? "\"" : ", \"") + c + "\"";
    }
    std::string sql = "SELECT DISTINCT " + list + " FROM \"" + table + "\" WHERE \"" + columns[0] +
                      "\" IS NOT NULL ORDER BY " + list;
    GdalErrorScope errors;
    ResultSet rs(m_ds.get(), m_ds->ExecuteSQL(sql.c_str(), nullptr, nullptr));
    if (!rs) fail(m_path, "query failed", errors.text(), m_wait);
    for (auto& f : *rs.get()) {
        std::vector<std::string> row;
        for (int i = 0; i < static_cast<int>(columns.size()); ++i) row.emplace_back(f->GetFieldAsString(i));
        out.push_back(std::move(row));
    }
    return out;
}

void GpkgWorkspace::put_document(const std::string& key, const std::string& text) {
    in_transaction([&] { write_meta("document:" + key, text); });
}

std::optional<std::string> GpkgWorkspace::document(const std::string& key) {
    return read_meta("document:" + key);
}

/// Why a workspace file cannot be written, or "" when it can: wangge stores its results in it.
std::string read_only_reason(const std::string& path) {
    struct statvfs fs {};
    if (::statvfs(path.c_str(), &fs) == 0 && (fs.f_flag & ST_RDONLY))
        return "it is on a read-only file system";
    if (::access(path.c_str(), W_OK) != 0) return "the file is read-only";
    std::string dir = std::filesystem::path(path).parent_path().string();
    // SQLite writes its journal beside the file.
    if (::access(dir.empty() ? "." : dir.c_str(), W_OK) != 0) return "its folder is read-only";
    return "";
}

GDALDatasetUniquePtr open_dataset(const std::string& path, double wait_seconds) {
    if (std::string why = read_only_reason(path); !why.empty())
        throw BackendError(path + ": read-only: " + why +
                           "; wangge stores its results in the workspace, so copy it somewhere writable");
    // GDAL waits a fixed time for a busy file when opening it: wait as long as asked first.
    if (std::filesystem::exists(path) && !SqliteTableReader(path, wait_seconds).wait_for_readers())
        fail(path, "", "database is locked", wait_seconds);
    GdalErrorScope errors;
    const char* drivers[] = {"GPKG", nullptr};
    GDALDatasetUniquePtr ds(GDALDataset::Open(
        path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE | GDAL_OF_VERBOSE_ERROR, drivers, nullptr, nullptr));
    if (!ds) {
        std::string text = errors.text("cannot open");
        if (text.find("locked") != std::string::npos || text.find("busy") != std::string::npos)
            fail(path, "", text, wait_seconds);
        throw InputError(path + ": not a GeoPackage workspace: " + first_line(text));
    }
    // And as long as asked for the write lock of an import or of stored results.
    const std::string pragma =
        "PRAGMA busy_timeout = " + std::to_string(static_cast<long long>(wait_seconds * 1000));
    ResultSet(ds.get(), ds->ExecuteSQL(pragma.c_str(), nullptr, nullptr));
    return ds;
}

} // namespace

std::unique_ptr<Workspace> create_gpkg_workspace(const std::string& path,
                                                 const std::optional<std::string>& crs) {
    ensure_gdal_registered();
    if (std::filesystem::exists(path))
        throw InputError(path + ": a file is already there; remove it or open it");
    GdalErrorScope errors;
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    GDALDatasetUniquePtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw InputError(path + ": cannot create the workspace: " + errors.text());
    auto ws = std::make_unique<GpkgWorkspace>(path, std::move(ds), OpenOptions{}.wait_seconds);
    try {
        ws->create_meta();
        if (crs) ws->create_layers(*crs);
    } catch (...) {
        ws.reset();
        std::filesystem::remove(path);
        throw;
    }
    return ws;
}

std::unique_ptr<Workspace> open_gpkg_workspace(const std::string& path, const OpenOptions& options) {
    ensure_gdal_registered();
    if (!std::filesystem::exists(path))
        throw InputError(path + ": no workspace there; create one with 'wangge init --workspace " + path +
                         "'");
    auto ws =
        std::make_unique<GpkgWorkspace>(path, open_dataset(path, options.wait_seconds), options.wait_seconds);
    if (!ws->read_meta("format")) throw InputError(path + ": a GeoPackage, but not a Wangge workspace");
    return ws;
}

} // namespace wangge::layers

namespace wangge::layers {

std::string gpkg_workspace_version(const std::string& path) {
    // SQLite writes through its WAL first: both files tell of a change.
    std::string out;
    for (const std::string& p : {path, path + "-wal"}) {
        struct stat st {};
        if (::stat(p.c_str(), &st) != 0) {
            out += "-;";
            continue;
        }
        out += std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec) + ":" +
               std::to_string(st.st_size) + ":" + std::to_string(st.st_ino) + ";";
    }
    return out;
}

} // namespace wangge::layers
