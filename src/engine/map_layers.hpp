#pragma once

// The map's layers and indicators (design.md "HTTP service"; domain.md §5.4), and the content of
// one tile of a layer, put together from a snapshot for tiles/ to draw.

#include "geo/tile/tile_math.hpp"
#include "src/engine/map_snapshot.hpp"
#include "src/rules/rules.hpp"
#include "tiles/tile_content.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wangge::engine {

enum class MapLayer { district, street, community, grid, coverage, cases, heat, hotspot };

std::optional<MapLayer> parse_map_layer(std::string_view name);
std::string_view map_layer_name(MapLayer layer);
const std::vector<MapLayer>& all_map_layers();
/// A layer's name from the command line or a URL; UsageError naming the known layers.
MapLayer require_map_layer(const std::string& name);

/// One property of a layer's vector-tile features: its MBTiles type (Number or String) and what
/// it holds (TileJSON's field description).
struct LayerField {
    const char* name;
    const char* type;
    const char* description;
};
/// The properties the features of a layer carry (what tile_content writes).
const std::vector<LayerField>& layer_fields(MapLayer layer);

/// The region level a layer draws (coverage and hotspot draw grids); nullopt for cases and heat.
std::optional<layers::Level> map_layer_level(MapLayer layer);

/// The indicators the map can colour regions by.
enum class Indicator { composite, closure_rate, on_time_rate, filed_per_grid, satisfaction_rate };

/// An indicator with what the legend says of it.
struct MapIndicator {
    Indicator kind;
    std::string id;      ///< composite, closure_rate, …: the query's word and the results' column
    std::string label;   ///< 综合指标值, …
    std::string formula; ///< for the legend
    bool graded;         ///< coloured by the grade bands (else by a sequential ramp)
};
const std::vector<MapIndicator>& map_indicators();
const MapIndicator* find_indicator(std::string_view id);

/// How a region looks under an indicator: its value, grade and colour.
/// Views into the results, the rules or the ramp: valid while they are.
struct Shade {
    std::optional<double> value;
    std::string_view grade; ///< empty when not graded or not assessed
    std::string_view colour;
};

/// The classes of the sequential ramp (filed cases per grid), relative to the level's mean.
struct RampClass {
    double up_to; ///< times the mean (the last class is open)
    std::string colour;
};
const std::vector<RampClass>& per_grid_ramp();

/// The columns an indicator reads, found once for the many rows of a tile.
struct ShadeColumns {
    std::optional<std::size_t> value, filed, grids;
    static ShadeColumns of(const PeriodResults& results, const MapIndicator& indicator);
};
/// The shade of `row` (nullptr: the region is not assessed) under an indicator.
Shade shade_of(const PeriodResults* results, const PeriodResults::Row* row, const MapIndicator& indicator,
               const ShadeColumns& columns, const rules::Rules& rules, double level_mean_per_grid);

/// Mean filed cases per grid over a level's rows (the ramp's reference), 0 when none.
double mean_filed_per_grid(const PeriodResults& results, layers::Level level);

struct TileQuery {
    MapLayer layer = MapLayer::district;
    geo::TileId tile;
    std::string period; ///< may be empty for coverage
    std::string indicator = "composite";
    /// The regions to draw, when the caller has chosen them (a vector tile of thousands of regions
    /// is drawn in parts on several threads and put together); otherwise those the tile's buffered
    /// bounds meet.
    std::optional<std::span<const MapRegion* const>> regions = std::nullopt;
};

/// The content of one tile. Regions without stored results are drawn grey ("not assessed").
/// `raster_size`: the pixels across a raster layer's tile (the heat map: 256 or 512; 0 for a
/// vector tile, which carries the cases instead).
tiles::TileContent tile_content(const MapSnapshot& snapshot, const TileQuery& query,
                                const rules::Rules& rules, int raster_size = 256);

/// The heat map's kernel radius on the ground, in metres.
inline constexpr double heat_bandwidth_m = 300;
/// The heat map's sequential ramp, from faint to dense.
const std::vector<std::string>& heat_ramp();

enum class TileFormat { mvt, png };

/// One tile drawn: an MVT (uncompressed) or a PNG of 256 × `scale` pixels.
std::string draw_tile(const MapSnapshot& snapshot, const TileQuery& query, TileFormat format, int scale,
                      const rules::Rules& rules);

/// What a snapshot must hold to draw a layer's tiles (for a tile drawn on its own).
SnapshotScope tile_scope(MapLayer layer);

/// Checks a query against the snapshot: an unknown indicator, a layer that needs a period and
/// has none, a malformed period (UsageError with the accepted values).
void check_tile_query(const TileQuery& query);

} // namespace wangge::engine
