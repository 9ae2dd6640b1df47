#include "tiles/colour_areas.hpp"

#include "geo/tile/cell_outline.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

namespace wangge::tiles {
namespace {

constexpr int samples_per_cell = 4; // each way

std::uint32_t colour_key(const Rgba& c) {
    return std::uint32_t{c.r} << 24 | std::uint32_t{c.g} << 16 | std::uint32_t{c.b} << 8 | c.a;
}

/// The cells a tile is cut into, in tile units: `across` cells each way, `cell` units wide, the
/// first starting at `origin` (both ways); each cell has 4 × 4 sample points.
struct CellGrid {
    int across;
    double cell, origin;

    int samples_across() const { return across * samples_per_cell; }
    double sample_units() const { return cell / samples_per_cell; }
    /// Sample i's centre is at origin + (i + 0.5) × sample_units.
    double sample_centre(int i) const { return origin + (i + 0.5) * sample_units(); }
    /// The place of a coordinate among the samples' centres, kept to just beyond them: a region
    /// that reaches far outside the tile must not overflow an int.
    double sample_place(double units) const {
        return std::clamp((units - origin) / sample_units() - 0.5, -1.0, samples_across() + 1.0);
    }
};

/// A vector tile's cells: a pixel of a 256-pixel tile, over the tile and its buffer.
constexpr int vector_cell = mvt_extent / 256;
constexpr CellGrid vector_cells{(mvt_extent + 2 * mvt_buffer) / vector_cell, vector_cell, -mvt_buffer};

struct Scratch { // reused region after region
    std::vector<geo::XY> units;
    std::vector<std::size_t> ring_end;
    std::vector<double> crossings;
};

/// Sets to `id` the samples whose centres lie inside the region (even-odd over its rings) and
/// that no region took before.
void sample_region(const geo::PolygonRings& shape, const geo::TileGrid& grid, const CellGrid& cells,
                   std::uint16_t id, std::vector<std::uint16_t>& samples, Scratch& scratch) {
    auto& [units, ring_end, crossings] = scratch;
    units.clear(), ring_end.clear();
    double top = 1e300, bottom = -1e300;
    for (const auto& part : shape.parts())
        for (const geo::Ring& ring : part) {
            for (const geo::XY& p : ring) {
                units.push_back(grid.to_units(p));
                top = std::min(top, units.back().y), bottom = std::max(bottom, units.back().y);
            }
            ring_end.push_back(units.size());
        }
    const int across = cells.samples_across();
    const int first_row = std::max(0, static_cast<int>(std::ceil(cells.sample_place(top))));
    const int last_row = std::min(across - 1, static_cast<int>(std::floor(cells.sample_place(bottom))));
    for (int row = first_row; row <= last_row; ++row) {
        const double y = cells.sample_centre(row);
        crossings.clear();
        std::size_t begin = 0;
        for (std::size_t end : ring_end) {
            for (std::size_t i = begin, j = end - 1; i < end; j = i++) {
                const geo::XY a = units[j], b = units[i];
                if ((a.y > y) != (b.y > y)) crossings.push_back(a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y));
            }
            begin = end;
        }
        std::sort(crossings.begin(), crossings.end());
        std::uint16_t* line =
            samples.data() + static_cast<std::size_t>(row) * static_cast<std::size_t>(across);
        for (std::size_t k = 0; k + 1 < crossings.size(); k += 2) {
            const int from = std::max(0, static_cast<int>(std::ceil(cells.sample_place(crossings[k]))));
            const int to =
                std::min(across, static_cast<int>(std::ceil(cells.sample_place(crossings[k + 1]))));
            for (int x = from; x < to; ++x)
                if (!line[x]) line[x] = id;
        }
    }
}

/// Each cell's colour: the id most of its samples hold (0, none, when most lie outside every
/// region); a tie goes to the one met first, row by row.
geo::CellRaster cells_of(const std::vector<std::uint16_t>& samples, const CellGrid& grid) {
    const int n = grid.across;
    const auto across = static_cast<std::size_t>(grid.samples_across());
    geo::CellRaster cells(n, n);
    for (int cy = 0; cy < n; ++cy)
        for (int cx = 0; cx < n; ++cx) {
            std::uint16_t ids[samples_per_cell * samples_per_cell];
            int counts[samples_per_cell * samples_per_cell], distinct = 0, best = 0;
            for (int sy = 0; sy < samples_per_cell; ++sy)
                for (int sx = 0; sx < samples_per_cell; ++sx) {
                    const std::uint16_t id =
                        samples[static_cast<std::size_t>(cy * samples_per_cell + sy) * across +
                                static_cast<std::size_t>(cx * samples_per_cell + sx)];
                    int k = 0;
                    while (k < distinct && ids[k] != id) ++k;
                    if (k == distinct) ids[distinct] = id, counts[distinct++] = 0;
                    if (++counts[k] > counts[best]) best = k;
                }
            cells.cells[static_cast<std::size_t>(cy * n + cx)] = ids[best];
        }
    return cells;
}

/// A region's properties as a list, whether they come from a table or as one.
void properties_of(const TileContent& content, const RegionFeature& f, std::vector<Property>& out) {
    out.clear();
    if (f.table_row && content.table) {
        const std::span<const std::uint32_t> tags = content.table->tags(*f.table_row);
        for (std::size_t i = 0; i + 1 < tags.size(); i += 2)
            out.push_back({content.table->key(tags[i]), content.table->value(tags[i + 1])});
    } else {
        const std::span<const Property> list = content.properties_of(f.properties);
        out.assign(list.begin(), list.end());
    }
}

/// The regions' colours cell by cell: a number per fill (from 1, in the order the fills first
/// appear), each fill, and (`with_shared`) what the regions of each fill all share.
struct ColouredCells {
    geo::CellRaster cells;
    std::vector<Rgba> fills{Rgba{}};
    std::vector<std::vector<Property>> shared{{}};
};

ColouredCells colour_cells(std::span<const TileContent> parts, const CellGrid& cell_grid, bool with_shared) {
    ColouredCells out;
    const geo::TileGrid grid{parts.front().tile.bounds(), mvt_extent};
    const auto across = static_cast<std::size_t>(cell_grid.samples_across());
    std::vector<std::uint16_t> samples(across * across, 0);
    std::unordered_map<std::uint32_t, std::uint16_t> ids;
    std::vector<bool> started{true};
    Scratch scratch;
    std::vector<Property> own;
    for (const TileContent& content : parts)
        for (const RegionFeature& f : content.regions) {
            if (!f.shape) continue;
            auto [it, fresh] = ids.emplace(colour_key(f.fill), static_cast<std::uint16_t>(ids.size() + 1));
            if (fresh) {
                if (ids.size() > colour_area_palette)
                    throw std::logic_error("colour areas: more fills than a palette holds");
                out.fills.push_back(f.fill), out.shared.emplace_back(), started.push_back(false);
            }
            const std::uint16_t id = it->second;
            sample_region(*f.shape, grid, cell_grid, id, samples, scratch);
            if (!with_shared) continue;
            // What the regions of a colour share: the first one's properties, less each that a
            // later one lacks or holds otherwise.
            std::vector<Property>& common = out.shared[id];
            if (!started[id]) {
                properties_of(content, f, common);
                started[id] = true;
            } else if (!common.empty()) {
                properties_of(content, f, own);
                std::erase_if(common, [&](const Property& p) {
                    return std::none_of(own.begin(), own.end(), [&](const Property& q) {
                        return same_text(p.key, q.key) && (p.value.identical(q.value) || p.value == q.value);
                    });
                });
            }
        }
    out.cells = cells_of(samples, cell_grid);
    return out;
}

} // namespace

