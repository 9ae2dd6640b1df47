#include "tiles/png_canvas.hpp"

#include "geo/error.hpp"
#include "tiles/cairo_handles.hpp"
#include "tiles/png_encode.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>

namespace wangge::tiles {
namespace {

constexpr const char* label_font = "WenQuanYi Micro Hei";

void set_colour(cairo_t* cr, Rgba c) {
    cairo_set_source_rgba(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0, c.a / 255.0);
}

struct ByteSource {
    const std::string& bytes;
    std::size_t at = 0;
};

cairo_status_t read_bytes(void* closure, unsigned char* data, unsigned int length) {
    auto* src = static_cast<ByteSource*>(closure);
    if (src->bytes.size() - src->at < length) return CAIRO_STATUS_READ_ERROR;
    std::memcpy(data, src->bytes.data() + src->at, length);
    src->at += length;
    return CAIRO_STATUS_SUCCESS;
}

bool overlaps(const geo::Box& a, const geo::Box& b) {
    return a.min_x < b.max_x && b.min_x < a.max_x && a.min_y < b.max_y && b.min_y < a.max_y;
}

} // namespace

struct PngCanvas::Impl {
    CairoSurface surface;
    Cairo cr;
};

PngCanvas::PngCanvas(const geo::Box& tile_bounds, int size)
    : m_impl(std::make_unique<Impl>()), m_bounds(tile_bounds), m_size(size) {
    m_impl->surface.reset(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, size, size));
    if (cairo_surface_status(m_impl->surface.get()) != CAIRO_STATUS_SUCCESS)
        throw BackendError("cairo: cannot create a " + std::to_string(size) + " px surface");
    m_impl->cr.reset(cairo_create(m_impl->surface.get()));
    cairo_set_antialias(m_impl->cr.get(), CAIRO_ANTIALIAS_GOOD);
}

PngCanvas::~PngCanvas() = default;

geo::XY PngCanvas::to_px(geo::XY p) const noexcept {
    double k = m_size / (m_bounds.max_x - m_bounds.min_x);
    return {(p.x - m_bounds.min_x) * k, (m_bounds.max_y - p.y) * k};
}

void PngCanvas::fill(const geo::PolygonParts& parts, Rgba fill_colour, Rgba boundary, double boundary_px) {
    fill_all({&parts}, fill_colour);
    stroke_all({&parts}, boundary, boundary_px);
}

namespace {

void add_rings(cairo_t* cr, const geo::PolygonParts& parts, const std::function<geo::XY(geo::XY)>& to_px) {
    for (const auto& part : parts)
        for (const geo::Ring& ring : part) {
            for (std::size_t i = 0; i < ring.size(); ++i) {
                geo::XY p = to_px(ring[i]);
                if (i == 0)
                    cairo_move_to(cr, p.x, p.y);
                else
                    cairo_line_to(cr, p.x, p.y);
            }
            cairo_close_path(cr);
        }
}

} // namespace

void PngCanvas::fill_all(const std::vector<const geo::PolygonParts*>& polygons, Rgba fill_colour) {
    cairo_t* cr = m_impl->cr.get();
    cairo_new_path(cr);
    auto px = [this](geo::XY p) { return to_px(p); };
    for (const geo::PolygonParts* parts : polygons) add_rings(cr, *parts, px);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    set_colour(cr, fill_colour);
    // Fills take 4×4 samples a pixel (17 levels of coverage), half the time of the finer default
    // and not to be told apart on a choropleth; strokes and labels keep the finer one.
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_FAST);
    cairo_fill(cr);
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_GOOD);
}

void PngCanvas::stroke_all(const std::vector<const geo::PolygonParts*>& polygons, Rgba colour,
                           double width_px) {
    if (width_px <= 0) return;
    cairo_t* cr = m_impl->cr.get();
    cairo_new_path(cr);
    auto px = [this](geo::XY p) { return to_px(p); };
    for (const geo::PolygonParts* parts : polygons) add_rings(cr, *parts, px);
    set_colour(cr, colour);
    cairo_set_line_width(cr, width_px * scale());
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke(cr);
}

bool PngCanvas::label(const std::string& text, geo::XY at, const geo::Box& room, double font_px) {
    if (text.empty()) return false;
    geo::XY lo = to_px({room.min_x, room.max_y}), hi = to_px({room.max_x, room.min_y});
    double pad = 2 * scale();
    // Glyphs are at least half the font size high and wide: most small regions are refused here,
    // before the text is shaped.
    if (std::min(hi.x - lo.x, hi.y - lo.y) < font_px * scale() / 2 + 2 * pad) return false;
    cairo_t* cr = m_impl->cr.get();
    cairo_select_font_face(cr, label_font, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, font_px * scale());
    cairo_text_extents_t ext;
    cairo_text_extents(cr, text.c_str(), &ext);
    geo::XY p = to_px(at);
    if (ext.width + 2 * pad > hi.x - lo.x || ext.height + 2 * pad > hi.y - lo.y) return false;
    geo::Box box{p.x - ext.width / 2 - pad, p.y - ext.height / 2 - pad, p.x + ext.width / 2 + pad,
                 p.y + ext.height / 2 + pad};
    // A label placed by its region alone, never by what else the tile holds: the neighbouring
    // tile draws the same label at the same place, so a label cut by the tile edge joins up.
    if (!overlaps(box, {0, 0, static_cast<double>(m_size), static_cast<double>(m_size)})) return false;
    double x = p.x - ext.width / 2 - ext.x_bearing, y = p.y - ext.height / 2 - ext.y_bearing;
    cairo_new_path(cr);
    cairo_move_to(cr, x, y);
    cairo_text_path(cr, text.c_str());
    cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
    cairo_set_line_width(cr, 3 * scale());
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_stroke_preserve(cr);
    cairo_set_source_rgb(cr, 0.13, 0.13, 0.13);
    cairo_fill(cr);
    return true;
}

