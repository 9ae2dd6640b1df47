#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string_view>

namespace wangge::tiles {

struct Rgba {
    std::uint8_t r = 0, g = 0, b = 0, a = 255;
    bool operator==(const Rgba&) const = default;
};

/// A Cairo ARGB32 pixel (a native-endian word, alpha premultiplied) as straight RGBA, rounded.
inline Rgba unpremultiply(std::uint32_t argb) {
    const auto a = static_cast<std::uint8_t>(argb >> 24);
    auto channel = [&](int shift) {
        const auto v = static_cast<std::uint8_t>(argb >> shift);
        if (a == 255) return v;
        return a == 0 ? std::uint8_t{0} : static_cast<std::uint8_t>(std::min(255, (v * 255 + a / 2) / a));
    };
    return {channel(16), channel(8), channel(0), a};
}

/// Reads "#rrggbb" or "#rrggbbaa" (case-insensitive); nullopt for anything else.
std::optional<Rgba> parse_colour(std::string_view hex);

/// The grey of a region that is not assessed (domain.md §5.4).
inline constexpr Rgba not_assessed_grey{189, 189, 189, 255};

} // namespace wangge::tiles
