#include "tiles/mvt_layer.hpp"

#include <protozero/pbf_writer.hpp>
#include <protozero/varint.hpp>

#include <functional>

namespace wangge::tiles {
namespace {

constexpr std::uint32_t command(std::uint32_t id, std::uint32_t count) {
    return (id & 0x7) | (count << 3);
}
constexpr std::uint32_t zigzag(std::int32_t v) {
    return (static_cast<std::uint32_t>(v) << 1) ^ static_cast<std::uint32_t>(v >> 31);
}

/// Geometry commands of one ring: MoveTo, LineTo the rest, ClosePath (MVT 2.1 §4.3.4.4).
void encode_ring(std::span<const geo::TilePoint> ring, geo::TilePoint& cursor,
                 std::vector<std::uint32_t>& out) {
    out.push_back(command(1, 1));
    out.push_back(zigzag(ring[0][0] - cursor[0]));
    out.push_back(zigzag(ring[0][1] - cursor[1]));
    cursor = ring[0];
    out.push_back(command(2, static_cast<std::uint32_t>(ring.size() - 1)));
    for (std::size_t i = 1; i < ring.size(); ++i) {
        out.push_back(zigzag(ring[i][0] - cursor[0]));
        out.push_back(zigzag(ring[i][1] - cursor[1]));
        cursor = ring[i];
    }
    out.push_back(command(7, 1));
}

std::size_t varint_size(std::uint64_t v) {
    return static_cast<std::size_t>(protozero::length_of_varint(v));
}

char* put_varint(char* at, std::uint64_t v) {
    return at + protozero::add_varint_to_buffer(at, v);
}

std::size_t varints_size(const std::vector<std::uint32_t>& values) {
    std::size_t n = 0;
    for (std::uint32_t v : values) n += varint_size(v);
    return n;
}

/// A Tile.Value message (MVT 2.1 vector_tile.proto): strings, doubles, sint64 and bools.
void write_value(protozero::pbf_writer& layer, const Value& value) {
    protozero::pbf_writer w(layer, 4);
    std::visit(
        [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::string_view>)
                w.add_string(1, v.data(), v.size());
            else if constexpr (std::is_same_v<T, double>)
                w.add_double(3, v);
            else if constexpr (std::is_same_v<T, std::int64_t>)
                w.add_sint64(6, v);
            else
                w.add_bool(7, v);
        },
        value.get());
}

/// Views of the same characters (a literal, a snapshot's string) are equal without a comparison.
bool same_text(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && (a.data() == b.data() || a == b);
}

} // namespace

std::size_t Value::hash() const noexcept {
    // The alternative's index mixed in: 1 (an integer) and 1.0 (a double) are different values.
    std::size_t h =
        std::visit([](const auto& x) { return std::hash<std::decay_t<decltype(x)>>{}(x); }, m_value);
    h ^= (m_value.index() + 1) * 0x9e3779b97f4a7c15ull;
    return h ^ (h >> 29); // std::hash of a number is the number: spread it over the low bits
}

MvtLayer::MvtLayer(std::string name, int extent) : m_name(std::move(name)), m_extent(extent) {
    m_slots.assign(256, 0);
}

bool Value::operator==(const Value& other) const noexcept {
    if (m_value.index() != other.m_value.index()) return false;
    if (const auto* text = std::get_if<std::string_view>(&m_value))
        return same_text(*text, std::get<std::string_view>(other.m_value));
    return m_value == other.m_value;
}

std::uint32_t MvtLayer::key_index(std::size_t position, std::string_view key) {
    if (position < m_key_at_position.size() && same_text(m_keys[m_key_at_position[position]], key))
        return m_key_at_position[position];
    std::uint32_t index = 0;
    while (index < m_keys.size() && !same_text(m_keys[index], key)) ++index;
    if (index == m_keys.size()) m_keys.push_back(key);
    if (position >= m_key_at_position.size()) m_key_at_position.resize(position + 1);
    m_key_at_position[position] = index;
    return index;
}

