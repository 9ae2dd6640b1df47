#pragma once

// A raster tile drawn with Cairo: antialiased polygon fills with thin boundaries, labels in
// Chinese (WenQuanYi Micro Hei from Debian's fonts-wqy-microhei) where they fit, and scalar
// rasters through a colour ramp. Coordinates come in EPSG:3857; the canvas maps its tile's square
// onto `size` pixels (256, or 512 for @2x).

#include "geo/tile/tile_geometry.hpp"
#include "tiles/colour.hpp"

#include <memory>
#include <span>
#include <string>
#include <vector>

namespace wangge::tiles {

class PngCanvas {
public:
    PngCanvas(const geo::Box& tile_bounds, int size);
    ~PngCanvas();
    PngCanvas(const PngCanvas&) = delete;
    PngCanvas& operator=(const PngCanvas&) = delete;

    int size() const noexcept { return m_size; }
    /// Pixels per 256-pixel unit: 1, or 2 for @2x. Line widths and text scale with it.
    double scale() const noexcept { return m_size / 256.0; }

    /// Fills a polygon (even–odd over its rings) and strokes its boundary `boundary_px` wide.
    void fill(const geo::PolygonParts& parts, Rgba fill, Rgba boundary, double boundary_px);
    /// Fills many polygons of one colour in one pass (they must not overlap): a coverage drawn
    /// colour by colour rather than polygon by polygon.
    void fill_all(const std::vector<const geo::PolygonParts*>& polygons, Rgba fill);
    /// Strokes the boundaries of many polygons in one pass.
    void stroke_all(const std::vector<const geo::PolygonParts*>& polygons, Rgba colour, double width_px);
    /// Draws `text` centred on `at` when it fits inside `room` (the region's box, EPSG:3857) and
    /// meets the tile. Returns whether it drew.
    bool label(const std::string& text, geo::XY at, const geo::Box& room, double font_px);
    /// A filled disc of `radius_px` with an outline `outline_px` wide, and optional text (a cluster
    /// count) in it, set smaller where it would not fit inside the disc.
    void marker(geo::XY at, double radius_px, double outline_px, Rgba fill, Rgba outline,
                const std::string& text = {});
    /// Paints a size × size raster of colours (row-major, top row first) under what follows.
    void raster(std::span<const Rgba> pixels);

    /// The tile as PNG bytes.
    std::string png() const;

    /// The colour of one pixel (x right, y down), un-premultiplied. For tests and checks.
    Rgba pixel(int x, int y) const;

private:
    geo::XY to_px(geo::XY p) const noexcept;

    struct Impl;
    std::unique_ptr<Impl> m_impl;
    geo::Box m_bounds;
    int m_size;
};

/// Reads PNG bytes back into pixels (for tests): width, height and the colours, row-major.
struct DecodedPng {
    int width = 0, height = 0;
    std::vector<Rgba> pixels;
    Rgba at(int x, int y) const { return pixels[static_cast<std::size_t>(y * width + x)]; }
};
DecodedPng decode_png(const std::string& bytes);

} // namespace wangge::tiles
