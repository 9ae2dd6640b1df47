#include "layers/rtree_changes.hpp"

#include "geo/error.hpp"
#include "geo/sqlite_handles.hpp"
#include "layers/rtree_bulk_load.hpp"

#include <sqlite3.h>

namespace wangge::layers {
namespace {

constexpr const char* gone_table = "temp.wangge_rtree_gone";
constexpr const char* gone_trigger = "temp.wangge_rtree_gone_note";

} // namespace

RtreeChanges::RtreeChanges(sqlite3* db, std::string rtree, std::string table, std::string fid,
                           std::string geometry)
    : m_db(db), m_rtree(std::move(rtree)), m_table(std::move(table)), m_fid(std::move(fid)),
      m_geometry(std::move(geometry)) {
    const std::string what = "note the changes to " + m_table;
    m_last_id = sqlite_scalar(
        m_db, "SELECT COALESCE(MAX(" + sql_identifier(m_fid) + "), 0) FROM " + sql_identifier(m_table), what);
    sqlite_exec(m_db,
                std::string("CREATE TEMP TABLE IF NOT EXISTS wangge_rtree_gone (id INTEGER PRIMARY KEY)"),
                what);
    sqlite_exec(m_db, std::string("DELETE FROM ") + gone_table, what);
    // Only rows from before the import: one added and deleted again never reached the tree.
    sqlite_exec(
        m_db,
        std::string("CREATE TEMP TRIGGER wangge_rtree_gone_note AFTER DELETE ON ") + sql_identifier(m_table) +
            " WHEN old." + sql_identifier(m_fid) + " <= " + std::to_string(m_last_id) +
            " BEGIN INSERT OR IGNORE INTO wangge_rtree_gone VALUES (old." + sql_identifier(m_fid) + "); END",
        what);
}

bool RtreeChanges::rebuild_is_cheaper(long long deleted, long long added, long long rows) {
    // Per entry, on the 2,000,000-component bench city: an R*Tree delete about 45 µs, an insert
    // about 10 µs, the packed rebuild under 1 µs of every entry the tree will hold.
    constexpr double delete_us = 45, insert_us = 10, rebuild_us = 1;
    return static_cast<double>(deleted) * delete_us + static_cast<double>(added) * insert_us >
           static_cast<double>(rows) * rebuild_us;
}

RtreeChanges::Applied RtreeChanges::apply() {
    const std::string what = "bring the spatial index " + m_rtree + " up to date";
    sqlite_exec(m_db, std::string("DROP TRIGGER ") + gone_trigger, what);
    Applied a;
    a.deleted = sqlite_scalar(m_db, std::string("SELECT COUNT(*) FROM ") + gone_table, what);
    const std::string fid = sql_identifier(m_fid), table = sql_identifier(m_table),
                      rtree = sql_identifier(m_rtree);
    const std::string added = " FROM " + table + " WHERE " + fid + " > " + std::to_string(m_last_id);
    a.added = sqlite_scalar(m_db, "SELECT COUNT(*)" + added, what);
    const long long rows = sqlite_scalar(m_db, "SELECT COUNT(*) FROM " + table, what);
    if (rebuild_is_cheaper(a.deleted, a.added, rows)) {
        bulk_load_rtree(m_db, m_rtree, m_table, m_fid, m_geometry);
        a.rebuilt = true;
    } else if (a.deleted || a.added) {
        // What GDAL's triggers do, once for the whole set.
        sqlite_exec(m_db, "DELETE FROM " + rtree + " WHERE id IN (SELECT id FROM " + gone_table + ")", what);
        const std::string g = sql_identifier(m_geometry);
        sqlite_exec(m_db,
                    "INSERT OR REPLACE INTO " + rtree + " SELECT " + fid + ", ST_MinX(" + g + "), ST_MaxX(" +
                        g + "), ST_MinY(" + g + "), ST_MaxY(" + g + ")" + added + " AND " + g +
                        " NOT NULL AND NOT ST_IsEmpty(" + g + ")",
                    what);
    }
    sqlite_exec(m_db, std::string("DELETE FROM ") + gone_table, what);
    return a;
}

} // namespace wangge::layers
