#include "tiles/mvt_layer.hpp"

#include <protozero/varint.hpp>

#include <cstring>
#include <functional>
#include <stdexcept>

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

/// A varint of a key or value index: mostly one or two bytes, written without a loop.
char* put_small_varint(char* at, std::uint32_t v) {
    if (v < 0x80) {
        *at = static_cast<char>(v);
        return at + 1;
    }
    if (v < 0x4000) {
        at[0] = static_cast<char>((v & 0x7f) | 0x80);
        at[1] = static_cast<char>(v >> 7);
        return at + 2;
    }
    return at + protozero::add_varint_to_buffer(at, v);
}

std::size_t varint_size(std::uint64_t v) {
    return static_cast<std::size_t>(protozero::length_of_varint(v));
}

char* put_varint(char* at, std::uint64_t v) {
    return at + protozero::add_varint_to_buffer(at, v);
}

/// The size of a Tile.Value message (MVT 2.1 vector_tile.proto): strings, doubles, sint64, bools.
std::size_t value_size(const Value& value) {
    return std::visit(
        [](const auto& v) -> std::size_t {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::string_view>)
                return 1 + varint_size(v.size()) + v.size();
            else if constexpr (std::is_same_v<T, double>)
                return 1 + 8;
            else if constexpr (std::is_same_v<T, std::int64_t>)
                return 1 + varint_size(protozero::encode_zigzag64(v));
            else
                return 2;
        },
        value.get());
}

/// The Tile.Value message's bytes.
char* put_value(char* at, const Value& value) {
    return std::visit(
        [at](const auto& v) mutable {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::string_view>) {
                *at++ = 0x0a; // string_value: field 1
                at = put_varint(at, v.size());
                std::memcpy(at, v.data(), v.size());
                return at + v.size();
            } else if constexpr (std::is_same_v<T, double>) {
                *at++ = 0x19; // double_value: field 3, 64-bit little-endian
                std::uint64_t bits;
                std::memcpy(&bits, &v, 8);
                for (int i = 0; i < 8; ++i) *at++ = static_cast<char>(bits >> (8 * i));
                return at;
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
                *at++ = 0x30; // sint_value: field 6, zigzag varint
                return put_varint(at, protozero::encode_zigzag64(v));
            } else {
                *at++ = 0x38; // bool_value: field 7
                *at++ = v ? 1 : 0;
                return at;
            }
        },
        value.get());
}

/// Where a table's value number goes in a layer's open-addressing table of them.
std::size_t number_slot(std::uint32_t number, std::size_t mask) {
    return (static_cast<std::uint64_t>(number) * 0x9e3779b97f4a7c15ull >> 32) & mask;
}

} // namespace

MvtLayer::MvtLayer(std::string name, int extent) : m_name(std::move(name)), m_extent(extent) {}

void MvtLayer::reserve(std::size_t features, std::size_t tags) {
    m_ids.reserve(m_ids.size() + features);
    m_types.reserve(m_types.size() + features);
    m_tags_end.reserve(m_tags_end.size() + features);
    m_tag_bytes.reserve(m_tag_bytes.size() + features);
    m_geometry_end.reserve(m_geometry_end.size() + features);
    m_tags.reserve(m_tags.size() + 2 * tags);
}

std::uint32_t MvtLayer::key_index(std::size_t position, std::string_view key) {
    if (position < m_key_at_position.size() && same_text(m_keys[m_key_at_position[position]], key))
        return m_key_at_position[position];
    if (position >= m_key_at_position.size()) m_key_at_position.resize(position + 1);
    return m_key_at_position[position] = find_or_add_key(key);
}

std::uint32_t MvtLayer::find_or_add_key(std::string_view key) {
    // A layer has a dozen keys: a walk along them costs less than a table.
    std::uint32_t index = 0;
    while (index < m_keys.size() && !same_text(m_keys[index], key)) ++index;
    if (index == m_keys.size()) m_keys.push_back(key);
    return index;
}

