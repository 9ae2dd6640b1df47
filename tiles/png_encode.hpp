#pragma once

// PNG encoding of a drawn tile with libpng, tuned for tiles: fast deflate and the Sub filter,
// which suit large flat areas of one colour. Cairo's own writer compresses harder than a tile
// that is drawn on demand can afford.

#include <cstdint>
#include <string>

namespace wangge::tiles {

/// An RGBA PNG of a Cairo ARGB32 image (native-endian words, alpha premultiplied).
std::string encode_png(const unsigned char* argb32, int width, int height, int stride);

} // namespace wangge::tiles
