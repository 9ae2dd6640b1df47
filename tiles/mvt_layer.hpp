#pragma once

// One layer of a Mapbox Vector Tile 2.1, built feature by feature and encoded with protozero.
// Keys and values are shared within the layer, as the specification intends; values are held as
// views and found again through an open-addressing table, so a layer of thousands of features
// costs no allocation per property.

#include "geo/tile/tile_geometry.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace wangge::tiles {

/// A property value: text, a number or a flag. Text is held as a view, so it must outlive the
/// layer it is added to (snapshot data, rules, literals, or TileContent::keep); a temporary string
/// is refused at compile time.
class Value {
public:
    using Variant = std::variant<std::string_view, double, std::int64_t, bool>;
    Value(std::string_view text) : m_value(text) {}
    Value(const char* text) : m_value(std::string_view(text)) {}
    Value(const std::string& text) : m_value(std::string_view(text)) {}
    Value(std::string&&) = delete;
    Value(double number) : m_value(number) {}
    Value(std::int64_t number) : m_value(number) {}
    Value(bool flag) : m_value(flag) {}
    const Variant& get() const noexcept { return m_value; }
    /// Same type and the same bytes (MVT 2.1 §4.1: what a layer's values must not repeat).
    bool operator==(const Value& other) const noexcept;
    std::size_t hash() const noexcept;

private:
    Variant m_value;
};

/// A key and its value; a missing value is simply not written. The key is a view too.
struct Property {
    std::string_view key;
    Value value;
};

class MvtLayer {
public:
    explicit MvtLayer(std::string name, int extent = 4096);

    /// Adds one feature of one or more polygons (shells positive, holes negative); ignored when
    /// the shape is empty.
    void add_polygons(std::uint64_t id, const geo::TileShape& shape, std::span<const Property> properties);
    void add_point(std::uint64_t id, geo::TilePoint point, std::span<const Property> properties);

    /// Adds the features of `other` (a layer of the same name and extent, built on its own: a tile's
    /// features in parts, on several threads), its keys and values merged into this layer's. The
    /// layer is then the same as if they had been added to it one by one. `other`'s text values
    /// must outlive this layer as well.
    void append(const MvtLayer& other);

    const std::string& name() const noexcept { return m_name; }
    std::size_t size() const noexcept { return m_ids.size(); }

    /// The layer message (Tile.layers, field 3) as bytes.
    std::string encode() const;
    /// Appends the message to `out`, as a Tile.layers field when `as_tile_field`.
    void write_message(std::string& out, bool as_tile_field) const;

private:
    void add_feature(std::uint64_t id, int type, std::span<const Property> properties);
    std::uint32_t key_index(std::size_t position, std::string_view key);
    std::uint32_t value_index(std::size_t position, const Value& value);
    /// The index of `key` in the layer's keys, added when it is new.
    std::uint32_t find_or_add_key(std::string_view key);
    /// The index of `value` in the layer's values, added when it is new (`hash`: value.hash()).
    std::uint32_t find_or_add(const Value& value, std::size_t hash);
    /// The size of feature f's message, whose geometry starts at `geometry_begin` in m_geometry.
    std::size_t feature_body(std::size_t f, std::size_t geometry_begin) const;

    std::string m_name;
    int m_extent;

    // The features, encoded when the layer is: tags are indices that an append may map afresh.
    std::vector<std::uint64_t> m_ids;
    std::vector<std::uint8_t> m_types;
    std::vector<std::uint32_t> m_tags;         ///< every feature's key and value indices, back to back
    std::vector<std::uint32_t> m_tags_end;     ///< where each feature's tags end in m_tags
    std::vector<std::uint32_t> m_tag_bytes;    ///< each feature's tags' size as varints
    std::string m_geometry;                    ///< every feature's geometry as packed varints
    std::vector<std::uint32_t> m_geometry_end; ///< where each feature's geometry ends
    std::vector<std::uint32_t> m_commands;     ///< the geometry of the feature being added

    std::vector<std::string_view> m_keys;         ///< views, as values are
    std::vector<std::uint32_t> m_key_at_position; ///< features mostly list keys in one order

    std::vector<Value> m_values;
    std::vector<std::size_t> m_value_hashes;
    std::vector<std::uint32_t> m_slots; ///< open addressing: value index + 1, 0 empty
    /// The value index each property position had in the previous feature: neighbours often
    /// share a level, a grade, a colour.
    std::vector<std::uint32_t> m_value_at_position;
};

/// A whole tile: the layers that hold features, in the order given.
std::string encode_tile(const std::vector<MvtLayer>& layers);

} // namespace wangge::tiles