std::uint32_t MvtLayer::value_index(std::size_t position, const Value& value) {
    // Only the very same value is taken from the previous feature: neighbours' codes and names
    // mostly differ, and comparing their characters here would cost what the set's lookup does.
    if (position < m_value_at_position.size() && m_values[m_value_at_position[position]].identical(value))
        return m_value_at_position[position];
    if (position >= m_value_at_position.size()) m_value_at_position.resize(position + 1);
    return m_value_at_position[position] = m_values.find_or_add(value, value.hash());
}

std::uint32_t MvtLayer::find_or_add_numbered(std::uint32_t number) {
    std::size_t mask = m_table_slots.size() - 1;
    std::size_t slot = number_slot(number, mask);
    for (; std::uint64_t held = m_table_slots[slot]; slot = (slot + 1) & mask)
        if (held >> 32 == number + std::uint64_t{1}) return static_cast<std::uint32_t>(held);
    const auto index = static_cast<std::uint32_t>(m_table_values.size());
    m_table_values.push_back(number);
    m_table_slots[slot] = (number + std::uint64_t{1}) << 32 | index;
    if (2 * m_table_values.size() > m_table_slots.size()) { // at most half full
        m_table_slots.assign(m_table_slots.size() * 2, 0);
        mask = m_table_slots.size() - 1;
        for (std::uint32_t i = 0; i < m_table_values.size(); ++i) {
            std::size_t s = number_slot(m_table_values[i], mask);
            while (m_table_slots[s]) s = (s + 1) & mask;
            m_table_slots[s] = (m_table_values[i] + std::uint64_t{1}) << 32 | i;
        }
    }
    return index;
}

void MvtLayer::use_table(const PropertyTable* table) {
    if (m_table == table) return;
    if (m_table || m_values.size() > 0)
        throw std::logic_error("MvtLayer " + m_name +
                               ": properties from two tables, or from a table and lists");
    m_table = table;
    m_table_keys.assign(table->key_count(), 0);
    m_table_slots.assign(256, 0);
}

std::size_t MvtLayer::add_tags(std::span<const Property> properties) {
    if (m_table && !properties.empty())
        throw std::logic_error("MvtLayer " + m_name + ": properties from a table and from lists");
    std::size_t tag_bytes = 0;
    for (std::size_t i = 0; i < properties.size(); ++i) {
        const std::uint32_t key = key_index(i, properties[i].key),
                            value = value_index(i, properties[i].value);
        m_tags.push_back(key);
        m_tags.push_back(value);
        tag_bytes += varint_size(key) + varint_size(value);
    }
    return tag_bytes;
}

std::size_t MvtLayer::add_tags(const PropertyTable& table, std::uint32_t row) {
    use_table(&table);
    const std::span<const std::uint32_t> tags = table.tags(row);
    const std::size_t count = tags.size() / 2;
    if (m_value_at_position.size() < count) m_value_at_position.resize(count, 0);
    std::size_t tag_bytes = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const std::uint32_t key_number = tags[2 * i], number = tags[2 * i + 1];
        std::uint32_t& key_plus_one = m_table_keys[key_number];
        if (!key_plus_one) key_plus_one = find_or_add_key(table.key(key_number)) + 1;
        const std::uint32_t key = key_plus_one - 1;
        std::uint32_t& at_position = m_value_at_position[i];
        // Neighbours often share a level, a grade, a colour: the previous feature's value first.
        if (at_position >= m_table_values.size() || m_table_values[at_position] != number)
            at_position = find_or_add_numbered(number);
        m_tags.push_back(key);
        m_tags.push_back(at_position);
        tag_bytes += varint_size(key) + varint_size(at_position);
    }
    return tag_bytes;
}

