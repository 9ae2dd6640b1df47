#pragma once

// The read side of PostgreSQL's COPY text format: a line split into its fields in place, and a
// stored geometry (hex EWKB) decoded as the GeoPackage reader gives it.

#include "layers/schema.hpp"

#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wangge::layers {

/// EWKB's flag on a geometry's type: its SRID follows.
inline constexpr std::uint32_t ewkb_srid_flag = 0x20000000;

/// One line of COPY's text format split at its tabs. A field without escapes is a view of the
/// line; one with escapes is unescaped into a buffer of its own, kept for the next line. A
/// field is nullopt for \N. The line's own newline, when it has it, ends the last field. The
/// views are valid until the next split().
class CopyLine {
public:
    void split(std::string_view line);
    std::size_t size() const noexcept { return m_fields.size(); }
    std::optional<std::string_view>& operator[](std::size_t i) noexcept { return m_fields[i]; }
    const std::optional<std::string_view>& operator[](std::size_t i) const noexcept { return m_fields[i]; }
    /// Fields [from, from + n), for a RecordView's values.
    std::span<const std::optional<std::string_view>> fields(std::size_t from, std::size_t n) const {
        return std::span(m_fields).subspan(from, n);
    }

private:
    std::vector<std::optional<std::string_view>> m_fields;
    std::deque<std::string> m_unescaped; ///< by field number (a deque: growing keeps the others in place)
};

/// A stored geometry as a reader hands it on: x/y for a point, ISO WKB for a polygon layer, and
/// what is wrong with it when it cannot be used ("no geometry", "unreadable geometry", "empty
/// geometry"; empty when it can). Its buffers are kept from one row to the next.
struct DecodedGeometry {
    std::string wkb;
    double x = 0.0;
    double y = 0.0;
    std::string_view problem;

    /// Decodes `hex` (PostGIS's output form, hex EWKB; nullopt when the row has none) of a layer
    /// whose geometry is `kind`.
    void decode(GeometryKind kind, const std::optional<std::string_view>& hex);

private:
    std::string m_ewkb;
};

} // namespace wangge::layers
