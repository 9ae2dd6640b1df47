#include "layers/pg_store.hpp"

#include "geo/crs.hpp"
#include "geo/error.hpp"
#include "geo/parallel.hpp"
#include "geo/phase_timer.hpp"
#include "layers/codes.hpp"
#include "layers/dates.hpp"
#include "layers/fault_injection.hpp"
#include "layers/import_commit.hpp"
#include "layers/output_file.hpp"
#include "layers/pg_copy_text.hpp"
#include "layers/pg_migrations.hpp"
#include "layers/pg_uri.hpp"
#include "layers/text.hpp"

#include <ogr_geometry.h>
#include <pqxx/pqxx>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <mutex>

// libpqxx 6 keeps stream_to::write_raw_line private and escapes only fixed tuples; our rows have
// as many columns as their layer. An explicit instantiation may name a private member: take its
// address there, once (libpqxx 7 makes it public).
namespace {
using RawLineWriter = void (pqxx::stream_to::*)(const std::string&);
RawLineWriter raw_line_writer();
template <RawLineWriter M> struct ExposeRawLine {
    friend RawLineWriter raw_line_writer() { return M; }
};
template struct ExposeRawLine<&pqxx::stream_to::write_raw_line>;

void write_line(pqxx::stream_to& copy, const std::string& line) {
    (copy.*raw_line_writer())(line);
}
} // namespace

namespace wangge::layers {
namespace {

using ReadTransaction = pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>;

// ---- COPY text format -------------------------------------------------------------------------

void copy_escape(std::string& out, std::string_view v) {
    for (char c : v) {
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            out += c;
        }
    }
}

// ---- geometry as (E)WKB hex -------------------------------------------------------------------

constexpr char hex_digits[] = "0123456789ABCDEF";

void append_hex(std::string& out, const void* data, std::size_t n) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < n; ++i) {
        out += hex_digits[p[i] >> 4];
        out += hex_digits[p[i] & 15];
    }
}

template <typename T> void append_hex_value(std::string& out, T v) {
    append_hex(out, &v, sizeof v);
}

constexpr bool little_endian = std::endian::native == std::endian::little;

/// EWKB of a point with its SRID, as PostGIS reads it from COPY.
void append_point(std::string& out, double x, double y, int srid) {
    static_assert(little_endian, "EWKB is written in the machine's (little-endian) byte order");
    out += "01";
    append_hex_value(out, std::uint32_t{1} | ewkb_srid_flag);
    append_hex_value(out, static_cast<std::uint32_t>(srid));
    append_hex_value(out, x);
    append_hex_value(out, y);
}

/// EWKB of a (multi)polygon as a MultiPolygon with its SRID. The importer's WKB is ISO,
/// little-endian, 2D; anything else goes through GDAL first.
void append_multipolygon(std::string& out, const std::string& wkb, long long row, int srid) {
    std::uint32_t type = 0;
    if (wkb.size() >= 9 && wkb[0] == 1) std::memcpy(&type, wkb.data() + 1, 4);
    if (type == 6 || type == 3) {
        out += "01";
        append_hex_value(out, std::uint32_t{6} | ewkb_srid_flag);
        append_hex_value(out, static_cast<std::uint32_t>(srid));
        if (type == 6) {
            append_hex(out, wkb.data() + 5, wkb.size() - 5);
        } else {
            append_hex_value(out, std::uint32_t{1});
            append_hex(out, wkb.data(), wkb.size());
        }
        return;
    }
    OGRGeometry* g = nullptr;
    if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &g, wkb.size()) != OGRERR_NONE)
        throw BackendError("row " + std::to_string(row) + ": malformed geometry");
    std::unique_ptr<OGRGeometry> multi(OGRGeometryFactory::forceToMultiPolygon(g));
    multi->flattenTo2D();
    std::string flat(multi->WkbSize(), '\0');
    multi->exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(flat.data()), wkbVariantIso);
    append_multipolygon(out, flat, row, srid);
}

// ---- errors -----------------------------------------------------------------------------------

std::string wait_text(double seconds) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", seconds);
    return buf;
}

/// The current pqxx exception as one of Wangge's, naming the workspace without its password.
[[noreturn]] void rethrow_as_wangge(const std::string& where, const std::string& what, double wait_seconds) {
    try {
        throw;
    } catch (const Error&) {
        throw;
    } catch (const pqxx::sql_error& e) {
        if (e.sqlstate() == "55P03" || e.sqlstate() == "57014")
            throw BackendError(where +
                               ": workspace busy: another process (an import?) is writing it; waited " +
                               wait_text(wait_seconds) + " s (wait longer with --wait SECONDS)");
        throw BackendError(where + ": " + what + ": " + first_line(e.what()));
    } catch (const pqxx::broken_connection& e) {
        throw BackendError(where + ": the connection to the server was lost: " + first_line(e.what()));
    } catch (const std::exception& e) {
        throw BackendError(where + ": " + what + ": " + first_line(e.what()));
    }
    throw BackendError(where + ": " + what);
}

std::string with_schema(std::string_view sql, const std::string& schema) {
    std::string out(sql);
    const std::string marker = "{{schema}}";
    for (auto pos = out.find(marker); pos != std::string::npos; pos = out.find(marker, pos + schema.size()))
        out.replace(pos, marker.size(), schema);
    return out;
}

int latest_version() {
    return pg_migrations().empty() ? 0 : pg_migrations().back().version;
}

