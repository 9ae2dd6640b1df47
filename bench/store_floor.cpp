// Benchmark reference (not a test): SQLite's own time to write an assessment's rows, the floor
// under `wangge assess`'s store. It reads one period's rows of assessment_results from a
// workspace into memory, typed as stored, then writes them into a new file holding a table of the
// same columns and key index: prepared statements of many rows each, one transaction, committed.
// Nothing a real store also does is in it: no rows made from results, no old rows deleted, no
// journal of pages written over. Prints the best of three writes in seconds.
// Usage: store_floor WORKSPACE PERIOD SCRATCH_FILE

#include "geo/sqlite_handles.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <variant>
#include <vector>

namespace {

using namespace wangge;
using Value = std::variant<std::monostate, long long, double, std::string>;

SqliteConnection open(const std::string& path, int flags) {
    sqlite3* raw = nullptr;
    if (sqlite3_open_v2(path.c_str(), &raw, flags, nullptr) != SQLITE_OK) {
        SqliteConnection owned(raw);
        throw BackendError("cannot open " + path + ": " + sqlite3_errmsg(raw));
    }
    return SqliteConnection(raw);
}

struct Rows {
    std::vector<std::string> columns;
    std::vector<Value> values; // row after row
};

Rows read_period(const std::string& workspace, const std::string& period) {
    SqliteConnection db = open(workspace, SQLITE_OPEN_READONLY);
    SqliteStatement s =
        sqlite_prepare(db.get(), "SELECT * FROM assessment_results WHERE period = ?", "read the rows");
    sqlite3_bind_text(s.get(), 1, period.data(), static_cast<int>(period.size()), SQLITE_TRANSIENT);
    Rows rows;
    const int n = sqlite3_column_count(s.get());
    for (int c = 1; c < n; ++c) rows.columns.emplace_back(sqlite3_column_name(s.get(), c)); // not fid
    while (sqlite3_step(s.get()) == SQLITE_ROW)
        for (int c = 1; c < n; ++c) switch (sqlite3_column_type(s.get(), c)) {
            case SQLITE_INTEGER:
                rows.values.emplace_back(static_cast<long long>(sqlite3_column_int64(s.get(), c)));
                break;
            case SQLITE_FLOAT:
                rows.values.emplace_back(sqlite3_column_double(s.get(), c));
                break;
            case SQLITE_TEXT:
                rows.values.emplace_back(
                    std::string(reinterpret_cast<const char*>(sqlite3_column_text(s.get(), c)),
                                static_cast<std::size_t>(sqlite3_column_bytes(s.get(), c))));
                break;
            default:
                rows.values.emplace_back();
            }
    if (rows.values.empty()) throw BackendError(workspace + " holds no row of period " + period);
    return rows;
}

double write_once(const Rows& rows, const std::string& path) {
    std::filesystem::remove(path);
    SqliteConnection db = open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    std::string create = "CREATE TABLE assessment_results (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL";
    for (const std::string& c : rows.columns) create += ", " + sql_identifier(c);
    sqlite_exec(db.get(),
                "PRAGMA cache_size = -65536; " + create +
                    "); CREATE INDEX assessment_results_key ON assessment_results (period, level, code)",
                "create the table");
    const std::size_t cols = rows.columns.size(), count = rows.values.size() / cols;
    const std::size_t batch = std::clamp<std::size_t>(
        static_cast<std::size_t>(sqlite3_limit(db.get(), SQLITE_LIMIT_VARIABLE_NUMBER, -1)) / cols, 1, 64);
    const auto start = std::chrono::steady_clock::now();
    sqlite_exec(db.get(), "BEGIN", "begin");
    SqliteStatement full = sqlite_prepare(
        db.get(), insert_rows_sql("assessment_results", rows.columns, batch), "prepare the insert");
    for (std::size_t first = 0; first < count; first += batch) {
        const std::size_t n = std::min(batch, count - first);
        SqliteStatement tail =
            n < batch ? sqlite_prepare(db.get(), insert_rows_sql("assessment_results", rows.columns, n),
                                       "prepare the insert")
                      : nullptr;
        sqlite3_stmt* s = tail ? tail.get() : full.get();
        for (std::size_t k = 0; k < n * cols; ++k) {
            const int at = static_cast<int>(k + 1);
            const Value& v = rows.values[first * cols + k];
            if (const auto* i = std::get_if<long long>(&v))
                sqlite3_bind_int64(s, at, *i);
            else if (const auto* d = std::get_if<double>(&v))
                sqlite3_bind_double(s, at, *d);
            else if (const auto* t = std::get_if<std::string>(&v))
                sqlite3_bind_text(s, at, t->data(), static_cast<int>(t->size()), SQLITE_STATIC);
            else
                sqlite3_bind_null(s, at);
        }
        if (sqlite3_step(s) != SQLITE_DONE)
            throw BackendError(std::string("insert: ") + sqlite3_errmsg(db.get()));
        sqlite3_reset(s);
    }
    sqlite_exec(db.get(), "COMMIT", "commit");
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: store_floor WORKSPACE PERIOD SCRATCH_FILE\n");
        return 2;
    }
    try {
        const Rows rows = read_period(argv[1], argv[2]);
        double best = 1e9;
        for (int run = 0; run < 3; ++run) best = std::min(best, write_once(rows, argv[3]));
        std::filesystem::remove(argv[3]);
        std::printf("%.3f\n", best);
        std::fprintf(stderr, "store_floor: %zu rows of %zu columns\n",
                     rows.values.size() / rows.columns.size(), rows.columns.size());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "store_floor: %s\n", e.what());
        return 1;
    }
}
