#include "tiles/colour.hpp"

namespace wangge::tiles {
namespace {

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

} // namespace

std::optional<Rgba> parse_colour(std::string_view hex) {
    if (hex.size() != 7 && hex.size() != 9) return std::nullopt;
    if (hex[0] != '#') return std::nullopt;
    std::uint8_t bytes[4] = {0, 0, 0, 255};
    for (std::size_t i = 0; i * 2 + 1 < hex.size(); ++i) {
        int hi = hex_digit(hex[1 + i * 2]), lo = hex_digit(hex[2 + i * 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        bytes[i] = static_cast<std::uint8_t>(hi * 16 + lo);
    }
    return Rgba{bytes[0], bytes[1], bytes[2], bytes[3]};
}

} // namespace wangge::tiles
