#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace wangge::geo {

struct XY {
    double x = 0;
    double y = 0;
};

/// A closed ring: the last point repeats the first.
using Ring = std::vector<XY>;

/// ISO WKB (little endian) of a polygon given as its shell and holes.
inline std::string polygon_wkb(const std::vector<Ring>& rings) {
    std::string out;
    auto put_u32 = [&](std::uint32_t v) { out.append(reinterpret_cast<const char*>(&v), 4); };
    auto put_f64 = [&](double v) { out.append(reinterpret_cast<const char*>(&v), 8); };
    static_assert(sizeof(double) == 8);
    out.push_back('\x01');
    put_u32(3);
    put_u32(static_cast<std::uint32_t>(rings.size()));
    for (const Ring& r : rings) {
        put_u32(static_cast<std::uint32_t>(r.size()));
        for (const XY& p : r) {
            put_f64(p.x);
            put_f64(p.y);
        }
    }
    return out;
}

} // namespace wangge::geo

namespace wangge::geo {

/// ISO WKB of a multipolygon whose parts are given as their rings (shell first).
inline std::string multipolygon_wkb(const std::vector<std::vector<Ring>>& parts) {
    std::string out;
    std::uint32_t type = 6, n = static_cast<std::uint32_t>(parts.size());
    out.push_back('\x01');
    out.append(reinterpret_cast<const char*>(&type), 4);
    out.append(reinterpret_cast<const char*>(&n), 4);
    for (const auto& p : parts) out += polygon_wkb(p);
    return out;
}

} // namespace wangge::geo
