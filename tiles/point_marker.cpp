#include "tiles/point_marker.hpp"

#include <algorithm>
#include <cmath>

namespace wangge::tiles {

double marker_radius_px(long long count) {
    if (count <= 1) return 4;
    return std::min(max_marker_radius_px, 7 + 2.5 * std::log2(static_cast<double>(count)));
}

std::string count_label(long long count) {
    constexpr long long wan = 10'000, yi = 100'000'000;
    if (count < wan) return std::to_string(count);
    const auto [unit, word] = count < yi ? std::pair{wan, "万"} : std::pair{yi, "亿"};
    const long long whole = count / unit;
    // One decimal while the leading figure is a single digit: 1.2万, 9.9万, then 10万, 123万.
    if (whole >= 10) return std::to_string(whole) + word;
    const long long tenth = count % unit / (unit / 10);
    std::string label = std::to_string(whole);
    if (tenth) label.append(".").append(std::to_string(tenth));
    return label.append(word);
}

} // namespace wangge::tiles
