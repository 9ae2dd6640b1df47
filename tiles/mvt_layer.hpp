#pragma once

// One layer of a Mapbox Vector Tile 2.1, built feature by feature and encoded with protozero.
// Keys and values are shared within the layer, as the specification intends; values are held as
// views and found again through an open-addressing table, so a layer of thousands of features
// costs no allocation per property. Features whose properties come numbered from a PropertyTable
// are found again by their numbers alone.

#include "geo/tile/tile_geometry.hpp"
#include "tiles/property_table.hpp"
#include "tiles/value.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wangge::tiles {

class MvtLayer {
public:
    explicit MvtLayer(std::string name, int extent = 4096);

    /// Adds one feature of one or more polygons (shells positive, holes negative); ignored when
    /// the shape is empty.
    void add_polygons(std::uint64_t id, const geo::TileShape& shape, std::span<const Property> properties);
    /// The same, its properties row `row` of `table` (which must outlive the layer). A layer's
    /// features take their properties all from one table or all as lists (std::logic_error else).
    void add_polygons(std::uint64_t id, const geo::TileShape& shape, const PropertyTable& table,
                      std::uint32_t row);
    void add_point(std::uint64_t id, geo::TilePoint point, std::span<const Property> properties);

    /// Adds the features of `other` (a layer of the same name and extent, built on its own: a tile's
    /// features in parts, on several threads), its keys and values merged into this layer's. The
    /// layer is then the same as if they had been added to it one by one. `other`'s text values
    /// must outlive this layer as well.
    void append(const MvtLayer& other);

    /// Room for `features` more features of `tags` tags (key and value) in all, made beforehand.
    void reserve(std::size_t features, std::size_t tags);

    const std::string& name() const noexcept { return m_name; }
    std::size_t size() const noexcept { return m_ids.size(); }

    /// The layer message (Tile.layers, field 3) as bytes.
    std::string encode() const;
    /// Appends the message to `out`, as a Tile.layers field when `as_tile_field`.
    void write_message(std::string& out, bool as_tile_field) const;

private:
    /// Adds a feature's tags to m_tags and returns their size as varints.
    std::size_t add_tags(std::span<const Property> properties);
    std::size_t add_tags(const PropertyTable& table, std::uint32_t row);
    /// A polygon feature's geometry, as commands in m_commands.
    void encode_polygons(const geo::TileShape& shape);
    /// Ends the feature whose tags were just added: where they end, its id, type and m_commands
    /// as geometry.
    void end_feature(std::uint64_t id, int type, std::size_t tag_bytes);
    std::uint32_t key_index(std::size_t position, std::string_view key);
    std::uint32_t value_index(std::size_t position, const Value& value);
    /// The index of `key` in the layer's keys, added when it is new.
    std::uint32_t find_or_add_key(std::string_view key);
    /// The index of the table's value `number` in the layer's values, added when it is new.
    std::uint32_t find_or_add_numbered(std::uint32_t number);
    void use_table(const PropertyTable* table);
    std::size_t value_count() const noexcept { return m_table ? m_table_values.size() : m_values.size(); }
    const Value& value(std::size_t index) const noexcept {
        return m_table ? m_table->value(m_table_values[index]) : m_values[static_cast<std::uint32_t>(index)];
    }
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

    ValueSet m_values; ///< values added as Property lists
    /// The value index each property position had in the previous feature: neighbours often
    /// share a level, a grade, a colour.
    std::vector<std::uint32_t> m_value_at_position;

    // Values numbered by a table: the layer's values are the table's numbers, found again
    // through open addressing on the number.
    const PropertyTable* m_table = nullptr;
    std::vector<std::uint32_t> m_table_keys;   ///< the layer's key index + 1 of each table key; 0: none
    std::vector<std::uint32_t> m_table_values; ///< the table's number of each of the layer's values
    std::vector<std::uint64_t> m_table_slots;  ///< (number + 1) << 32 | value index; 0: empty
};

/// A whole tile: the layers that hold features, in the order given.
std::string encode_tile(const std::vector<MvtLayer>& layers);

} // namespace wangge::tiles
