#include "layers/pg_copy_text.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
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

template <typename T> T read_raw(const std::string& bytes, std::size_t at, bool little) {
    unsigned char b[sizeof(T)];
    std::memcpy(b, bytes.data() + at, sizeof(T));
    if (little != (std::endian::native == std::endian::little)) std::reverse(b, b + sizeof(T));
    T v;
    std::memcpy(&v, b, sizeof(T));
    return v;
}

} // namespace

void CopyLine::split(std::string_view line) {
    m_fields.clear();
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
    if (m_ewkb.size() < 9) {
        problem = "unreadable geometry";
        return;
    }
    const bool little = m_ewkb[0] == 1;
    const auto type = read_raw<std::uint32_t>(m_ewkb, 1, little);
    const std::size_t body = (type & ewkb_srid_flag) ? 9 : 5;
    if (kind == GeometryKind::point) {
        if (m_ewkb.size() < body + 16) {
            problem = "unreadable geometry";
            return;
        }
        x = read_raw<double>(m_ewkb, body, little);
        y = read_raw<double>(m_ewkb, body + 8, little);
        if (std::isnan(x) && std::isnan(y)) problem = "empty geometry"; // POINT EMPTY
        return;
    }
    if (m_ewkb.size() < body + 4 || read_raw<std::uint32_t>(m_ewkb, body, little) == 0) {
        problem = "empty geometry";
        return;
    }
    // ISO WKB: the same bytes without EWKB's SRID (the parts never carry one).
    wkb.assign(1, m_ewkb[0]);
    std::uint32_t iso = type & 0x0fffffffu;
    unsigned char t[4];
    std::memcpy(t, &iso, 4);
    if (little != (std::endian::native == std::endian::little)) std::reverse(t, t + 4);
    wkb.append(reinterpret_cast<const char*>(t), 4);
    wkb.append(m_ewkb, body, std::string::npos);
}

} // namespace wangge::layers