class PgWorkspace;

class PgTransaction final : public ImportTransaction, private ImportBackend {
public:
    PgTransaction(PgWorkspace& ws, ImportPlan plan);
    ~PgTransaction() override;
    void add(const Record& record) override;
    ImportSummary commit(const CommitOptions& options) override;

private:
    void exec(const std::string& sql, const std::vector<std::string>& params) override;
    long long count(const std::string& sql, const std::vector<std::string>& params) override;
    void for_each(LayerKind kind, const std::function<void(const Record&)>& visit) override;
    void write_derived(LayerKind kind, const std::vector<RegionShape>& shapes) override;
    void write_submission(const Submission& submission) override;

    /// Rows of `schema`'s table by COPY until finish_copy().
    void start_copy(const LayerSchema& schema);
    void finish_copy();
    void copy_row(const LayerSchema& schema, const Record& r, long long submission, bool derived);

    PgWorkspace& m_ws;
    ImportPlan m_plan;
    const LayerSchema& m_schema;
    std::unique_ptr<pqxx::stream_to> m_copy;
    std::string m_line;
    long long m_submission = 0;
    long long m_rows = 0;
    bool m_fresh = false;
    bool m_done = false;
    std::vector<RegionShape> m_grid_shapes;
};

class PgWorkspace final : public Workspace {
public:
    PgWorkspace(PgUri uri, double wait_seconds) : m_uri(std::move(uri)), m_wait(wait_seconds) {
        try {
            m_conn = std::make_unique<pqxx::connection>(m_uri.conninfo);
        } catch (const pqxx::broken_connection& e) {
            throw BackendError(m_uri.redacted + ": cannot connect: " + first_line(e.what()));
        } catch (const pqxx::failure& e) {
            throw BackendError(m_uri.redacted + ": cannot connect: " + first_line(e.what()));
        }
        guarded("cannot prepare the session", [&] {
            pqxx::nontransaction n(*m_conn);
            if (n.exec("SELECT 1 FROM pg_extension WHERE extname = 'postgis'").empty())
                throw InputError(
                    m_uri.redacted +
                    ": the database has no PostGIS; its owner must run CREATE EXTENSION postgis; in it");
            // Wangge's tables first, then wherever PostGIS and the rest live.
            n.exec_params(
                "SELECT set_config('search_path', $1 || ', ' || current_setting('search_path'), false)",
                m_uri.schema);
            n.exec("SET client_encoding = 'UTF8'");
        });
    }

    ~PgWorkspace() override {
        try {
            m_tx.reset();
        } catch (...) {
        }
    }

    const std::string& uri() const override { return m_uri.redacted; }
    std::optional<std::string> crs() const override { return m_crs; }
    int srid() const { return m_srid; }
    const std::string& schema() const { return m_uri.schema; }
    double wait_seconds() const { return m_wait; }

    /// The version of the workspace's schema; 0 when the schema holds no workspace.
    int schema_version() {
        return guarded("cannot read the schema version", [&] {
            pqxx::transaction_base& tx = transaction();
            if (tx.exec_params(
                      "SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = "
                      "'wangge_schema_version'",
                      m_uri.schema)
                    .empty())
                return 0;
            return tx.exec("SELECT COALESCE(MAX(version), 0) FROM wangge_schema_version")[0][0].as<int>();
        });
    }

    /// Applies the migrations newer than the schema's version, in one transaction.
    void migrate() {
        write("cannot upgrade the workspace schema", [&](pqxx::work& w) {
            int have = 0;
            if (!w.exec_params(
                      "SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = "
                      "'wangge_schema_version'",
                      m_uri.schema)
                     .empty())
                have = w.exec("SELECT COALESCE(MAX(version), 0) FROM wangge_schema_version")[0][0].as<int>();
            for (const Migration& m : pg_migrations()) {
                if (m.version <= have) continue;
                w.exec(with_schema(m.sql, m_uri.schema));
                w.exec_params(
                    "INSERT INTO wangge_schema_version (version, name, applied_at) VALUES ($1, $2, $3)",
                    m.version, std::string(m.name), now_local());
            }
        });
    }

    void load_meta() {
        m_crs = meta("crs");
        auto srid = meta("srid");
        m_srid = srid ? parse_int(*srid).value_or(0) : 0;
    }

    std::optional<std::string> meta(const std::string& key) {
        return guarded("cannot read the workspace's metadata", [&]() -> std::optional<std::string> {
            pqxx::result r = transaction().exec_params("SELECT value FROM wangge_meta WHERE key = $1", key);
            if (r.empty() || r[0][0].is_null()) return std::nullopt;
            return r[0][0].as<std::string>();
        });
    }

    static void put_meta(pqxx::transaction_base& w, const std::string& key, const std::string& value) {
        w.exec_params(
            "INSERT INTO wangge_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = "
            "EXCLUDED.value",
            key, value);
    }

