#include "tiles/png_canvas.hpp"
#include "tiles/tile_content.hpp"

#include <cmath>

namespace wangge::tiles {
namespace {

geo::TilePoint to_tile_point(const geo::TileGrid& grid, geo::XY p) {
    geo::XY u = grid.to_units(p);
    return {static_cast<std::int32_t>(std::lround(u.x)), static_cast<std::int32_t>(std::lround(u.y))};
}

} // namespace

std::string render_mvt(const TileContent& content) {
    geo::TileGrid grid{content.tile.bounds(), mvt_extent};
    geo::Box clip = grid.buffered(mvt_buffer);
    MvtLayer layer(content.layer, mvt_extent);
    for (const RegionFeature& f : content.regions) {
        if (!f.shape) continue;
        layer.add_polygons(f.id, geo::snap_to_grid(geo::clip_to_box(*f.shape, clip), grid), f.properties);
    }
    for (const PointFeature& p : content.points) {
        geo::TilePoint t = to_tile_point(grid, p.at);
        if (t[0] < -mvt_buffer || t[1] < -mvt_buffer || t[0] > mvt_extent + mvt_buffer ||
            t[1] > mvt_extent + mvt_buffer)
            continue;
        layer.add_point(p.id, t, p.properties);
    }
    std::vector<MvtLayer> layers;
    layers.push_back(std::move(layer));
    return encode_tile(layers);
}

std::string render_png(const TileContent& content, int size) {
    geo::Box bounds = content.tile.bounds();
    PngCanvas canvas(bounds, size);
    if (content.raster.size == size) canvas.raster(content.raster.pixels);
    // Clip a few pixels beyond the tile: the strokes along the cut then fall outside the image.
    geo::Box clip = bounds.expanded((bounds.max_x - bounds.min_x) / size * 4);
    for (const RegionFeature& f : content.regions) {
        if (!f.shape) continue;
        geo::PolygonParts parts = geo::clip_to_box(*f.shape, clip);
        if (!parts.empty()) canvas.fill(parts, f.fill, content.boundary, content.boundary_px);
    }
    for (const RegionFeature& f : content.regions)
        if (f.shape && !f.label.empty())
            canvas.label(f.label, f.label_at, f.shape->bounds(), content.label_px);
    for (const PointFeature& p : content.points) {
        if (p.count > 1) {
            double r = std::min(22.0, 6 + 3 * std::log2(static_cast<double>(p.count)));
            canvas.marker(p.at, r, p.fill, {255, 255, 255, 255}, std::to_string(p.count));
        } else {
            canvas.marker(p.at, 3.5, p.fill, {255, 255, 255, 255});
        }
    }
    return canvas.png();
}

} // namespace wangge::tiles
