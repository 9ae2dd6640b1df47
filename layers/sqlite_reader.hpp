#pragma once

#include "layers/schema.hpp"
#include "layers/store.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

struct sqlite3;

namespace wangge::layers {

/// Appends rows to an existing table over an open connection (the one GDAL holds for a
/// GeoPackage, inside its transaction): one prepared statement, each value bound as text and
/// stored by the column's affinity (INTEGER, REAL), "" as null. Much faster than GDAL's features
/// for the hundreds of thousands of result rows of a big city. `after_row` runs after each row.
/// BackendError with SQLite's message on failure.
void insert_rows(sqlite3* db, const std::string& table, const std::vector<std::string>& columns,
                 const RowSource& rows, const std::function<void()>& after_row);

/// Reads a workspace table straight through SQLite, skipping GDAL's per-feature objects: several
/// times faster for the millions of cases and components that assessment and census read. Only
/// for committed data (it has its own read-only connection). Owns the connection; one thread.
class SqliteTableReader {
public:
    /// Opens `path` read-only, waiting up to `wait_seconds` for a writer's lock.
    explicit SqliteTableReader(const std::string& path, double wait_seconds = 5);
    ~SqliteTableReader();
    SqliteTableReader(const SqliteTableReader&) = delete;
    SqliteTableReader& operator=(const SqliteTableReader&) = delete;

    /// Visits every row of the schema's table in fid order, as GpkgWorkspace::for_each does.
    void for_each(const LayerSchema& schema, const std::function<void(const Record&)>& visit);
    /// The same for the rows with fid in [from, to).
    void for_each(const LayerSchema& schema, long long from, long long to,
                  const std::function<void(const Record&)>& visit);
    /// The rows with fid in [from, to), in fid order, as views of the schema's `fields` (indices
    /// into it): no value copied.
    void scan(const LayerSchema& schema, std::span<const std::size_t> fields, long long from, long long to,
              const std::function<void(const RecordView&)>& visit);
    /// Smallest and largest fid of a table (0, 0 when empty).
    std::pair<long long, long long> fid_range(const std::string& table);
    /// Names of the database's tables.
    std::vector<std::string> table_names();
    /// `value` of the row with `key` in a key/value table; nullopt when there is none.
    std::optional<std::string> meta_value(const std::string& table, const std::string& key);

    /// Waits up to the reader's wait for a writer to let others read; false when it still
    /// holds its lock.
    bool wait_for_readers();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace wangge::layers
