#pragma once

// An MBTiles 1.3 file (mapbox/mbtiles-spec): SQLite with `metadata` (name, format, bounds,
// center, minzoom, maxzoom, type, json for vector tiles) and `tiles` in TMS rows. Vector tiles are
// stored gzip-compressed, as the specification's `pbf` format means. Opens QGIS and GDAL.

#include "geo/tile/tile_math.hpp"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace wangge::tiles {

class MbtilesWriter {
public:
    /// Creates `path` (which must not exist) and its schema; throws BackendError when it cannot.
    explicit MbtilesWriter(const std::string& path);
    ~MbtilesWriter();
    MbtilesWriter(const MbtilesWriter&) = delete;
    MbtilesWriter& operator=(const MbtilesWriter&) = delete;

    void metadata(const std::string& name, const std::string& value);
    /// Stores a tile's bytes as given (already gzip-compressed for pbf).
    void tile(const geo::TileId& id, const std::string& bytes);
    /// Commits everything written; until then the file holds nothing a reader would take.
    void finish();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace wangge::tiles
