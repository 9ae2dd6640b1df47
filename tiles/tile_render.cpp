#include "geo/parallel.hpp"
#include "tiles/colour_areas.hpp"
#include "tiles/png_canvas.hpp"
#include "tiles/point_marker.hpp"
#include "tiles/tile_content.hpp"

#include <cmath>
#include <map>
#include <optional>
#include <stdexcept>

namespace wangge::tiles {
namespace {

geo::TilePoint to_tile_point(const geo::TileGrid& grid, geo::XY p) {
    geo::XY u = grid.to_units(p);
    return {static_cast<std::int32_t>(std::lround(u.x)), static_cast<std::int32_t>(std::lround(u.y))};
}

} // namespace

std::string render_mvt(const TileContent& content) {
    std::vector<MvtLayer> layers;
    layers.push_back(mvt_layer({&content, 1}));
    return encode_tile(layers);
}

MvtLayer mvt_layer(std::span<const TileContent> parts) {
    if (regions_too_small_to_draw(parts)) return colour_areas_layer(parts);
    std::vector<std::optional<MvtLayer>> layers(parts.size());
    parallel_for(parts.size(), [&](std::size_t p) { layers[p] = mvt_layer(parts[p]); });
    MvtLayer& whole = *layers.at(0);
    for (std::size_t p = 1; p < parts.size(); ++p) whole.append(*layers[p]);
    return std::move(whole);
}

MvtLayer mvt_layer(const TileContent& content) {
    geo::TileGrid grid{content.tile.bounds(), mvt_extent};
    geo::Box clip = grid.buffered(mvt_buffer);
    MvtLayer layer(content.layer, mvt_extent);
    std::size_t tags = content.properties.size();
    for (const RegionFeature& f : content.regions)
        if (f.table_row && content.table) tags += content.table->tags(*f.table_row).size() / 2;
    layer.reserve(content.regions.size() + content.points.size(), tags);
    geo::TileShape shape;
    for (const RegionFeature& f : content.regions) {
        if (!f.shape) continue;
        shape.clear();
        // Most regions lie wholly inside: snap their rings as they are, without a copy.
        if (clip.contains(f.shape->bounds()))
            geo::snap_to_grid(f.shape->parts(), grid, shape);
        else
            geo::snap_to_grid(geo::clip_to_box(*f.shape, clip), grid, shape);
        if (f.table_row) {
            if (!content.table) throw std::logic_error("TileContent: a region's table row, but no table");
            layer.add_polygons(f.id, shape, *content.table, *f.table_row);
        } else {
            layer.add_polygons(f.id, shape, content.properties_of(f.properties));
        }
    }
    for (const PointFeature& p : content.points) {
        geo::TilePoint t = to_tile_point(grid, p.at);
        if (t[0] < -mvt_buffer || t[1] < -mvt_buffer || t[0] > mvt_extent + mvt_buffer ||
            t[1] > mvt_extent + mvt_buffer)
            continue;
        layer.add_point(p.id, t, content.properties_of(p.properties));
    }
    return layer;
}

std::string render_png(const TileContent& content, int size) {
    geo::Box bounds = content.tile.bounds();
    PngCanvas canvas(bounds, size);
    if (content.raster.size == size) canvas.raster(content.raster.pixels);
    // Regions under a pixel or two: each pixel in the colour that covers most of it, as the
    // vector tile's areas are; no boundary or label would show.
    const std::span<const TileContent> whole(&content, 1);
    if (content.raster.size == 0 && content.points.empty() && regions_too_small_to_draw(whole)) {
        canvas.raster(colour_areas_raster(content, size));
        return canvas.png();
    }
    // Clip a few pixels beyond the tile: the strokes along the cut then fall outside the image.
    geo::Box clip = bounds.expanded((bounds.max_x - bounds.min_x) / size * 4);
    std::vector<geo::PolygonParts> clipped; // regions that cross the clip box, cut to it
    clipped.reserve(content.regions.size());
    std::map<std::uint32_t, std::vector<const geo::PolygonParts*>> by_colour;
    std::vector<const geo::PolygonParts*> all;
    for (const RegionFeature& f : content.regions) {
        if (!f.shape || !f.shape->bounds().intersects(clip)) continue;
        const geo::PolygonParts* parts = &f.shape->parts();
        if (!clip.contains(f.shape->bounds())) {
            clipped.push_back(geo::clip_to_box(*f.shape, clip));
            if (clipped.back().empty()) continue;
            parts = &clipped.back();
        }
        std::uint32_t key = std::uint32_t{f.fill.r} << 24 | std::uint32_t{f.fill.g} << 16 |
                            std::uint32_t{f.fill.b} << 8 | f.fill.a;
        by_colour[key].push_back(parts);
        all.push_back(parts);
    }
    // A colour at a time, then every boundary at once: a few big paths instead of thousands of
    // small ones.
    for (const auto& [key, parts] : by_colour)
        canvas.fill_all(parts, {static_cast<std::uint8_t>(key >> 24), static_cast<std::uint8_t>(key >> 16),
                                static_cast<std::uint8_t>(key >> 8), static_cast<std::uint8_t>(key)});
    canvas.stroke_all(all, content.boundary, content.boundary_px);
    for (const RegionFeature& f : content.regions)
        if (f.shape && !f.label.empty())
            canvas.label(f.label, f.label_at, f.shape->bounds(), content.label_px);
    const Rgba white{255, 255, 255, 255};
    for (const PointFeature& p : content.points)
        canvas.marker(p.at, marker_radius_px(p.count), marker_outline_px, p.fill, white,
                      p.count > 1 ? count_label(p.count) : std::string());
    return canvas.png();
}

} // namespace wangge::tiles