void PngCanvas::marker(geo::XY at, double radius_px, double outline_px, Rgba fill_colour, Rgba outline,
                       const std::string& text) {
    cairo_t* cr = m_impl->cr.get();
    geo::XY p = to_px(at);
    cairo_new_path(cr);
    // The outline lies inside the radius: the disc covers no more than radius_px from its centre.
    cairo_arc(cr, p.x, p.y, (radius_px - outline_px / 2) * scale(), 0, 2 * M_PI);
    set_colour(cr, fill_colour);
    cairo_fill_preserve(cr);
    set_colour(cr, outline);
    cairo_set_line_width(cr, outline_px * scale());
    cairo_stroke(cr);
    if (text.empty()) return;
    cairo_select_font_face(cr, label_font, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
    double font_px = std::clamp(radius_px * 0.75, 9.0, 14.0) * scale();
    cairo_set_font_size(cr, font_px);
    cairo_text_extents_t ext;
    cairo_text_extents(cr, text.c_str(), &ext);
    // The text's box within the disc's: its diagonal no longer than the disc's inner diameter.
    const double room = 2 * (radius_px - outline_px - 1) * scale(),
                 diagonal = std::hypot(ext.width, ext.height);
    if (diagonal > room && diagonal > 0) {
        font_px *= room / diagonal;
        cairo_set_font_size(cr, font_px);
        cairo_text_extents(cr, text.c_str(), &ext);
    }
    cairo_move_to(cr, p.x - ext.width / 2 - ext.x_bearing, p.y - ext.height / 2 - ext.y_bearing);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_show_text(cr, text.c_str());
}

void PngCanvas::raster(std::span<const Rgba> pixels) {
    if (pixels.size() != static_cast<std::size_t>(m_size) * static_cast<std::size_t>(m_size))
        throw BackendError("raster of the wrong size");
    CairoSurface layer(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, m_size, m_size));
    cairo_surface_flush(layer.get());
    unsigned char* data = cairo_image_surface_get_data(layer.get());
    int stride = cairo_image_surface_get_stride(layer.get());
    for (int y = 0; y < m_size; ++y) {
        auto* row = reinterpret_cast<std::uint32_t*>(data + y * stride);
        for (int x = 0; x < m_size; ++x) {
            Rgba c = pixels[static_cast<std::size_t>(y * m_size + x)];
            auto pre = [&](std::uint8_t v) { return static_cast<std::uint32_t>((v * c.a + 127) / 255); };
            row[x] = (std::uint32_t{c.a} << 24) | (pre(c.r) << 16) | (pre(c.g) << 8) | pre(c.b);
        }
    }
    cairo_surface_mark_dirty(layer.get());
    cairo_t* cr = m_impl->cr.get();
    cairo_set_source_surface(cr, layer.get(), 0, 0);
    cairo_paint(cr);
}

std::string PngCanvas::png() const {
    cairo_surface_flush(m_impl->surface.get());
    return encode_png(cairo_image_surface_get_data(m_impl->surface.get()), m_size, m_size,
                      cairo_image_surface_get_stride(m_impl->surface.get()));
}

Rgba PngCanvas::pixel(int x, int y) const {
    cairo_surface_flush(m_impl->surface.get());
    const unsigned char* data = cairo_image_surface_get_data(m_impl->surface.get());
    int stride = cairo_image_surface_get_stride(m_impl->surface.get());
    return unpremultiply(reinterpret_cast<const std::uint32_t*>(data + y * stride)[x]);
}

DecodedPng decode_png(const std::string& bytes) {
    ByteSource src{bytes};
    CairoSurface s(cairo_image_surface_create_from_png_stream(read_bytes, &src));
    if (cairo_surface_status(s.get()) != CAIRO_STATUS_SUCCESS) throw BackendError("not a PNG image");
    DecodedPng out;
    out.width = cairo_image_surface_get_width(s.get());
    out.height = cairo_image_surface_get_height(s.get());
    cairo_surface_flush(s.get());
    const unsigned char* data = cairo_image_surface_get_data(s.get());
    int stride = cairo_image_surface_get_stride(s.get());
    cairo_format_t format = cairo_image_surface_get_format(s.get());
    for (int y = 0; y < out.height; ++y) {
        const auto* row = reinterpret_cast<const std::uint32_t*>(data + y * stride);
        for (int x = 0; x < out.width; ++x)
            out.pixels.push_back(format == CAIRO_FORMAT_RGB24 ? unpremultiply(row[x] | 0xff000000u)
                                                              : unpremultiply(row[x]));
    }
    return out;
}

} // namespace wangge::tiles
