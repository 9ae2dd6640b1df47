#pragma once

#include "geo/polygon.hpp"
#include "layers/schema.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wangge::layers {

/// What an import replaces in the workspace (design.md "The workspace").
enum class ReplaceMode {
    whole_layer,   ///< the layer is replaced (regions, roster)
    districts,     ///< rows of the districts the import names or holds (grids, components)
    upsert_by_key, ///< rows whose key the import carries (cases, keyed by case_id)
};

struct ImportPlan {
    LayerKind kind = LayerKind::grids;
    ReplaceMode mode = ReplaceMode::whole_layer;
    std::string source; ///< file name, recorded with the submission
    /// The CRS to give the workspace when it has none yet (the first import decides it).
    std::optional<std::string> workspace_crs;
};

/// A record of one import.
struct Submission {
    long long id = 0;
    std::string layer;
    std::string district; ///< empty when the import was not by district
    std::string source;
    long long rows = 0;
    std::string submitted_at; ///< Asia/Shanghai local time
};

struct ImportSummary {
    long long rows = 0;
    long long replaced = 0;             ///< rows the import took the place of
    std::vector<std::string> districts; ///< districts replaced, for a district import
    bool dry_run = false;               ///< nothing was written
    std::vector<std::string> derived;   ///< upper levels derived from the grids afresh
};

/// How an import ends, decided once every row has been read.
struct CommitOptions {
    /// ReplaceMode::districts: the districts whose earlier rows are replaced, and the district
    /// given to the import's rows labelled with any other district or none.
    std::vector<std::string> districts;
    std::string home;
    bool relabel = true;  ///< some rows name another district or none: give them `home`
    bool dry_run = false; ///< work out the summary, then roll back
    /// Told of each long step of the commit ("building the spatial index", …) as it starts.
    std::function<void(const char* step)> on_step;
};

/// One atomic import. Rows added are invisible to others until commit(); the destructor rolls
/// back an uncommitted import, leaving the workspace as it was.
class ImportTransaction {
public:
    virtual ~ImportTransaction() = default;
    /// Adds a row; with ReplaceMode::districts its `district` value is the one its code names.
    virtual void add(const Record& record) = 0;
    /// Applies the replacement, derives upper levels when grids or regions changed, records the
    /// submission and commits. Throws BackendError (and rolls back) on failure.
    virtual ImportSummary commit(const CommitOptions& options) = 0;
};

struct LayerCount {
    LayerKind kind;
    long long rows = 0;
    long long derived = 0; ///< region layers: rows derived from grids rather than loaded
};

/// The grade layers, `grades_<level>`: each level of an assessment with the region table whose
/// geometries its rows are shown on.
inline constexpr std::pair<const char*, const char*> grade_levels[] = {
    {"district", "districts"}, {"street", "streets"}, {"community", "communities"}, {"grid", "grids"}};

/// An aspatial table of results (census coverage per grid, assessment rows, …).
struct ResultTable {
    enum class Type { text, integer, real };
    struct Column {
        std::string name;
        Type type = Type::text;
    };
    std::string name;
    std::vector<Column> columns;
    std::vector<std::vector<std::string>> rows; ///< values as text; "" is null
};

/// One value of a result row as its maker has it, so that a store writes numbers as numbers
/// (a big city's results are millions of them): null, a whole number, a real or text. Text is a
/// view, valid while the row is being handed over.
struct Cell {
    enum class Kind : unsigned char { null, integer, real, text };
    Kind kind = Kind::null;
    long long integer = 0;
    double real = 0;
    std::string_view text;

    static Cell of(long long v) {
        Cell c;
        c.kind = Kind::integer;
        c.integer = v;
        return c;
    }
    static Cell of(double v) {
        Cell c;
        c.kind = Kind::real;
        c.real = v;
        return c;
    }
    /// Text; the empty text is null, as in ResultTable.
    static Cell of(std::string_view v) {
        Cell c;
        if (!v.empty()) c.kind = Kind::text, c.text = v;
        return c;
    }
    static Cell of(const std::optional<double>& v) { return v ? of(*v) : Cell{}; }
};

/// A cell as ResultTable holds it: a number in its shortest form that reads back the same
/// ("%g" style), "" for null.
std::string cell_text(const Cell& cell);

/// Rows handed over one at a time, for a table too big to hold: a RowSource calls `emit` once per
/// row, in order, with a cell per column.
using RowEmitter = std::function<void(std::span<const Cell> row)>;
using RowSource = std::function<void(const RowEmitter& emit)>;

/// Hands over a row of text values ("" is null) as cells.
void emit_text_row(const RowEmitter& emit, const std::vector<std::string>& row);

/// The rows a ResultTable holds, as a RowSource (the table must outlive it).
inline RowSource rows_of(const ResultTable& table) {
    return [&table](const RowEmitter& emit) {
        for (const auto& row : table.rows) emit_text_row(emit, row);
    };
}

/// Rows whose `column` holds `value`.
struct RowFilter {
    std::string column, value;
};

/// A city's workspace: one projected metric CRS, and the tables of layers/schema.hpp.
/// Implementations: GeoPackage (embedded default); PostGIS. Not thread-safe: one per thread.
class Workspace {
public:
    virtual ~Workspace() = default;

    virtual const std::string& uri() const = 0;
    /// The workspace CRS ("EPSG:4547" or WKT); nullopt until set by init or the first import.
    virtual std::optional<std::string> crs() const = 0;

