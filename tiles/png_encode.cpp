#include "tiles/png_encode.hpp"

#include "geo/error.hpp"
#include "tiles/colour.hpp"
#include "tiles/png_palette.hpp"

#include <png.h>

#include <array>
#include <csetjmp>
#include <cstring>
#include <vector>

namespace wangge::tiles {
namespace {

void append(png_structp png, png_bytep data, png_size_t length) {
    static_cast<std::string*>(png_get_io_ptr(png))->append(reinterpret_cast<const char*>(data), length);
}

void flush(png_structp) {}

// zlib's fastest level: a tile is drawn while its reader waits. The default (6) saves another
// 15 % of the bytes and costs a millisecond a tile, a tenth of the drawing.
constexpr int compression_level = 1;

/// Straight (not premultiplied) 0xAARRGGBB of Cairo's premultiplied pixels.
std::vector<std::uint32_t> unpremultiplied(const unsigned char* argb32, int width, int height, int stride) {
    std::vector<std::uint32_t> out;
    out.reserve(static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
    for (int y = 0; y < height; ++y) {
        const auto* in =
            reinterpret_cast<const std::uint32_t*>(argb32 + static_cast<std::ptrdiff_t>(y) * stride);
        for (int x = 0; x < width; ++x) {
            const Rgba c = unpremultiply(in[x]);
            out.push_back(std::uint32_t{c.a} << 24 | std::uint32_t{c.r} << 16 | std::uint32_t{c.g} << 8 |
                          c.b);
        }
    }
    return out;
}

/// Writes the image; false when libpng reports an error. Nothing with a destructor lives in this
/// frame, as libpng leaves it by longjmp.
bool write(png_structp png, png_infop info, const PalettedImage& image, const png_color* colours,
           const png_byte* alphas, int width, int height) {
    if (setjmp(png_jmpbuf(png))) return false;
    png_set_IHDR(png, info, static_cast<png_uint_32>(width), static_cast<png_uint_32>(height), 8,
                 PNG_COLOR_TYPE_PALETTE, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    png_set_PLTE(png, info, colours, static_cast<int>(image.palette.size()));
    if (image.translucent > 0) png_set_tRNS(png, info, alphas, static_cast<int>(image.translucent), nullptr);
    png_set_compression_level(png, compression_level);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE); // PNG's advice for palette images
    png_write_info(png, info);
    for (int y = 0; y < height; ++y)
        png_write_row(png, image.indices.data() + static_cast<std::ptrdiff_t>(y) * width);
    png_write_end(png, info);
    return true;
}

} // namespace

std::string encode_png(const unsigned char* argb32, int width, int height, int stride) {
    const PalettedImage image = reduce_to_palette(unpremultiplied(argb32, width, height, stride));
    std::array<png_color, 256> colours{};
    std::array<png_byte, 256> alphas{};
    for (std::size_t i = 0; i < image.palette.size(); ++i) {
        std::uint32_t c = image.palette[i];
        colours[i] = {static_cast<png_byte>(c >> 16), static_cast<png_byte>(c >> 8),
                      static_cast<png_byte>(c)};
        alphas[i] = static_cast<png_byte>(c >> 24);
    }
    std::string out;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png ? png_create_info_struct(png) : nullptr;
    if (!info) {
        png_destroy_write_struct(&png, nullptr);
        throw BackendError("libpng: out of memory");
    }
    png_set_write_fn(png, &out, append, flush);
    bool ok = write(png, info, image, colours.data(), alphas.data(), width, height);
    png_destroy_write_struct(&png, &info);
    if (!ok) throw BackendError("libpng: cannot encode the tile");
    return out;
}

} // namespace wangge::tiles
