#pragma once

// What one tile shows, as the engine hands it over: regions with their colour and properties,
// points (single cases or clusters), or a raster. The drawing code knows nothing of how a colour
// or a value was reached.

#include "geo/polygon.hpp"
#include "geo/tile/tile_math.hpp"
#include "tiles/colour.hpp"
#include "tiles/mvt_layer.hpp"
#include "tiles/property_table.hpp"

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wangge::tiles {

/// Where a feature's properties lie in its TileContent::properties.
struct PropertyRange {
    std::uint32_t first = 0, count = 0;
};

struct RegionFeature {
    std::uint64_t id = 0;
    const geo::PolygonRings* shape = nullptr; ///< EPSG:3857; owned by the caller
    Rgba fill;
    std::string label; ///< drawn on PNG tiles where it fits
    geo::XY label_at;
    PropertyRange properties;
    /// Its properties as this row of TileContent::table, in place of `properties`.
    std::optional<std::uint32_t> table_row;
};

struct PointFeature {
    std::uint64_t id = 0;
    geo::XY at;          ///< EPSG:3857
    long long count = 1; ///< more than one: a cluster, drawn bigger with its count
    Rgba fill;
    PropertyRange properties;
};

/// A scalar field already coloured: size × size pixels over the tile, row-major, top row first.
struct RasterContent {
    int size = 0;
    std::vector<Rgba> pixels;
};

struct TileContent {
    std::string layer; ///< the MVT layer name
    geo::TileId tile;
    std::vector<RegionFeature> regions;
    std::vector<PointFeature> points;
    RasterContent raster;
    /// Boundary strokes of PNG regions: colour and width in 256-px pixels (0: none).
    Rgba boundary{255, 255, 255, 200};
    double boundary_px = 0.5;
    double label_px = 12;
    /// Every feature's properties, back to back: one allocation for a tile of thousands of them.
    std::vector<Property> properties;
    /// The regions' properties when they come numbered from a table shared by many tiles.
    std::shared_ptr<const PropertyTable> table;

    /// Adds a property to a feature's. A feature's properties are added together, before the next
    /// feature's (std::logic_error otherwise). The value is made in its place: a tile adds tens of
    /// thousands of them.
    template <class V> void add_property(PropertyRange& range, std::string_view key, V&& value) {
        if (range.count == 0)
            range.first = static_cast<std::uint32_t>(properties.size());
        else if (range.first + range.count != properties.size())
            throw std::logic_error("TileContent: a feature's properties must be added together");
        properties.emplace_back(key, std::forward<V>(value));
        ++range.count;
    }
    std::span<const Property> properties_of(PropertyRange range) const {
        return {properties.data() + range.first, range.count};
    }

    /// Holds text made for this tile (property values are views) and returns a view of it.
    std::string_view keep(std::string text) { return m_kept.emplace_back(std::move(text)); }

private:
    std::deque<std::string> m_kept; // a deque: views stay valid as it grows
};

/// MVT extent and buffer (design.md: extent 4096, buffer 64).
inline constexpr int mvt_extent = 4096;
inline constexpr int mvt_buffer = 64;

/// The content as a Mapbox Vector Tile (uncompressed): its regions one by one, or as the areas
/// of their colours where they are too small to draw one by one (tiles/colour_areas.hpp).
std::string render_mvt(const TileContent& content);
/// The content's features one by one as the one layer of such a tile (to be put together with
/// other parts of it); its text values are views into `content`.
MvtLayer mvt_layer(const TileContent& content);
/// One tile's content, built in parts (on several threads), as its one layer: the regions one by
/// one, each part's on a core of its own and put together in order (the same bytes as drawn in
/// one go), or the areas of their colours where they are too small to draw one by one. Text
/// values are views into the parts.
MvtLayer mvt_layer(std::span<const TileContent> parts);
/// The content as a PNG of size × size pixels (256, or 512 for @2x); regions too small to draw one
/// by one as the raster of their colours (tiles/colour_areas.hpp).
std::string render_png(const TileContent& content, int size);

} // namespace wangge::tiles
