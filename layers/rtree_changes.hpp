#pragma once

// A GeoPackage R-tree brought up to date once, at the end of an import that changes part of a
// table, instead of row by row by GDAL's triggers. An R*Tree delete costs tens of microseconds
// (the tree is condensed and its entries reinserted), so replacing one district's 700,000
// components through the triggers took over a minute and a half.

#include <cstdint>
#include <string>

struct sqlite3;

namespace wangge::layers {

/// Notes the rows deleted from a table while its R-tree's triggers are set aside (a temporary
/// trigger on the same connection, inside the import's transaction, so a rollback forgets it),
/// and at the end either applies the changes to the R-tree or rebuilds it whole, whichever is
/// cheaper. Rows added are those whose id is above the highest before: GeoPackage feature ids
/// only grow. Throws BackendError.
class RtreeChanges {
public:
    RtreeChanges(sqlite3* db, std::string rtree, std::string table, std::string fid, std::string geometry);
    RtreeChanges(const RtreeChanges&) = delete;
    RtreeChanges& operator=(const RtreeChanges&) = delete;

    struct Applied {
        long long deleted = 0; ///< rows deleted from the table
        long long added = 0;   ///< rows added to it
        bool rebuilt = false;  ///< the tree was rebuilt whole rather than changed
    };
    /// Brings the R-tree in step with the table and drops the temporary trigger; call once,
    /// before the R-tree's own triggers are put back.
    Applied apply();

    /// Whether changing `deleted` and adding `added` entries of a tree that will hold `rows`
    /// costs more than building it anew (measured costs per entry, see the source).
    static bool rebuild_is_cheaper(long long deleted, long long added, long long rows);

private:
    sqlite3* m_db;
    std::string m_rtree, m_table, m_fid, m_geometry;
    std::int64_t m_last_id = 0; ///< the highest id before the import
};

} // namespace wangge::layers
