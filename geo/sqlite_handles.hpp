#pragma once

// Owning types of SQLite's C handles, and the statement text built around them: the GeoPackage
// store, its fast reader, the R-tree loader and the MBTiles writer all speak to SQLite directly.
// Header only: each user links SQLite itself.

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