std::uint32_t MvtLayer::value_index(std::size_t position, const Value& value) {
    if (position < m_value_at_position.size() && m_values[m_value_at_position[position]] == value)
        return m_value_at_position[position];
    if (position >= m_value_at_position.size()) m_value_at_position.resize(position + 1);
    const std::size_t hash = value.hash();
    std::size_t mask = m_slots.size() - 1;
    std::size_t slot = hash & mask;
    while (std::uint32_t held = m_slots[slot]) {
        if (m_value_hashes[held - 1] == hash && m_values[held - 1] == value)
            return m_value_at_position[position] = held - 1;
        slot = (slot + 1) & mask;
    }
    auto index = static_cast<std::uint32_t>(m_values.size());
    m_values.push_back(value);
    m_value_hashes.push_back(hash);
    m_slots[slot] = index + 1;
    if (2 * m_values.size() > m_slots.size()) { // keep the table at most half full
        m_slots.assign(m_slots.size() * 2, 0);
        mask = m_slots.size() - 1;
        for (std::size_t i = 0; i < m_value_hashes.size(); ++i) {
            std::size_t s = m_value_hashes[i] & mask;
            while (m_slots[s]) s = (s + 1) & mask;
            m_slots[s] = static_cast<std::uint32_t>(i + 1);
        }
    }
    return m_value_at_position[position] = index;
}

void MvtLayer::add_feature(std::uint64_t id, int type, std::span<const Property> properties) {
    m_tags.clear();
    for (std::size_t i = 0; i < properties.size(); ++i) {
        m_tags.push_back(key_index(i, properties[i].key));
        m_tags.push_back(value_index(i, properties[i].value));
    }
    // Layer.features (field 2), written straight: its length is known before its bytes, so nothing
    // is moved after (a nested writer reserves the length and shifts the message when it is short).
    const std::size_t tags = varints_size(m_tags), geometry = varints_size(m_geometry);
    const std::size_t body = 1 + varint_size(id) + (tags ? 1 + varint_size(tags) + tags : 0) + 1 +
                             varint_size(static_cast<std::uint64_t>(type)) +
                             (geometry ? 1 + varint_size(geometry) + geometry : 0);
    const std::size_t start = m_features.size();
    m_features.resize(start + 1 + varint_size(body) + body);
    char* at = m_features.data() + start;
    *at++ = 0x12; // field 2, length-delimited
    at = put_varint(at, body);
    *at++ = 0x08; // id: field 1, varint
    at = put_varint(at, id);
    if (tags) {
        *at++ = 0x12; // tags: field 2, packed
        at = put_varint(at, tags);
        for (std::uint32_t v : m_tags) at = put_varint(at, v);
    }
    *at++ = 0x18; // type: field 3, varint
    at = put_varint(at, static_cast<std::uint64_t>(type));
    if (geometry) {
        *at++ = 0x22; // geometry: field 4, packed
        at = put_varint(at, geometry);
        for (std::uint32_t v : m_geometry) at = put_varint(at, v);
    }
    ++m_count;
}

void MvtLayer::add_polygons(std::uint64_t id, const geo::TileShape& shape,
                            std::span<const Property> properties) {
    if (shape.empty()) return;
    m_geometry.clear();
    geo::TilePoint cursor{0, 0};
    for (std::size_t i = 0; i < shape.ring_count(); ++i) encode_ring(shape.ring(i), cursor, m_geometry);
    add_feature(id, 3, properties);
}

void MvtLayer::add_point(std::uint64_t id, geo::TilePoint point, std::span<const Property> properties) {
    m_geometry = {command(1, 1), zigzag(point[0]), zigzag(point[1])};
    add_feature(id, 1, properties);
}

std::string MvtLayer::encode() const {
    std::string data;
    data.reserve(m_features.size() + 32 * (m_keys.size() + m_values.size()) + 64);
    protozero::pbf_writer layer(data);
    // Fields in ascending order, as other encoders write them (some readers sniff the first ones).
    layer.add_string(1, m_name);
    data += m_features; // already field 2, one message per feature
    for (std::string_view k : m_keys) layer.add_string(3, k.data(), k.size());
    for (const Value& v : m_values) write_value(layer, v);
    layer.add_uint32(5, static_cast<std::uint32_t>(m_extent));
    layer.add_uint32(15, 2); // version
    return data;
}

std::string encode_tile(const std::vector<MvtLayer>& layers) {
    std::string data;
    protozero::pbf_writer tile(data);
    for (const MvtLayer& l : layers)
        if (l.size() > 0) tile.add_message(3, l.encode());
    return data;
}

} // namespace wangge::tiles
