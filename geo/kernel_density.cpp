#include "geo/kernel_density.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace wangge::geo {

std::vector<float> kernel_density(std::span<const XY> points, const RasterFrame& frame, double radius) {
    std::vector<float> out(static_cast<std::size_t>(frame.width) * static_cast<std::size_t>(frame.height),
                           0.0f);
    if (radius <= 0) return out;
    const double px = (frame.bounds.max_x - frame.bounds.min_x) / frame.width;
    const double norm = 3.0 / (std::numbers::pi * radius * radius);
    const double r2 = radius * radius;
    for (const XY& p : points) {
        // The pixel columns and rows whose centres lie within the radius.
        int c0 = std::max(0, static_cast<int>(std::ceil((p.x - radius - frame.bounds.min_x) / px - 0.5)));
        int c1 = std::min(frame.width - 1,
                          static_cast<int>(std::floor((p.x + radius - frame.bounds.min_x) / px - 0.5)));
        int r0 = std::max(0, static_cast<int>(std::ceil((frame.bounds.max_y - p.y - radius) / px - 0.5)));
        int r1 = std::min(frame.height - 1,
                          static_cast<int>(std::floor((frame.bounds.max_y - p.y + radius) / px - 0.5)));
        for (int r = r0; r <= r1; ++r) {
            double cy = frame.bounds.max_y - (r + 0.5) * px;
            double dy2 = (cy - p.y) * (cy - p.y);
            if (dy2 >= r2) continue;
            float* row = out.data() + static_cast<std::size_t>(r) * static_cast<std::size_t>(frame.width);
            for (int c = c0; c <= c1; ++c) {
                double cx = frame.bounds.min_x + (c + 0.5) * px;
                double d2 = (cx - p.x) * (cx - p.x) + dy2;
                if (d2 >= r2) continue;
                double u = 1 - d2 / r2;
                row[c] += static_cast<float>(norm * u * u);
            }
        }
    }
    return out;
}

} // namespace wangge::geo
