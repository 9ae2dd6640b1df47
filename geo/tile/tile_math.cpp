#include "geo/tile/tile_math.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numbers>

namespace wangge::geo {
namespace {

constexpr double earth_radius = 6378137.0;
constexpr double max_latitude = 85.0511287798066;

std::optional<std::uint32_t> parse_u32(const std::string& s) {
    if (s.empty() || s.size() > 9) return std::nullopt;
    std::uint32_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return v;
}

} // namespace

std::optional<TileId> TileId::parse(const std::string& z, const std::string& x, const std::string& y) {
    auto zz = parse_u32(z), xx = parse_u32(x), yy = parse_u32(y);
    if (!zz || !xx || !yy || *zz > static_cast<std::uint32_t>(max_tile_zoom)) return std::nullopt;
    TileId t{static_cast<int>(*zz), *xx, *yy};
    if (!t.valid()) return std::nullopt;
    return t;
}

bool TileId::valid() const noexcept {
    if (z < 0 || z > max_tile_zoom) return false;
    std::uint32_t n = 1u << z;
    return x < n && y < n;
}

double tile_span(int z) noexcept {
    return 2 * mercator_half_extent / static_cast<double>(1u << z);
}

Box TileId::bounds() const noexcept {
    double span = tile_span(z);
    double min_x = -mercator_half_extent + x * span;
    double max_y = mercator_half_extent - y * span;
    return {min_x, max_y - span, min_x + span, max_y};
}

XY lonlat_to_mercator(double lon, double lat) noexcept {
    lat = std::clamp(lat, -max_latitude, max_latitude);
    constexpr double deg = std::numbers::pi / 180;
    return {earth_radius * lon * deg,
            earth_radius * std::log(std::tan(std::numbers::pi / 4 + lat * deg / 2))};
}

XY mercator_to_lonlat(double x, double y) noexcept {
    constexpr double deg = 180 / std::numbers::pi;
    return {x / earth_radius * deg, (2 * std::atan(std::exp(y / earth_radius)) - std::numbers::pi / 2) * deg};
}

TileId tile_at(double lon, double lat, int z) noexcept {
    XY m = lonlat_to_mercator(lon, lat);
    double n = static_cast<double>(1u << z);
    auto cell = [&](double v) {
        double c = std::floor((v + mercator_half_extent) / (2 * mercator_half_extent) * n);
        return static_cast<std::uint32_t>(std::clamp(c, 0.0, n - 1));
    };
    return {z, cell(m.x), static_cast<std::uint32_t>(n - 1) - cell(m.y)};
}

} // namespace wangge::geo
