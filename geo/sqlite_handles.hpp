#pragma once

// Owning types of SQLite's C handles, and the statement text built around them: the GeoPackage
// store, its fast reader, the R-tree loader and the MBTiles writer all speak to SQLite directly.
// Header only: each user links SQLite itself.

#include "geo/error.hpp"

#include <sqlite3.h>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace wangge {

struct SqliteClose {
    void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
struct SqliteFinalize {
    void operator()(sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }
};
using SqliteConnection = std::unique_ptr<sqlite3, SqliteClose>;
using SqliteStatement = std::unique_ptr<sqlite3_stmt, SqliteFinalize>;

/// `sql` prepared on `db`. Throws BackendError "cannot WHAT: SQLite's message".
inline SqliteStatement sqlite_prepare(sqlite3* db, const std::string& sql, const std::string& what) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
        sqlite3_finalize(raw);
        throw BackendError("cannot " + what + ": " + sqlite3_errmsg(db));
    }
    return SqliteStatement(raw);
}

/// Runs `sql` (one or more statements) on `db`. Throws BackendError "cannot WHAT: …".
inline void sqlite_exec(sqlite3* db, const std::string& sql, const std::string& what) {
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
        throw BackendError("cannot " + what + ": " + sqlite3_errmsg(db));
}

/// The first column of the first row of `sql` as an integer; 0 when it gives no row.
inline long long sqlite_scalar(sqlite3* db, const std::string& sql, const std::string& what) {
    SqliteStatement s = sqlite_prepare(db, sql, what);
    const int rc = sqlite3_step(s.get());
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        throw BackendError("cannot " + what + ": " + sqlite3_errmsg(db));
    return rc == SQLITE_ROW ? sqlite3_column_int64(s.get(), 0) : 0;
}

/// A table or column name as SQL: in double quotes, any inside doubled.
inline std::string sql_identifier(const std::string& name) {
    std::string out = "\"";
    for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

/// INSERT INTO table (columns) VALUES (?, …), (?, …) … for `rows` rows in one statement: SQLite
/// then runs its program once for all of them.
inline std::string insert_rows_sql(const std::string& table, const std::vector<std::string>& columns,
                                   std::size_t rows) {
    std::string names, marks;
    for (const std::string& c : columns) {
        names += (names.empty() ? "" : ", ") + sql_identifier(c);
        marks += marks.empty() ? "(?" : ", ?";
    }
    marks += ")";
    std::string sql = "INSERT INTO " + sql_identifier(table) + " (" + names + ") VALUES ";
    for (std::size_t r = 0; r < rows; ++r) sql += (r ? ", " : "") + marks;
    return sql;
}

} // namespace wangge
