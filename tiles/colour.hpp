#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace wangge::tiles {

struct Rgba {
    std::uint8_t r = 0, g = 0, b = 0, a = 255;
    bool operator==(const Rgba&) const = default;
};

/// Reads "#rrggbb" or "#rrggbbaa" (case-insensitive); nullopt for anything else.
std::optional<Rgba> parse_colour(std::string_view hex);

/// The grey of a region that is not assessed (domain.md §5.4).
inline constexpr Rgba not_assessed_grey{189, 189, 189, 255};

} // namespace wangge::tiles