    /// Sets the workspace CRS: its SRID on every geometry column (the tables are empty then).
    void set_crs(pqxx::work& w, const std::string& crs) {
        geo::CrsInfo info = geo::describe_crs(crs);
        if (info.geographic)
            throw InputError("workspace CRS " + crs +
                             " is geographic; a workspace needs a projected CRS in metres");
        int srid = info.epsg;
        if (srid) {
            if (w.exec_params("SELECT 1 FROM spatial_ref_sys WHERE srid = $1", srid).empty())
                throw InputError(m_uri.redacted + ": PostGIS does not know EPSG:" + std::to_string(srid));
        } else {
            // A CRS without an EPSG code gets an SRID of its own from the range PostGIS leaves to users.
            pqxx::result same = w.exec_params("SELECT srid FROM spatial_ref_sys WHERE srtext = $1", info.wkt);
            if (!same.empty()) {
                srid = same[0][0].as<int>();
            } else {
                srid =
                    w.exec("SELECT COALESCE(MAX(srid), 909999) + 1 FROM spatial_ref_sys WHERE srid BETWEEN "
                           "910000 AND 998999")[0][0]
                        .as<int>();
                w.exec_params(
                    "INSERT INTO spatial_ref_sys (srid, auth_name, auth_srid, srtext, proj4text) VALUES "
                    "($1, 'wangge', $1, $2, '')",
                    srid, info.wkt);
            }
        }
        for (LayerKind k : all_layer_kinds) {
            const LayerSchema& s = schema_of(k);
            if (s.geometry == GeometryKind::none) continue;
            const std::string type = s.geometry == GeometryKind::point ? "Point" : "MultiPolygon";
            w.exec("ALTER TABLE " + s.table + " ALTER COLUMN geom TYPE geometry(" + type + ", " +
                   std::to_string(srid) + ") USING ST_SetSRID(geom, " + std::to_string(srid) + ")");
        }
        const std::string value = info.epsg ? "EPSG:" + std::to_string(info.epsg) : info.wkt;
        put_meta(w, "crs", value);
        put_meta(w, "srid", std::to_string(srid));
        m_crs = value;
        m_srid = srid;
    }

    std::unique_ptr<ImportTransaction> begin_import(const ImportPlan& plan) override {
        return std::make_unique<PgTransaction>(*this, plan);
    }

    void for_each(LayerKind kind, const std::function<void(const Record&)>& visit) override {
        guarded("cannot read " + schema_of(kind).table,
                [&] { read_rows(transaction(), schema_of(kind), "", visit); });
    }

    void for_each_parallel(LayerKind kind, unsigned parts,
                           const std::function<void(unsigned, const Record&)>& visit) override;
    void scan_parallel(LayerKind kind, std::span<const std::size_t> fields, unsigned parts,
                       const std::function<void(unsigned, const RecordView&)>& visit) override;

    std::vector<LayerCount> counts() override {
        return guarded("cannot count rows", [&] {
            std::vector<LayerCount> out;
            pqxx::transaction_base& tx = transaction();
            for (LayerKind k : all_layer_kinds) {
                LayerCount c{k, 0, 0};
                const std::string& t = schema_of(k).table;
                c.rows = tx.exec("SELECT COUNT(*) FROM " + t)[0][0].as<long long>();
                if (is_region_layer(k))
                    c.derived = tx.exec("SELECT COUNT(*) FROM " + t + " WHERE derived")[0][0].as<long long>();
                out.push_back(c);
            }
            return out;
        });
    }

    std::optional<geo::Box> extent(LayerKind kind) override {
        const LayerSchema& s = schema_of(kind);
        if (s.geometry == GeometryKind::none) return std::nullopt;
        return guarded("cannot read the extent of " + s.table, [&]() -> std::optional<geo::Box> {
            // Per-geometry boxes in double precision (ST_Extent's box2d would round to float).
            pqxx::row r = transaction().exec1("SELECT MIN(ST_XMin(geom::box3d)), MIN(ST_YMin(geom::box3d)), "
                                              "MAX(ST_XMax(geom::box3d)), MAX(ST_YMax(geom::box3d)) FROM " +
                                              s.table + " WHERE geom IS NOT NULL AND NOT ST_IsEmpty(geom)");
            if (r[0].is_null()) return std::nullopt;
            return geo::Box{r[0].as<double>(), r[1].as<double>(), r[2].as<double>(), r[3].as<double>()};
        });
    }

    std::vector<Submission> submissions() override {
        return guarded("cannot read the submissions", [&] {
            std::vector<Submission> out;
            for (const auto& row :
                 transaction().exec("SELECT submission, layer, COALESCE(district, ''), COALESCE(source, "
                                    "''), rows, submitted_at FROM submissions ORDER BY fid"))
                out.push_back({row[0].as<long long>(), row[1].as<std::string>(), row[2].as<std::string>(),
                               row[3].as<std::string>(), row[4].as<long long>(), row[5].as<std::string>()});
            return out;
        });
    }

    using Workspace::replace_table;
    void replace_table(const ResultTable& table, const RowSource& rows) override {
        write("cannot replace " + table.name, [&](pqxx::work& w) { replace_table_in(w, table, rows); });
    }

    /// Replaces a result table whole, inside the write transaction `w`.
    void replace_table_in(pqxx::work& w, const ResultTable& table, const RowSource& rows) {
        w.exec("DROP TABLE IF EXISTS " + w.quote_name(table.name) + " CASCADE");
        create_result_table(w, table);
        append_rows(w, table, rows);
    }

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
    std::vector<std::string> distinct_values(const std::string& table, const std::string& column) override {
        std::vector<std::string> out;
        for (auto& row : distinct_rows(table, {column})) out.push_back(std::move(row[0]));
        return out;
    }
    std::vector<std::vector<std::string>> distinct_rows(const std::string& table,
                                                        const std::vector<std::string>& columns) override;

