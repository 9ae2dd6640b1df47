#pragma once

// One layer of a Mapbox Vector Tile 2.1, built feature by feature and encoded with protozero.
// Keys and values are shared within the layer, as the specification intends.

#include "geo/tile/tile_geometry.hpp"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

namespace wangge::tiles {

/// A property value: text, a number or a flag. A missing value is simply not written.
using Value = std::variant<std::string, double, std::int64_t, bool>;

struct Property {
    std::string key;
    Value value;
};

class MvtLayer {
public:
    explicit MvtLayer(std::string name, int extent = 4096);

    /// Adds one feature of one or more polygons (shells positive, holes negative); ignored when
    /// `polygons` is empty.
    void add_polygons(std::uint64_t id, const std::vector<geo::TilePolygon>& polygons,
                      const std::vector<Property>& properties);
    void add_point(std::uint64_t id, geo::TilePoint point, const std::vector<Property>& properties);

    const std::string& name() const noexcept { return m_name; }
    std::size_t size() const noexcept { return m_features.size(); }

    /// The layer message (Tile.layers, field 3) as bytes.
    std::string encode() const;

private:
    struct Feature {
        std::uint64_t id;
        int type; // 1 point, 3 polygon
        std::vector<std::uint32_t> tags, geometry;
    };
    std::vector<std::uint32_t> tags(const std::vector<Property>& properties);

    std::string m_name;
    int m_extent;
    std::vector<Feature> m_features;
    struct ValueHash {
        std::size_t operator()(const Value& v) const noexcept;
    };
    std::unordered_map<std::string, std::uint32_t> m_keys;
    std::vector<std::string> m_key_list;
    std::unordered_map<Value, std::uint32_t, ValueHash> m_values;
    std::vector<Value> m_value_list;
};

/// A whole tile: the layers that hold features, in the order given.
std::string encode_tile(const std::vector<MvtLayer>& layers);

} // namespace wangge::tiles