bool regions_too_small_to_draw(std::span<const TileContent> parts) {
    std::vector<double> sizes;
    for (const TileContent& content : parts) {
        const geo::Box tile = content.tile.bounds();
        const double unit = (tile.max_x - tile.min_x) / mvt_extent;
        for (const RegionFeature& f : content.regions)
            if (f.shape) {
                const geo::Box& b = f.shape->bounds();
                sizes.push_back(std::max(b.max_x - b.min_x, b.max_y - b.min_y) / unit);
            }
    }
    if (sizes.empty()) return false;
    auto median = sizes.begin() + static_cast<std::ptrdiff_t>(sizes.size() / 2);
    std::nth_element(sizes.begin(), median, sizes.end());
    if (*median >= 2 * vector_cell) return false;
    // Only then the fills (most tiles are of regions big enough, and drawn one by one).
    std::unordered_set<std::uint32_t> fills;
    for (const TileContent& content : parts)
        for (const RegionFeature& f : content.regions)
            if (f.shape && fills.insert(colour_key(f.fill)).second && fills.size() > colour_area_palette)
                return false;
    return true;
}

MvtLayer colour_areas_layer(std::span<const TileContent> parts) {
    MvtLayer layer(parts.empty() ? std::string() : parts.front().layer, mvt_extent);
    if (parts.empty()) return layer;
    const ColouredCells coloured = colour_cells(parts, vector_cells, true);
    geo::TileShape shape;
    for (std::uint16_t id = 1; id < coloured.fills.size(); ++id) {
        shape.clear();
        geo::outline_cells(coloured.cells, id, vector_cell, {-mvt_buffer, -mvt_buffer}, shape);
        layer.add_polygons(id, shape, coloured.shared[id]);
    }
    return layer;
}

std::vector<Rgba> colour_areas_raster(const TileContent& content, int size) {
    std::vector<Rgba> pixels(static_cast<std::size_t>(size) * static_cast<std::size_t>(size),
                             Rgba{0, 0, 0, 0});
    if (content.regions.empty()) return pixels;
    const ColouredCells coloured =
        colour_cells({&content, 1}, {size, static_cast<double>(mvt_extent) / size, 0.0}, false);
    for (std::size_t i = 0; i < pixels.size(); ++i)
        if (const std::uint16_t id = coloured.cells.cells[i]) pixels[i] = coloured.fills[id];
    return pixels;
}

} // namespace wangge::tiles