void MvtLayer::end_feature(std::uint64_t id, int type, std::size_t tag_bytes) {
    m_tags_end.push_back(static_cast<std::uint32_t>(m_tags.size()));
    m_tag_bytes.push_back(static_cast<std::uint32_t>(tag_bytes));
    const std::size_t start = m_geometry.size();
    m_geometry.resize(start + 5 * m_commands.size()); // a varint of 32 bits takes at most 5 bytes
    char* at = m_geometry.data() + start;
    for (std::uint32_t v : m_commands) at = put_varint(at, v);
    m_geometry.resize(static_cast<std::size_t>(at - m_geometry.data()));
    m_geometry_end.push_back(static_cast<std::uint32_t>(m_geometry.size()));
    m_ids.push_back(id);
    m_types.push_back(static_cast<std::uint8_t>(type));
}

void MvtLayer::add_polygons(std::uint64_t id, const geo::TileShape& shape,
                            std::span<const Property> properties) {
    if (shape.empty()) return;
    encode_polygons(shape);
    end_feature(id, 3, add_tags(properties));
}

void MvtLayer::add_polygons(std::uint64_t id, const geo::TileShape& shape, const PropertyTable& table,
                            std::uint32_t row) {
    if (shape.empty()) return;
    encode_polygons(shape);
    end_feature(id, 3, add_tags(table, row));
}

void MvtLayer::encode_polygons(const geo::TileShape& shape) {
    m_commands.clear();
    geo::TilePoint cursor{0, 0};
    for (std::size_t i = 0; i < shape.ring_count(); ++i) encode_ring(shape.ring(i), cursor, m_commands);
}

void MvtLayer::add_point(std::uint64_t id, geo::TilePoint point, std::span<const Property> properties) {
    m_commands = {command(1, 1), zigzag(point[0]), zigzag(point[1])};
    end_feature(id, 1, add_tags(properties));
}

void MvtLayer::append(const MvtLayer& other) {
    // Keys and values in the order the other layer first used them: what adding its features here
    // one by one would have given.
    std::vector<std::uint32_t> key_of(other.m_keys.size()), value_of(other.value_count());
    for (std::size_t k = 0; k < other.m_keys.size(); ++k) key_of[k] = find_or_add_key(other.m_keys[k]);
    if (other.m_table) {
        use_table(other.m_table);
        for (std::size_t v = 0; v < other.m_table_values.size(); ++v)
            value_of[v] = find_or_add_numbered(other.m_table_values[v]);
    } else {
        if (m_table && other.m_values.size() > 0)
            throw std::logic_error("MvtLayer " + m_name + ": properties from a table and from lists");
        for (std::uint32_t v = 0; v < other.m_values.size(); ++v)
            value_of[v] = m_values.find_or_add(other.m_values[v], other.m_values.hash_of(v));
    }
    const auto tags_base = static_cast<std::uint32_t>(m_tags.size());
    m_tags.reserve(m_tags.size() + other.m_tags.size());
    for (std::size_t f = 0, tag = 0; f < other.m_tags_end.size(); ++f) {
        std::size_t tag_bytes = 0;
        for (; tag < other.m_tags_end[f]; tag += 2) {
            const std::uint32_t key = key_of[other.m_tags[tag]], value = value_of[other.m_tags[tag + 1]];
            m_tags.push_back(key);
            m_tags.push_back(value);
            tag_bytes += varint_size(key) + varint_size(value);
        }
        m_tags_end.push_back(tags_base + other.m_tags_end[f]);
        m_tag_bytes.push_back(static_cast<std::uint32_t>(tag_bytes));
    }
    const auto geometry_base = static_cast<std::uint32_t>(m_geometry.size());
    m_geometry += other.m_geometry;
    for (std::uint32_t end : other.m_geometry_end) m_geometry_end.push_back(geometry_base + end);
    m_ids.insert(m_ids.end(), other.m_ids.begin(), other.m_ids.end());
    m_types.insert(m_types.end(), other.m_types.begin(), other.m_types.end());
    m_value_at_position.clear(); // the last feature is the other layer's now
    m_key_at_position.clear();
}

