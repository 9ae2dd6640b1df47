#pragma once

// A GeoPackage spatial index (the SQLite R*Tree rtree_<table>_<column>) filled at once: the
// envelopes are packed bottom up, Sort-Tile-Recursive, and the tree's nodes written straight to
// the R*Tree's own tables. SQLite inserting them one at a time (GDAL's CreateSpatialIndex) spends
// about 10 µs on each: 1 s of a 100,000-grid import.

#include <cstddef>
#include <string>
#include <vector>

struct sqlite3;

namespace wangge::layers {

/// Replaces the contents of the R*Tree `rtree` with the envelope of every geometry of `table`
/// that is neither null nor empty (what the GeoPackage triggers index), keyed by `fid`. The
/// R*Tree must exist (CREATE VIRTUAL TABLE … USING rtree(id, minx, maxx, miny, maxy)). The
/// geometries are GeoPackage blobs: their envelopes are read off the blobs' headers (points'
/// off their WKB), and any other measured with GDAL's SQL functions on its connection `db`.
/// Returns the number of envelopes. Throws BackendError.
std::size_t bulk_load_rtree(sqlite3* db, const std::string& rtree, const std::string& table,
                            const std::string& fid, const std::string& geometry);

/// The name of the R*Tree GDAL gives the spatial index of `table`'s column geom.
std::string rtree_of(const std::string& table);

/// Drops the triggers that keep `table`'s R-tree in step as rows are added and deleted, and
/// returns the statements that make them again (GDAL's own, as the file holds them); none when
/// the table has no R-tree. Many rows written, then bulk_load_rtree, then the statements: far
/// cheaper than the triggers' one R*Tree insert per row.
std::vector<std::string> set_aside_index_triggers(sqlite3* db, const std::string& table);

} // namespace wangge::layers
