#include "geo/extent_check.hpp"

#include <cmath>
#include <cstdio>
#include <vector>

namespace wangge::geo {
namespace {

bool inside(const LonLatBox& a, double margin, double lon, double lat) {
    if (!std::isfinite(lon) || !std::isfinite(lat) || lat < a.south - margin || lat > a.north + margin)
        return false;
    if (a.west <= a.east) return lon >= a.west - margin && lon <= a.east + margin;
    return lon >= a.west - margin || lon <= a.east + margin; // across the antimeridian
}

/// True when every sample of the extent, read as (x, y) or exchanged, lies in the area.
bool samples_fit(const CrsInfo& crs, const Box& e, double margin, bool exchange) {
    std::vector<double> xs, ys;
    for (double fx : {0.0, 0.5, 1.0})
        for (double fy : {0.0, 0.5, 1.0}) {
            double x = e.min_x + fx * (e.max_x - e.min_x), y = e.min_y + fy * (e.max_y - e.min_y);
            xs.push_back(exchange ? y : x);
            ys.push_back(exchange ? x : y);
        }
    try {
        Transformer to_lonlat(crs.definition, "EPSG:4326");
        to_lonlat.transform(xs, ys);
    } catch (const std::exception&) {
        return false;
    }
    for (std::size_t i = 0; i < xs.size(); ++i)
        if (!inside(*crs.area_of_use, margin, xs[i], ys[i])) return false;
    return true;
}

} // namespace

ExtentVerdict judge_extent(const CrsInfo& crs, const Box& extent, double margin_deg) {
    if (!crs.area_of_use) return ExtentVerdict::fits;
    if (samples_fit(crs, extent, margin_deg, false)) return ExtentVerdict::fits;
    if (samples_fit(crs, extent, margin_deg, true)) return ExtentVerdict::swapped;
    return ExtentVerdict::outside;
}

std::string describe_extent(const Box& e) {
    char buf[160];
    bool degrees = std::fabs(e.max_x) <= 360 && std::fabs(e.max_y) <= 360;
    std::snprintf(buf, sizeof buf, degrees ? "x %.4f..%.4f, y %.4f..%.4f" : "x %.0f..%.0f, y %.0f..%.0f",
                  e.min_x, e.max_x, e.min_y, e.max_y);
    return buf;
}

} // namespace wangge::geo