    void put_document(const std::string& key, const std::string& text) override {
        write("cannot store " + key, [&](pqxx::work& w) { put_meta(w, "document:" + key, text); });
    }
    std::optional<std::string> document(const std::string& key) override { return meta("document:" + key); }

    // ---- transactions -------------------------------------------------------------------------

    /// The open transaction (an import's, while one is open), or else a new read-only snapshot that
    /// lasts until the next write: every read between two writes sees the workspace as one moment
    /// left it.
    pqxx::transaction_base& transaction() {
        if (!m_tx) m_tx = std::make_unique<ReadTransaction>(*m_conn);
        return *m_tx;
    }

    /// Ends the read snapshot and starts a write, once other writers of this workspace are done.
    pqxx::work& begin_write() {
        if (m_tx && !m_writing) {
            m_tx->commit();
            m_tx.reset();
        }
        if (m_tx) throw BackendError(m_uri.redacted + ": an import is already open on this connection");
        auto w = std::make_unique<pqxx::work>(*m_conn);
        w->exec("SET LOCAL lock_timeout = " + std::to_string(static_cast<long long>(m_wait * 1000)));
        w->exec_params("SELECT pg_advisory_xact_lock(hashtext('wangge workspace ' || $1))", m_uri.schema);
        pqxx::work& ref = *w;
        m_tx = std::move(w);
        m_writing = true;
        return ref;
    }

    void commit_write() {
        auto& w = static_cast<pqxx::work&>(*m_tx);
        // Readers that keep results in memory reload when this changes.
        w.exec("UPDATE wangge_meta SET value = (value::bigint + 1)::text WHERE key = 'version'");
        w.commit();
        m_tx.reset();
        m_writing = false;
    }

    /// Gathers the planner's statistics of freshly written tables. Autovacuum would, but only
    /// minutes later: until then the planner guesses, and the service's first bounding-box
    /// queries after an import may scan a whole table. The write is already committed, so a
    /// failure here (say, a role that may write but not analyze) leaves it to autovacuum.
    void analyze(const std::vector<std::string>& tables) noexcept {
        try {
            pqxx::nontransaction n(*m_conn);
            for (const std::string& t : tables) n.exec("ANALYZE " + n.quote_name(t));
        } catch (const std::exception&) {
        }
    }

    void abort_write() noexcept {
        try {
            if (m_tx) m_tx->abort();
        } catch (...) {
        }
        m_tx.reset();
        m_writing = false;
    }

    /// Runs `body` in one write transaction: committed when it returns, rolled back when it throws.
    template <typename Fn> void write(const std::string& what, Fn&& body) {
        guarded(what, [&] {
            try {
                body(begin_write());
                commit_write();
            } catch (...) {
                abort_write();
                throw;
            }
        });
    }

    /// Runs `fn`, turning libpqxx's exceptions into Wangge's, naming the workspace.
    template <typename Fn> auto guarded(const std::string& what, Fn&& fn) -> decltype(fn()) {
        try {
            return fn();
        } catch (...) {
            rethrow_as_wangge(m_uri.redacted, what, m_wait);
        }
    }

    /// Reads the rows of a layer in fid order through COPY (`where`: an extra condition).
    void read_rows(pqxx::transaction_base& tx, const LayerSchema& schema, const std::string& where,
                   const std::function<void(const Record&)>& visit);
    /// The same, as views of the fields `wanted` (indices into the schema), in that order.
    void scan_rows(pqxx::transaction_base& tx, const LayerSchema& schema, std::span<const std::size_t> wanted,
                   const std::string& where, const std::function<void(const RecordView&)>& visit);
    /// Runs `read` over slices of a layer's rows by fid on connections of their own, in this
    /// reader's snapshot (`where` selects a slice's rows); on this connection alone while
    /// writing or for one part.
    void in_slices(const LayerSchema& schema, unsigned parts,
                   const std::function<void(unsigned, pqxx::transaction_base&, const std::string&)>& read);

    void create_result_table(pqxx::work& w, const ResultTable& table) {
        std::string ddl = "CREATE TABLE " + w.quote_name(table.name) + " (fid bigserial PRIMARY KEY";
        for (const auto& c : table.columns) ddl += ", " + w.quote_name(c.name) + " " + sql_type(c.type);
        w.exec(ddl + ")");
    }

    static std::string sql_type(ResultTable::Type t) {
        return t == ResultTable::Type::integer ? "bigint"
               : t == ResultTable::Type::real  ? "double precision"
                                               : "text";
    }

    void append_rows(pqxx::work& w, const ResultTable& table, const RowSource& rows) {
        std::vector<std::string> names;
        for (const auto& c : table.columns) names.push_back(w.quote_name(c.name));
        pqxx::stream_to copy(w, w.quote_name(table.name), names);
        std::string line;
        char number[32];
        rows([&](std::span<const Cell> row) {
            line.clear();
            for (std::size_t i = 0; i < table.columns.size(); ++i) {
                if (i) line += '\t';
                const Cell cell = i < row.size() ? row[i] : Cell{};
                switch (cell.kind) {
                case Cell::Kind::null:
                    line += "\\N";
                    break;
                case Cell::Kind::integer:
                    line.append(number, std::to_chars(number, number + sizeof number, cell.integer).ptr);
                    break;
                case Cell::Kind::real: // the shortest text that reads back as the same double
                    line.append(number, std::to_chars(number, number + sizeof number, cell.real,
                                                      std::chars_format::general)
                                            .ptr);
                    break;
                case Cell::Kind::text:
                    copy_escape(line, cell.text);
                    break;
                }
            }
            write_line(copy, line);
            fault_point("table.row");
        });
        copy.complete();
    }

