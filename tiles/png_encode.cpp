#include "tiles/png_encode.hpp"

#include "geo/error.hpp"

#include <png.h>

#include <csetjmp>
#include <cstring>
#include <vector>

namespace wangge::tiles {
namespace {

void append(png_structp png, png_bytep data, png_size_t length) {
    static_cast<std::string*>(png_get_io_ptr(png))->append(reinterpret_cast<const char*>(data), length);
}

void flush(png_structp) {}

/// Straight (not premultiplied) RGBA of one row.
void unpremultiply_row(const std::uint32_t* in, int width, unsigned char* out) {
    for (int x = 0; x < width; ++x, out += 4) {
        std::uint32_t p = in[x];
        unsigned a = p >> 24;
        unsigned r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
        if (a != 255 && a != 0) {
            r = (r * 255 + a / 2) / a, g = (g * 255 + a / 2) / a, b = (b * 255 + a / 2) / a;
            r = r > 255 ? 255 : r, g = g > 255 ? 255 : g, b = b > 255 ? 255 : b;
        }
        out[0] = static_cast<unsigned char>(r), out[1] = static_cast<unsigned char>(g);
        out[2] = static_cast<unsigned char>(b), out[3] = static_cast<unsigned char>(a);
    }
}

/// Writes the image; false when libpng reports an error. Nothing with a destructor lives in this
/// frame, as libpng leaves it by longjmp.
bool write(png_structp png, png_infop info, const unsigned char* argb32, int width, int height, int stride,
           unsigned char* row) {
    if (setjmp(png_jmpbuf(png))) return false;
    png_set_IHDR(png, info, static_cast<png_uint_32>(width), static_cast<png_uint_32>(height), 8,
                 PNG_COLOR_TYPE_RGB_ALPHA, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    png_set_compression_level(png, 1);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
    png_write_info(png, info);
    for (int y = 0; y < height; ++y) {
        unpremultiply_row(
            reinterpret_cast<const std::uint32_t*>(argb32 + static_cast<std::ptrdiff_t>(y) * stride), width,
            row);
        png_write_row(png, row);
    }
    png_write_end(png, info);
    return true;
}

} // namespace

std::string encode_png(const unsigned char* argb32, int width, int height, int stride) {
    std::string out;
    std::vector<unsigned char> row(static_cast<std::size_t>(width) * 4);
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png ? png_create_info_struct(png) : nullptr;
    if (!info) {
        png_destroy_write_struct(&png, nullptr);
        throw BackendError("libpng: out of memory");
    }
    png_set_write_fn(png, &out, append, flush);
    bool ok = write(png, info, argb32, width, height, stride, row.data());
    png_destroy_write_struct(&png, &info);
    if (!ok) throw BackendError("libpng: cannot encode the tile");
    return out;
}

} // namespace wangge::tiles
