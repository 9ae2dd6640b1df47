#pragma once

// XYZ tiles in Web Mercator (EPSG:3857), the scheme of OSM, Leaflet and MapLibre: y = 0 is the
// northern row; MBTiles stores TMS rows (2^z - 1 - y).

#include "geo/polygon.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace wangge::geo {

/// Half the width of the Web Mercator world square, in metres: π × 6378137.
inline constexpr double mercator_half_extent = 20037508.342789244;
/// The highest zoom Wangge draws: at z22 a pixel is under 4 cm.
inline constexpr int max_tile_zoom = 22;

struct TileId {
    int z = 0;
    std::uint32_t x = 0, y = 0;

    /// Parses non-negative decimal z, x and y; nullopt when any is junk or the tile does not exist
    /// at that zoom (x or y ≥ 2^z, or z > max_tile_zoom).
    static std::optional<TileId> parse(const std::string& z, const std::string& x, const std::string& y);
    /// Whether x and y lie inside the zoom's 2^z × 2^z tiles.
    bool valid() const noexcept;
    /// The tile's square in EPSG:3857 metres.
    Box bounds() const noexcept;
    /// TMS row (MBTiles): 2^z − 1 − y.
    std::uint32_t tms_row() const noexcept { return (1u << z) - 1 - y; }
    bool operator==(const TileId&) const = default;
};

/// Metres per tile edge at a zoom.
double tile_span(int z) noexcept;

/// Longitude/latitude (degrees, WGS 84 or CGCS2000) to EPSG:3857 and back. Latitudes are clamped
/// to the Mercator limit (±85.0511°).
XY lonlat_to_mercator(double lon, double lat) noexcept;
XY mercator_to_lonlat(double x, double y) noexcept;

/// The tile holding a lon/lat point at zoom z (the OSM "slippy map" formula).
TileId tile_at(double lon, double lat, int z) noexcept;

} // namespace wangge::geo
