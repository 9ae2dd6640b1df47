#pragma once

// A GeoPackage spatial index (the SQLite R*Tree rtree_<table>_<column>) filled at once: the
// envelopes are packed bottom up, Sort-Tile-Recursive, and the tree's nodes written straight to
// the R*Tree's own tables. SQLite inserting them one at a time (GDAL's CreateSpatialIndex) spends
// about 10 µs on each: 1 s of a 100,000-grid import.

#include <cstddef>
#include <string>

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

} // namespace wangge::layers
