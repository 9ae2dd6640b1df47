#pragma once

#include "geo/error.hpp"

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
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

namespace wangge::geo {

/// Reads WKB values in either byte order; throws BackendError when the bytes run out.
class WkbReader {
public:
    explicit WkbReader(std::string_view wkb) : m_wkb(wkb) {}

    /// Reads a byte-order mark: true for little endian (NDR).
    bool byte_order() {
        need(1);
        return m_wkb[m_pos++] == 1;
    }
    std::uint32_t u32(bool le) {
        need(4);
        std::uint32_t v;
        std::memcpy(&v, m_wkb.data() + m_pos, 4);
        m_pos += 4;
        return le ? v : __builtin_bswap32(v);
    }
    double f64(bool le) {
        need(8);
        std::uint64_t bits;
        std::memcpy(&bits, m_wkb.data() + m_pos, 8);
        m_pos += 8;
        if (!le) bits = __builtin_bswap64(bits);
        double v;
        std::memcpy(&v, &bits, 8);
        return v;
    }

    /// Bytes not read yet: a count read from the blob is checked against it before anything
    /// is allocated for it.
    std::size_t remaining() const noexcept { return m_wkb.size() - m_pos; }
    /// A count of items of at least `item_bytes` each; throws when the blob cannot hold them.
    std::uint32_t count(bool le, std::size_t item_bytes) {
        std::uint32_t n = u32(le);
        if (static_cast<std::uint64_t>(n) * item_bytes > remaining())
            throw BackendError("WKB claims " + std::to_string(n) + " items where " +
                               std::to_string(remaining()) + " bytes remain");
        return n;
    }

private:
    void need(std::size_t n) const {
        if (m_pos + n > m_wkb.size()) throw BackendError("truncated WKB");
    }
    std::string_view m_wkb;
    std::size_t m_pos = 0;
};

/// The coordinates of a WKB Point (2D or with Z/M), or nullopt for any other or truncated WKB.
inline std::optional<XY> point_from_wkb(std::string_view wkb) {
    if (wkb.size() < 21) return std::nullopt;
    WkbReader r(wkb);
    bool le = r.byte_order();
    if (r.u32(le) % 1000 != 1) return std::nullopt;
    XY p;
    p.x = r.f64(le);
    p.y = r.f64(le);
    return p;
}

} // namespace wangge::geo
