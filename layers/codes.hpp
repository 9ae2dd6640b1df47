#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace wangge::layers {

/// The four nested region levels of domain.md §1 (GB/T 30428.1 unit grids, GB/T 2260 districts).
enum class Level { district, street, community, grid };

/// Code length of a level: 6, 9, 12, 15 digits.
constexpr std::size_t code_length(Level level) {
    switch (level) {
    case Level::district:
        return 6;
    case Level::street:
        return 9;
    case Level::community:
        return 12;
    case Level::grid:
        return 15;
    }
    return 0;
}

std::string_view level_name(Level level);
std::optional<Level> parse_level(std::string_view name);

bool all_digits(std::string_view s);

/// True when `code` is a well-formed code of `level` (digits, right length).
bool is_region_code(std::string_view code, Level level);

/// The code of the ancestor at `level`, or nullopt when `code` is not a usable region code that
/// deep. Works for grid, community, street and district codes alike (a prefix names the parent).
std::optional<std::string> parent_code(std::string_view code, Level level);

enum class GridCodeForm { standard, legacy, bad };

struct GridCode {
    std::string code; ///< normalised (15 digits) when standard or legacy, else as given
    GridCodeForm form;
};

/// Checks a unit grid code (15 digits; legacy 14-digit CJ/T 213 codes have a 2-digit serial, which
/// is padded to 3 digits).
GridCode normalise_grid_code(std::string_view code);

/// True for a GB/T 30428.2 component code (16 digits) or its GB/T 47678.5 successor (17 digits).
bool is_component_code(std::string_view code);

/// The 4- or 5-digit class (major + minor) of a well-formed component code.
std::optional<std::string> component_class(std::string_view code);

} // namespace wangge::layers
