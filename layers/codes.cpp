#include "layers/codes.hpp"

#include <algorithm>

namespace wangge::layers {

std::string_view level_name(Level level) {
    switch (level) {
    case Level::district:
        return "district";
    case Level::street:
        return "street";
    case Level::community:
        return "community";
    case Level::grid:
        return "grid";
    }
    return "";
}

std::optional<Level> parse_level(std::string_view name) {
    for (Level l : {Level::district, Level::street, Level::community, Level::grid})
        if (level_name(l) == name) return l;
    return std::nullopt;
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_region_code(std::string_view code, Level level) {
    return code.size() == code_length(level) && all_digits(code);
}

std::optional<std::string> parent_code(std::string_view code, Level level) {
    std::size_t n = code_length(level);
    if (code.size() < n || !all_digits(code)) return std::nullopt;
    if (code.size() != 6 && code.size() != 9 && code.size() != 12 && code.size() != 15) return std::nullopt;
    return std::string(code.substr(0, n));
}

GridCode normalise_grid_code(std::string_view code) {
    if (is_region_code(code, Level::grid)) return {std::string(code), GridCodeForm::standard};
    if (code.size() == 14 && all_digits(code))
        return {std::string(code.substr(0, 12)) + "0" + std::string(code.substr(12)), GridCodeForm::legacy};
    return {std::string(code), GridCodeForm::bad};
}

bool is_component_code(std::string_view code) {
    return (code.size() == 16 || code.size() == 17) && all_digits(code);
}

std::optional<std::string> component_class(std::string_view code) {
    if (!is_component_code(code)) return std::nullopt;
    return std::string(code.substr(6, code.size() == 16 ? 4 : 5));
}

} // namespace wangge::layers