std::string MvtLayer::encode() const {
    std::string data;
    write_message(data, false);
    return data;
}

void MvtLayer::write_message(std::string& out, bool as_tile_field) const {
    // Every length is known before the bytes it counts, so the message is sized first and each
    // part written straight where it goes: no nested writer moves anything after.
    std::size_t features = 0;
    for (std::size_t f = 0, geometry = 0; f < m_ids.size(); ++f) {
        const std::size_t body = feature_body(f, geometry);
        features += 1 + varint_size(body) + body;
        geometry = m_geometry_end[f];
    }
    auto field_size = [](std::size_t length) { return 1 + varint_size(length) + length; };
    std::size_t size = field_size(m_name.size()) + features;
    for (std::string_view k : m_keys) size += field_size(k.size());
    for (std::size_t v = 0; v < value_count(); ++v) size += field_size(value_size(value(v)));
    size += 1 + varint_size(static_cast<std::uint32_t>(m_extent)) + 2;
    const std::size_t start = out.size();
    out.resize(start + (as_tile_field ? 1 + varint_size(size) : 0) + size);
    char* at = out.data() + start;
    if (as_tile_field) {
        *at++ = 0x1a; // Tile.layers: field 3, length-delimited
        at = put_varint(at, size);
    }
    auto put_bytes = [&](char tag, std::string_view bytes) {
        *at++ = tag;
        at = put_varint(at, bytes.size());
        std::memcpy(at, bytes.data(), bytes.size());
        at += bytes.size();
    };
    // Fields in ascending order, as other encoders write them (some readers sniff the first ones).
    put_bytes(0x0a, m_name); // name: field 1
    for (std::size_t f = 0, tag = 0, geometry = 0; f < m_ids.size(); ++f) {
        const std::size_t tags = m_tag_bytes[f], geometry_size = m_geometry_end[f] - geometry;
        *at++ = 0x12; // features: field 2, length-delimited
        at = put_varint(at, feature_body(f, geometry));
        *at++ = 0x08; // id: field 1, varint
        at = put_varint(at, m_ids[f]);
        if (tags) {
            *at++ = 0x12; // tags: field 2, packed
            at = put_varint(at, tags);
            for (; tag < m_tags_end[f]; ++tag) at = put_small_varint(at, m_tags[tag]);
        }
        *at++ = 0x18; // type: field 3, varint (1 or 3: one byte)
        *at++ = static_cast<char>(m_types[f]);
        if (geometry_size) put_bytes(0x22, {m_geometry.data() + geometry, geometry_size}); // field 4, packed
        geometry = m_geometry_end[f];
    }
    for (std::string_view k : m_keys) put_bytes(0x1a, k); // keys: field 3
    for (std::size_t v = 0; v < value_count(); ++v) {
        *at++ = 0x22; // values: field 4, length-delimited
        at = put_varint(at, value_size(value(v)));
        at = put_value(at, value(v));
    }
    *at++ = 0x28; // extent: field 5, varint
    at = put_varint(at, static_cast<std::uint32_t>(m_extent));
    *at++ = 0x78; // version: field 15, varint
    *at++ = 2;
    if (at != out.data() + out.size()) throw std::logic_error("MvtLayer: the layer's size was miscounted");
}

std::size_t MvtLayer::feature_body(std::size_t f, std::size_t geometry_begin) const {
    const std::size_t tags = m_tag_bytes[f], geometry = m_geometry_end[f] - geometry_begin;
    return 1 + varint_size(m_ids[f]) + (tags ? 1 + varint_size(tags) + tags : 0) + 2 +
           (geometry ? 1 + varint_size(geometry) + geometry : 0);
}

std::string encode_tile(const std::vector<MvtLayer>& layers) {
    std::string data;
    for (const MvtLayer& l : layers)
        if (l.size() > 0) l.write_message(data, true);
    return data;
}

} // namespace wangge::tiles