    /// A view of `select` on the region geometries, for QGIS.
    void create_map_view(pqxx::work& w, const std::string& view, const std::string& select,
                         const std::string& description) {
        w.exec("DROP VIEW IF EXISTS " + w.quote_name(view));
        w.exec("CREATE VIEW " + w.quote_name(view) + " AS " + select);
        w.exec("COMMENT ON VIEW " + w.quote_name(view) + " IS " + w.quote(description));
    }

    pqxx::connection& connection() { return *m_conn; }
    const PgUri& address() const { return m_uri; }

private:
    PgUri m_uri;
    double m_wait = 5;
    std::unique_ptr<pqxx::connection> m_conn;
    std::unique_ptr<pqxx::transaction_base> m_tx;
    bool m_writing = false;
    std::optional<std::string> m_crs;
    int m_srid = 0;
};

// ---- reads ------------------------------------------------------------------------------------

/// A COPY field that holds a whole number (fid, source_row); 0 for null.
long long whole_number(const std::optional<std::string_view>& field) {
    long long v = 0;
    if (field) std::from_chars(field->data(), field->data() + field->size(), v);
    return v;
}

/// A boolean as COPY writes it ("t", "f"), as the GeoPackage keeps it ("1", "0").
std::string_view gpkg_boolean(std::string_view copy_text) {
    return copy_text == "t" ? "1" : "0";
}

void PgWorkspace::read_rows(pqxx::transaction_base& tx, const LayerSchema& schema, const std::string& where,
                            const std::function<void(const Record&)>& visit) {
    scan_rows(tx, schema, every_field(schema), where, as_records(visit));
}

void PgWorkspace::scan_rows(pqxx::transaction_base& tx, const LayerSchema& schema,
                            std::span<const std::size_t> wanted, const std::string& where,
                            const std::function<void(const RecordView&)>& visit) {
    // fid, source_row, the fields and the geometry as they are stored (in its own output form,
    // hex EWKB): the server only reads, the client decodes.
    std::string list = "fid, source_row";
    for (std::size_t i : wanted) list += ", \"" + schema.fields[i].canonical + "\"";
    if (schema.geometry != GeometryKind::none) list += ", geom";
    // libpqxx 6 copies from a table name: a parenthesised query is one too.
    pqxx::stream_from copy(tx, "(SELECT " + list + " FROM " + schema.table +
                                   (where.empty() ? "" : " WHERE " + where) + " ORDER BY fid)");
    std::string line;
    CopyLine fields;
    DecodedGeometry geometry;
    const std::size_t n = wanted.size();
    while (copy.get_raw_line(line)) {
        fields.split(line);
        for (std::size_t i = 0; i < n; ++i)
            if (schema.fields[wanted[i]].type == FieldType::boolean && fields[2 + i])
                fields[2 + i] = gpkg_boolean(*fields[2 + i]);
        geometry.decode(schema.geometry,
                        schema.geometry == GeometryKind::none ? std::nullopt : fields[2 + n]);
        visit(RecordView{.values = fields.fields(2, n),
                         .wkb = geometry.wkb,
                         .x = geometry.x,
                         .y = geometry.y,
                         .row = whole_number(fields[1]),
                         .fid = whole_number(fields[0]),
                         .geometry_problem = geometry.problem});
    }
    copy.complete();
}

void PgWorkspace::in_slices(
    const LayerSchema& schema, unsigned parts,
    const std::function<void(unsigned, pqxx::transaction_base&, const std::string&)>& read) {
    guarded("cannot read " + schema.table, [&] {
        pqxx::transaction_base& tx = transaction();
        if (m_writing || parts <= 1) {
            read(0, tx, "");
            return;
        }
        pqxx::row range =
            tx.exec1("SELECT COALESCE(MIN(fid), 0), COALESCE(MAX(fid), 0) FROM " + schema.table);
        long long lo = range[0].as<long long>(), hi = range[1].as<long long>();
        long long span = (hi - lo + 1 + parts - 1) / parts;
        // Each slice on a connection of its own, in this reader's snapshot.
        std::string snapshot = tx.exec1("SELECT pg_export_snapshot()")[0].as<std::string>();
        parallel_for(parts, [&](std::size_t p) {
            guarded("cannot read " + schema.table, [&] {
                pqxx::connection c(m_uri.conninfo);
                pqxx::nontransaction setup(c);
                // A slice is one plain scan: compiling it (the server's JIT, which its cost
                // estimate calls for) takes longer than it saves (3 million cases read: 5 %).
                setup.exec_params(
                    "SELECT set_config('search_path', $1 || ', ' || current_setting('search_path'), "
                    "false), set_config('jit', 'off', false)",
                    m_uri.schema);
                setup.commit();
                ReadTransaction slice(c);
                slice.exec("SET TRANSACTION SNAPSHOT " + slice.quote(snapshot));
                long long from = lo + static_cast<long long>(p) * span;
                read(static_cast<unsigned>(p), slice,
                     "fid >= " + std::to_string(from) + " AND fid < " + std::to_string(from + span));
            });
        });
    });
}

