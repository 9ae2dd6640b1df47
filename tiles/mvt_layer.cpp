#include "tiles/mvt_layer.hpp"

#include <protozero/pbf_writer.hpp>

namespace wangge::tiles {
namespace {

constexpr std::uint32_t command(std::uint32_t id, std::uint32_t count) {
    return (id & 0x7) | (count << 3);
}
constexpr std::uint32_t zigzag(std::int32_t v) {
    return (static_cast<std::uint32_t>(v) << 1) ^ static_cast<std::uint32_t>(v >> 31);
}

/// Geometry commands of one ring: MoveTo, LineTo the rest, ClosePath (MVT 2.1 §4.3.4.4).
void encode_ring(const geo::TileRing& ring, geo::TilePoint& cursor, std::vector<std::uint32_t>& out) {
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

} // namespace

std::size_t MvtLayer::ValueHash::operator()(const Value& v) const noexcept {
    // The alternative's index mixed in: 1 (an integer) and 1.0 (a double) are different values.
    std::size_t h = std::visit([](const auto& x) { return std::hash<std::decay_t<decltype(x)>>{}(x); }, v);
    return h ^ (v.index() * 0x9e3779b97f4a7c15ull);
}

MvtLayer::MvtLayer(std::string name, int extent) : m_name(std::move(name)), m_extent(extent) {}

std::vector<std::uint32_t> MvtLayer::tags(const std::vector<Property>& properties) {
    std::vector<std::uint32_t> out;
    out.reserve(properties.size() * 2);
    for (const Property& p : properties) {
        auto [k, new_key] = m_keys.try_emplace(p.key, static_cast<std::uint32_t>(m_key_list.size()));
        if (new_key) m_key_list.push_back(p.key);
        auto [v, new_value] = m_values.try_emplace(p.value, static_cast<std::uint32_t>(m_value_list.size()));
        if (new_value) m_value_list.push_back(p.value);
        out.push_back(k->second);
        out.push_back(v->second);
    }
    return out;
}

void MvtLayer::add_polygons(std::uint64_t id, const std::vector<geo::TilePolygon>& polygons,
                            const std::vector<Property>& properties) {
    if (polygons.empty()) return;
    Feature f{id, 3, tags(properties), {}};
    geo::TilePoint cursor{0, 0};
    for (const geo::TilePolygon& polygon : polygons)
        for (const geo::TileRing& ring : polygon) encode_ring(ring, cursor, f.geometry);
    m_features.push_back(std::move(f));
}

void MvtLayer::add_point(std::uint64_t id, geo::TilePoint point, const std::vector<Property>& properties) {
    Feature f{id, 1, tags(properties), {command(1, 1), zigzag(point[0]), zigzag(point[1])}};
    m_features.push_back(std::move(f));
}

std::string MvtLayer::encode() const {
    std::string data;
    protozero::pbf_writer layer(data);
    // Fields in ascending order, as other encoders write them (some readers sniff the first ones).
    layer.add_string(1, m_name);
    for (const Feature& f : m_features) {
        protozero::pbf_writer feature(layer, 2);
        feature.add_uint64(1, f.id);
        feature.add_packed_uint32(2, f.tags.begin(), f.tags.end());
        feature.add_enum(3, f.type);
        feature.add_packed_uint32(4, f.geometry.begin(), f.geometry.end());
    }
    for (const std::string& k : m_key_list) layer.add_string(3, k);
    for (const Value& v : m_value_list) {
        protozero::pbf_writer value(layer, 4);
        if (auto* s = std::get_if<std::string>(&v))
            value.add_string(1, *s);
        else if (auto* d = std::get_if<double>(&v))
            value.add_double(3, *d);
        else if (auto* i = std::get_if<std::int64_t>(&v))
            value.add_sint64(6, *i);
        else
            value.add_bool(7, std::get<bool>(v));
    }
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
