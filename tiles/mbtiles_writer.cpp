#include "tiles/mbtiles_writer.hpp"

#include "geo/error.hpp"
#include "geo/sqlite_handles.hpp"

namespace wangge::tiles {

struct MbtilesWriter::Impl {
    std::string path;
    SqliteConnection db;
    SqliteStatement insert_tile, insert_meta;

    void exec(const char* sql) { sqlite_exec(db.get(), sql, "write " + path); }
    SqliteStatement prepare(const char* sql) { return sqlite_prepare(db.get(), sql, "write " + path); }
    void step(sqlite3_stmt* s) {
        if (sqlite3_step(s) != SQLITE_DONE)
            throw BackendError("cannot write " + path + ": " + sqlite3_errmsg(db.get()));
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
    }
};

MbtilesWriter::MbtilesWriter(const std::string& path) : m_impl(std::make_unique<Impl>()) {
    m_impl->path = path;
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    m_impl->db.reset(db);
    if (rc != SQLITE_OK) throw BackendError(path + ": " + (db ? sqlite3_errmsg(db) : "cannot open"));
    m_impl->exec("PRAGMA application_id = 0x4d504258"); // "MPBX"
    m_impl->exec("PRAGMA journal_mode = OFF");
    m_impl->exec("PRAGMA synchronous = OFF");
    m_impl->exec("BEGIN");
    m_impl->exec("CREATE TABLE metadata (name text, value text)");
    m_impl->exec(
        "CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob)");
    m_impl->insert_tile = m_impl->prepare("INSERT INTO tiles VALUES (?, ?, ?, ?)");
    m_impl->insert_meta = m_impl->prepare("INSERT INTO metadata VALUES (?, ?)");
}

MbtilesWriter::~MbtilesWriter() = default;

void MbtilesWriter::metadata(const std::string& name, const std::string& value) {
    sqlite3_stmt* s = m_impl->insert_meta.get();
    sqlite3_bind_text(s, 1, name.c_str(), static_cast<int>(name.size()), SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 2, value.c_str(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    m_impl->step(s);
}

void MbtilesWriter::tile(const geo::TileId& id, const std::string& bytes) {
    sqlite3_stmt* s = m_impl->insert_tile.get();
    sqlite3_bind_int(s, 1, id.z);
    sqlite3_bind_int64(s, 2, id.x);
    sqlite3_bind_int64(s, 3, id.tms_row());
    sqlite3_bind_blob(s, 4, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
    m_impl->step(s);
}

void MbtilesWriter::finish() {
    m_impl->exec("CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)");
    m_impl->exec("COMMIT");
    m_impl->insert_tile.reset();
    m_impl->insert_meta.reset();
    if (sqlite3_close(m_impl->db.release()) != SQLITE_OK) throw BackendError(m_impl->path + ": cannot close");
}

} // namespace wangge::tiles