void PgWorkspace::for_each_parallel(LayerKind kind, unsigned parts,
                                    const std::function<void(unsigned, const Record&)>& visit) {
    const LayerSchema& schema = schema_of(kind);
    in_slices(schema, parts, [&](unsigned part, pqxx::transaction_base& tx, const std::string& where) {
        read_rows(tx, schema, where, [&](const Record& r) { visit(part, r); });
    });
}

void PgWorkspace::scan_parallel(LayerKind kind, std::span<const std::size_t> fields, unsigned parts,
                                const std::function<void(unsigned, const RecordView&)>& visit) {
    const LayerSchema& schema = schema_of(kind);
    in_slices(schema, parts, [&](unsigned part, pqxx::transaction_base& tx, const std::string& where) {
        scan_rows(tx, schema, fields, where, [&](const RecordView& r) { visit(part, r); });
    });
}

namespace {

/// A result table's columns as the server has them (fid aside), in their order; empty when the
/// table does not exist.
std::vector<ResultTable::Column> result_columns(pqxx::transaction_base& tx, const std::string& schema,
                                                const std::string& name) {
    std::vector<ResultTable::Column> out;
    pqxx::result cols = tx.exec_params(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND "
        "table_name = $2 AND column_name <> 'fid' ORDER BY ordinal_position",
        schema, name);
    for (const auto& c : cols) {
        std::string column = c[0].as<std::string>(), type = c[1].as<std::string>();
        out.push_back({column, type == "bigint" || type == "integer" ? ResultTable::Type::integer
                               : type == "double precision"          ? ResultTable::Type::real
                                                                     : ResultTable::Type::text});
    }
    return out;
}

} // namespace

std::optional<ResultTable> PgWorkspace::table(const std::string& name,
                                              const std::optional<RowFilter>& filter) {
    ResultTable t;
    t.name = name;
    const bool found = scan_table(
        name, filter, [&](const std::vector<ResultTable::Column>& columns) { t.columns = columns; },
        [&](std::span<const std::string_view> values) { t.rows.emplace_back(values.begin(), values.end()); });
    if (!found) return std::nullopt;
    return t;
}

bool PgWorkspace::scan_table(const std::string& name, const std::optional<RowFilter>& filter,
                             const std::function<void(const std::vector<ResultTable::Column>&)>& columns,
                             const std::function<void(std::span<const std::string_view>)>& row) {
    return guarded("cannot read " + name, [&] {
        pqxx::transaction_base& tx = transaction();
        const std::vector<ResultTable::Column> cols = result_columns(tx, m_uri.schema, name);
        if (cols.empty()) return false;
        std::string list;
        bool has_filter_column = false;
        for (const auto& c : cols) {
            list += (list.empty() ? "" : ", ") + tx.quote_name(c.name);
            if (filter && c.name == filter->column) has_filter_column = true;
        }
        if (filter && !has_filter_column)
            throw BackendError(m_uri.redacted + ": table " + name + " has no column " + filter->column);
        columns(cols);
        // Through COPY, a row at a time: a query's result would hold the whole period (229,000
        // rows of 40 values for a big city) in the client before the first row is seen.
        // COPY writes numbers as a query does (the shortest text that reads back the same).
        std::string select = "(SELECT " + list + " FROM " + tx.quote_name(name);
        if (filter)
            select += " WHERE " + tx.quote_name(filter->column) + "::text = " + tx.quote(filter->value);
        pqxx::stream_from copy(tx, select + " ORDER BY fid)");
        std::string line;
        CopyLine fields;
        std::vector<std::string_view> values(cols.size());
        while (copy.get_raw_line(line)) {
            fields.split(line);
            if (fields.size() != cols.size())
                throw BackendError(m_uri.redacted + ": " + name + " gave a row of " +
                                   std::to_string(fields.size()) + " values for " +
                                   std::to_string(cols.size()) + " columns");
            for (std::size_t i = 0; i < cols.size(); ++i) values[i] = fields[i].value_or(std::string_view());
            row(values);
        }
        copy.complete();
        return true;
    });
}

std::vector<std::vector<std::string>> PgWorkspace::distinct_rows(const std::string& table,
                                                                 const std::vector<std::string>& columns) {
    return guarded("cannot read " + table, [&] {
        std::vector<std::vector<std::string>> out;
        if (columns.empty()) return out;
        pqxx::transaction_base& tx = transaction();
        std::string list, order;
        for (const std::string& c : columns) {
            pqxx::result type =
                tx.exec_params("SELECT data_type FROM information_schema.columns WHERE table_schema "
                               "= $1 AND table_name = $2 AND column_name = $3",
                               m_uri.schema, table, c);
            if (type.empty()) return out;
            // Byte order, as the GeoPackage sorts, whatever the database's collation.
            list += (list.empty() ? "" : ", ") + tx.quote_name(c) +
                    (type[0][0].as<std::string>() == "text" ? " COLLATE \"C\"" : "");
            order += (order.empty() ? "" : ", ") + std::to_string(&c - columns.data() + 1);
        }
        for (const auto& row :
             tx.exec("SELECT DISTINCT " + list + " FROM " + tx.quote_name(table) + " WHERE " +
                     tx.quote_name(columns[0]) + " IS NOT NULL ORDER BY " + order)) {
            std::vector<std::string> values;
            for (const auto& f : row) values.emplace_back(f.is_null() ? "" : f.c_str());
            out.push_back(std::move(values));
        }
        return out;
    });
}

