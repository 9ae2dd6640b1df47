#include "layers/pg_copy_text.hpp"

#include "geo/wkb.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>

namespace wangge::layers {
namespace {

/// The value of each hex digit by its byte (0 for any other): a geometry is decoded per row.
constexpr auto hex_values = [] {
    std::array<unsigned char, 256> v{};
    for (unsigned char c = 0; c < 10; ++c) v[std::size_t{'0'} + c] = c;
    for (unsigned char c = 0; c < 6; ++c)
        v[std::size_t{'a'} + c] = v[std::size_t{'A'} + c] = static_cast<unsigned char>(10 + c);
    return v;
}();

unsigned hex_value(char c) {
    return hex_values[static_cast<unsigned char>(c)];
}

} // namespace

void CopyLine::split(std::string_view line) {
    m_fields.clear();
    // The line as the server sends it ends in its newline; one inside a field is escaped.
    if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
    for (std::size_t start = 0;;) {
        const std::size_t tab = line.find('\t', start);
        const std::string_view f = line.substr(start, tab == std::string_view::npos ? tab : tab - start);
        if (f == "\\N") {
            m_fields.emplace_back(std::nullopt);
        } else if (f.find('\\') == std::string_view::npos) {
            m_fields.emplace_back(f);
        } else {
            // COPY escapes a backslash, tab, newline and carriage return in text (\b, \f and \v
            // are read too); any other escaped character stands for itself.
            if (m_unescaped.size() <= m_fields.size()) m_unescaped.resize(m_fields.size() + 1);
            std::string& out = m_unescaped[m_fields.size()];
            out.clear();
            for (std::size_t i = 0; i < f.size(); ++i) {
                if (f[i] != '\\' || i + 1 == f.size()) {
                    out += f[i];
                    continue;
                }
                switch (const char e = f[++i]) {
                case 't':
                    out += '\t';
                    break;
                case 'n':
                    out += '\n';
                    break;
                case 'r':
                    out += '\r';
                    break;
                case 'b':
                    out += '\b';
                    break;
                case 'f':
                    out += '\f';
                    break;
                case 'v':
                    out += '\v';
                    break;
                default:
                    out += e;
                }
            }
            m_fields.emplace_back(out);
        }
        if (tab == std::string_view::npos) break;
        start = tab + 1;
    }
}

void DecodedGeometry::decode(GeometryKind kind, const std::optional<std::string_view>& hex) {
    wkb.clear();
    x = y = std::numeric_limits<double>::quiet_NaN();
    problem = {};
    if (kind == GeometryKind::none) return;
    if (!hex) {
        problem = "no geometry";
        return;
    }
    m_ewkb.resize(hex->size() / 2);
    for (std::size_t i = 0; i < m_ewkb.size(); ++i)
        m_ewkb[i] = static_cast<char>(hex_value((*hex)[2 * i]) << 4 | hex_value((*hex)[2 * i + 1]));
    // Byte order, type, and the SRID when the type's flag says one follows.
    geo::WkbReader r(m_ewkb);
    if (m_ewkb.size() < 9) {
        problem = "unreadable geometry";
        return;
    }
    const bool little = r.byte_order();
    const std::uint32_t type = r.u32(little);
    if (type & ewkb_srid_flag) r.u32(little);
    const std::size_t body = m_ewkb.size() - r.remaining();
    if (kind == GeometryKind::point) {
        if (r.remaining() < 16) {
            problem = "unreadable geometry";
            return;
        }
        x = r.f64(little);
        y = r.f64(little);
        if (std::isnan(x) && std::isnan(y)) problem = "empty geometry"; // POINT EMPTY
        return;
    }
    if (r.remaining() < 4 || r.u32(little) == 0) {
        problem = "empty geometry";
        return;
    }
    // ISO WKB: the same bytes without EWKB's SRID (the parts never carry one) and with the
    // type's flag bits, in its most significant byte, cleared.
    wkb.assign(m_ewkb, 0, 5);
    wkb[little ? 4 : 1] = static_cast<char>(wkb[little ? 4 : 1] & 0x0f);
    wkb.append(m_ewkb, body, std::string::npos);
}

} // namespace wangge::layers