    virtual std::unique_ptr<ImportTransaction> begin_import(const ImportPlan& plan) = 0;

    /// Visits every row of a layer, in storage order.
    virtual void for_each(LayerKind kind, const std::function<void(const Record&)>& visit) = 0;
    /// Visits every row, split into `parts` consecutive slices read on their own threads:
    /// `visit(part, record)` runs concurrently for different parts, in row order within a part,
    /// and part p holds rows before part p + 1. Falls back to one part where that is not possible.
    virtual void for_each_parallel(LayerKind kind, unsigned parts,
                                   const std::function<void(unsigned part, const Record&)>& visit) = 0;
    /// As for_each_parallel, but each row as a view of the fields asked for (indices into the
    /// layer's schema, in the order wanted): for the millions of cases that assessment reads,
    /// where copying every value is most of the work. This default reads Records and views them.
    virtual void scan_parallel(LayerKind kind, std::span<const std::size_t> fields, unsigned parts,
                               const std::function<void(unsigned part, const RecordView&)>& visit);
    virtual std::vector<LayerCount> counts() = 0;
    /// The extent of a layer's geometries in the workspace CRS; nullopt when it holds none.
    virtual std::optional<geo::Box> extent(LayerKind kind) = 0;
    virtual std::vector<Submission> submissions() = 0;

    /// Replaces a result table whole, atomically.
    void replace_table(const ResultTable& table) { replace_table(table, rows_of(table)); }
    /// The same with the rows `rows` gives (`table.rows` is not read): one row in memory at a time.
    virtual void replace_table(const ResultTable& table, const RowSource& rows) = 0;
    /// Reads a result table; nullopt when it was never written.
    std::optional<ResultTable> table(const std::string& name) { return table(name, std::nullopt); }
    /// Reads the rows of a result table whose `column` equals `value` (filter given).
    virtual std::optional<ResultTable> table(const std::string& name,
                                             const std::optional<RowFilter>& filter) = 0;
    /// The same rows handed over one at a time, for a table too big to hold as text (a big
    /// city's period: 229,000 rows of 40 values): `columns` once, then `row` for each, its values
    /// views valid during the call ("" is null). Returns false when the table was never written.
    virtual bool scan_table(const std::string& name, const std::optional<RowFilter>& filter,
                            const std::function<void(const std::vector<ResultTable::Column>&)>& columns,
                            const std::function<void(std::span<const std::string_view>)>& row);
    /// The distinct non-null values of a result table's column, sorted; empty when the table
    /// or the column does not exist.
    virtual std::vector<std::string> distinct_values(const std::string& table, const std::string& column) = 0;
    /// The distinct combinations of `columns` in `table` with the first not null, sorted (e.g. a
    /// department's code and name); empty when the table or a column is missing.
    virtual std::vector<std::vector<std::string>> distinct_rows(const std::string& table,
                                                                const std::vector<std::string>& columns) = 0;
    /// Stores the region rows of one period's assessment (`rows`: a table keyed by period, level
    /// and code, with `colour`), replacing that period's earlier rows, and shows them to QGIS: a
    /// layer per level (`grades_district` … `grades_grid`) joining the rows of this period to
    /// the region geometries, filled with each row's colour by its default style. Atomic.
    void store_assessment(const ResultTable& rows, const std::string& period) {
        store_assessment(rows, period, rows_of(rows), {});
    }
    /// The same with the rows `rows` gives (`table.rows` is not read), and the tables that go
    /// with them (the departments' and staff's, `whole`: each replaces its table whole), in the
    /// same transaction: the assessment is stored all together or not at all.
    virtual void store_assessment(const ResultTable& table, const std::string& period, const RowSource& rows,
                                  std::span<const ResultTable> whole) = 0;
    /// Replaces the census coverage per grid (`rows`: keyed by `grid_fid`, with `colour`) and shows
    /// it to QGIS as the layer `coverage_grid` on the grid geometries, filled with each row's
    /// colour by its default style. Atomic.
    void store_coverage(const ResultTable& rows) { store_coverage(rows, rows_of(rows)); }
    /// The same with the rows `rows` gives (`table.rows` is not read).
    virtual void store_coverage(const ResultTable& table, const RowSource& rows) = 0;
    /// Stores and reads a named text document (the last census or assessment report as JSON).
    virtual void put_document(const std::string& key, const std::string& text) = 0;
    virtual std::optional<std::string> document(const std::string& key) = 0;
};

/// `uri` as it may appear in a message or a log: any password in a postgresql:// URI replaced by
/// `***`; a path unchanged.
std::string redact_uri(const std::string& uri);

/// Creates a new workspace at `uri` (a .gpkg path or a postgresql:// URI, layers/pg_uri.hpp). Throws
/// InputError when it exists already.
std::unique_ptr<Workspace> create_workspace(const std::string& uri, const std::optional<std::string>& crs);
struct OpenOptions {
    /// How long to wait for another process (an import) that is writing the workspace.
    double wait_seconds = 5;
};

/// What a workspace holds now, as an opaque text that changes whenever its contents do (for
/// readers that keep results in memory). Cheap: a stat, no open.
std::string workspace_version(const std::string& uri);

/// Opens an existing workspace. Throws InputError naming the path when there is none or it is
/// not a workspace; BackendError ("workspace busy", "read-only") when it cannot be written now.
std::unique_ptr<Workspace> open_workspace(const std::string& uri, const OpenOptions& options = {});

} // namespace wangge::layers