void PgWorkspace::store_assessment(const ResultTable& table, const std::string& period, const RowSource& rows,
                                   std::span<const ResultTable> whole) {
    write("cannot store the assessment of " + period, [&](pqxx::work& w) {
        const std::string t = w.quote_name(table.name);
        if (w.exec_params(
                 "SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2",
                 m_uri.schema, table.name)
                .empty()) {
            create_result_table(w, table);
            w.exec("CREATE INDEX ON " + t + " (period, level, code)");
        }
        // A workspace written by an earlier version lacks the newer columns.
        for (const auto& c : table.columns)
            w.exec("ALTER TABLE " + t + " ADD COLUMN IF NOT EXISTS " + w.quote_name(c.name) + " " +
                   sql_type(c.type));
        w.exec_params("DELETE FROM " + t + " WHERE period = $1", period);
        append_rows(w, table, rows);
        for (const ResultTable& other : whole) replace_table_in(w, other, rows_of(other));
        put_meta(w, "grades_period", period);
        std::string columns;
        for (const auto& c : table.columns)
            if (c.name != "code") columns += ", r." + w.quote_name(c.name);
        for (auto [level, regions] : grade_levels)
            create_map_view(
                w, std::string("grades_") + level,
                "SELECT g.fid AS fid, g.geom AS geom, g.code AS code" + columns + " FROM " + regions +
                    " g JOIN " + t + " r ON r.code = g.code AND r.level = '" + level +
                    "' AND r.period = (SELECT value FROM wangge_meta WHERE key = 'grades_period')",
                std::string("考核等级 grades by ") + level + ", the period last assessed");
    });
}

void PgWorkspace::store_coverage(const ResultTable& table, const RowSource& rows) {
    write("cannot store the census coverage", [&](pqxx::work& w) {
        replace_table_in(w, table, rows);
        std::string columns;
        for (const auto& c : table.columns)
            if (c.name != "grid_fid" && c.name != "grid_code") columns += ", c." + w.quote_name(c.name);
        create_map_view(
            w, "coverage_grid",
            "SELECT g.fid AS fid, g.geom AS geom, g.code AS grid_code" + columns + " FROM grids g JOIN " +
                w.quote_name(table.name) + " c ON c.grid_fid = g.fid",
            "普查覆盖 census coverage per grid: empty (red), mostly stale (orange), covered (green)");
    });
}

// ---- imports ----------------------------------------------------------------------------------

PgTransaction::PgTransaction(PgWorkspace& ws, ImportPlan plan)
    : m_ws(ws), m_plan(std::move(plan)), m_schema(schema_of(m_plan.kind)) {
    m_ws.guarded("cannot start the import", [&] {
        try {
            pqxx::work& w = m_ws.begin_write();
            if (!m_ws.crs()) {
                if (!m_plan.workspace_crs)
                    throw InputError(m_ws.uri() + ": the workspace has no CRS yet; give --crs");
                m_ws.set_crs(w, *m_plan.workspace_crs);
            }
            m_submission =
                w.exec1("SELECT COALESCE(MAX(submission), 0) + 1 FROM submissions")[0].as<long long>();
            m_fresh = w.exec("SELECT 1 FROM " + m_schema.table + " LIMIT 1").empty();
            start_copy(m_schema);
        } catch (...) {
            m_copy.reset();
            m_ws.abort_write();
            throw;
        }
    });
}

PgTransaction::~PgTransaction() {
    if (m_done) return;
    try {
        m_copy.reset();
    } catch (...) {
    }
    m_ws.abort_write();
}

void PgTransaction::start_copy(const LayerSchema& schema) {
    std::vector<std::string> columns;
    for (const FieldSpec& f : schema.fields) columns.push_back("\"" + f.canonical + "\"");
    columns.insert(columns.end(), {"submission", "source_row"});
    if (is_region_layer(schema.kind)) columns.push_back("derived");
    if (schema.geometry != GeometryKind::none) columns.push_back("geom");
    m_copy = std::make_unique<pqxx::stream_to>(m_ws.transaction(), schema.table, columns);
}

void PgTransaction::finish_copy() {
    if (!m_copy) return;
    m_copy->complete();
    m_copy.reset();
}

void PgTransaction::copy_row(const LayerSchema& schema, const Record& r, long long submission, bool derived) {
    m_line.clear();
    for (std::size_t i = 0; i < schema.fields.size(); ++i) {
        const auto& v = r.values[i];
        if (!v) {
            m_line += "\\N\t";
            continue;
        }
        switch (schema.fields[i].type) {
        case FieldType::integer:
        case FieldType::boolean:
            m_line += std::to_string(parse_int(*v).value_or(0)); // normalised on import
            break;
        default:
            copy_escape(m_line, *v);
        }
        m_line += '\t';
    }
    m_line += std::to_string(submission); // 0 for derived rows, as on GeoPackage
    m_line += '\t';
    m_line += r.row ? std::to_string(r.row) : "\\N";
    if (is_region_layer(schema.kind)) m_line += derived ? "\tt" : "\tf";
    if (schema.geometry == GeometryKind::point) {
        m_line += '\t';
        append_point(m_line, r.x, r.y, m_ws.srid());
    } else if (schema.geometry == GeometryKind::polygon) {
        m_line += '\t';
        if (r.wkb.empty())
            m_line += "\\N";
        else
            append_multipolygon(m_line, r.wkb, r.row, m_ws.srid());
    }
    write_line(*m_copy, m_line);
}

