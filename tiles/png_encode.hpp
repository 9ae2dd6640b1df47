#pragma once

// PNG encoding of a drawn tile with libpng: its colours reduced to a palette (png_palette.hpp),
// unfiltered, as PNG advises for palette images, with zlib's fastest level. Cairo's own writer
// writes RGBA, two to three times the bytes of a tile of flat grade colours, and compresses harder
// than a tile drawn on demand can afford.

#include <string>

namespace wangge::tiles {

/// A palette PNG of a Cairo ARGB32 image (native-endian words, alpha premultiplied).
std::string encode_png(const unsigned char* argb32, int width, int height, int stride);

} // namespace wangge::tiles