void PgTransaction::add(const Record& record) {
    m_ws.guarded("cannot write row " + std::to_string(record.row) + " to " + m_schema.table,
                 [&] { copy_row(m_schema, record, m_submission, false); });
    ++m_rows;
    if (m_plan.kind == LayerKind::grids && m_fresh) {
        const auto& code = record.values[0];
        if (code && is_region_code(*code, Level::grid)) m_grid_shapes.push_back({*code, record.wkb});
    }
}

void PgTransaction::exec(const std::string& sql, const std::vector<std::string>& params) {
    m_ws.transaction().exec_params(sql, pqxx::prepare::make_dynamic_params(params));
}

long long PgTransaction::count(const std::string& sql, const std::vector<std::string>& params) {
    return m_ws.transaction()
        .exec_params(sql, pqxx::prepare::make_dynamic_params(params))[0][0]
        .as<long long>();
}

void PgTransaction::for_each(LayerKind kind, const std::function<void(const Record&)>& visit) {
    m_ws.read_rows(m_ws.transaction(), schema_of(kind), "", visit);
}

void PgTransaction::write_derived(LayerKind kind, const std::vector<RegionShape>& shapes) {
    const LayerSchema& schema = schema_of(kind);
    start_copy(schema);
    Record r;
    r.values.resize(schema.fields.size());
    for (const RegionShape& shape : shapes) {
        r.values[0] = shape.code;
        r.wkb = shape.wkb;
        copy_row(schema, r, 0, true);
    }
    finish_copy();
}

void PgTransaction::write_submission(const Submission& s) {
    m_ws.transaction().exec_params(
        "INSERT INTO submissions (submission, layer, district, source, rows, submitted_at) "
        "VALUES ($1, $2, $3, $4, $5, $6)",
        s.id, s.layer, s.district, s.source, s.rows, s.submitted_at);
}

ImportSummary PgTransaction::commit(const CommitOptions& options) {
    return m_ws.guarded("cannot commit the import into " + m_schema.table, [&] {
        PhaseTimer timer;
        finish_copy();
        timer.lap("copy");
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
        if (rules.derives()) {
            step("deriving the upper levels");
            auto derivation =
                rules.start_derivation(std::move(m_grid_shapes), m_plan.kind == LayerKind::grids && m_fresh);
            summary.derived = rules.write_derived(derivation.get());
        }
        timer.lap("upper levels");
        step("committing");
        rules.record_submission(options, m_rows);
        fault_point("import.commit");
        m_ws.commit_write();
        m_done = true;
        timer.lap("commit");
        std::vector<std::string> written = summary.derived;
        written.push_back(m_schema.table);
        m_ws.analyze(written);
        timer.lap("statistics");
        return summary;
    });
}

/// Opens the workspace in `uri`'s schema, checking (and upgrading) its schema version.
std::unique_ptr<PgWorkspace> connect(const std::string& uri, double wait_seconds) {
    return std::make_unique<PgWorkspace>(parse_pg_uri(uri), wait_seconds);
}

} // namespace

std::unique_ptr<Workspace> create_pg_workspace(const std::string& uri,
                                               const std::optional<std::string>& crs) {
    auto ws = connect(uri, OpenOptions{}.wait_seconds);
    if (ws->schema_version() > 0)
        throw InputError(ws->uri() + ": a workspace is already in schema " + ws->schema() +
                         "; open it, or give " + "another with ?schema=NAME");
    ws->migrate();
    ws->write("cannot create the workspace", [&](pqxx::work& w) {
        PgWorkspace::put_meta(w, "format", "wangge-workspace-1");
        PgWorkspace::put_meta(w, "created_at", now_local());
        if (crs) ws->set_crs(w, *crs);
    });
    return ws;
}

std::unique_ptr<Workspace> open_pg_workspace(const std::string& uri, const OpenOptions& options) {
    auto ws = connect(uri, options.wait_seconds);
    int version = ws->schema_version();
    if (version == 0)
        throw InputError(ws->uri() + ": no workspace in schema " + ws->schema() +
                         "; create one with 'wangge init --workspace " + ws->uri() + "'");
    if (version > latest_version())
        throw InputError(ws->uri() + ": the workspace's schema is version " + std::to_string(version) +
                         ", newer than this wangge knows (" + std::to_string(latest_version()) +
                         "); use a newer wangge");
    if (version < latest_version()) ws->migrate();
    ws->load_meta();
    return ws;
}

std::string pg_workspace_version(const std::string& uri) {
    // One connection per thread and address: the service asks on every request.
    thread_local std::map<std::string, std::unique_ptr<pqxx::connection>> connections;
    PgUri address = parse_pg_uri(uri);
    try {
        auto& c = connections[uri];
        if (!c || !c->is_open()) c = std::make_unique<pqxx::connection>(address.conninfo);
        pqxx::nontransaction n(*c);
        pqxx::result r = n.exec_params("SELECT value FROM " + n.quote_name(address.schema) +
                                       ".wangge_meta WHERE key = 'version'");
        return r.empty() ? "-" : r[0][0].as<std::string>();
    } catch (const pqxx::failure& e) {
        connections.erase(uri);
        throw BackendError(address.redacted +
                           ": cannot read the workspace's version: " + first_line(e.what()));
    }
}

} // namespace wangge::layers
