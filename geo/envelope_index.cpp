#include "geo/envelope_index.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <boost/iterator/function_output_iterator.hpp>

namespace wangge::geo {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using BPoint = bg::model::point<double, 2, bg::cs::cartesian>;
using BBox = bg::model::box<BPoint>;
using Value = std::pair<BBox, std::size_t>;

struct EnvelopeIndex::Impl {
    bgi::rtree<Value, bgi::rstar<16>> tree;
};

EnvelopeIndex::EnvelopeIndex(std::span<const Box> boxes) : m_impl(std::make_unique<Impl>()) {
    std::vector<Value> values;
    values.reserve(boxes.size());
    for (std::size_t i = 0; i < boxes.size(); ++i)
        values.emplace_back(BBox({boxes[i].min_x, boxes[i].min_y}, {boxes[i].max_x, boxes[i].max_y}), i);
    // The range constructor packs the tree (STR-like), much faster to build and query.
    m_impl->tree = bgi::rtree<Value, bgi::rstar<16>>(values.begin(), values.end());
}

EnvelopeIndex::~EnvelopeIndex() = default;
EnvelopeIndex::EnvelopeIndex(EnvelopeIndex&&) noexcept = default;
EnvelopeIndex& EnvelopeIndex::operator=(EnvelopeIndex&&) noexcept = default;

void EnvelopeIndex::query(const Box& box, std::vector<std::size_t>& out) const {
    out.clear();
    BBox q({box.min_x, box.min_y}, {box.max_x, box.max_y});
    m_impl->tree.query(bgi::intersects(q), boost::iterators::make_function_output_iterator(
                                               [&](const Value& v) { out.push_back(v.second); }));
}

} // namespace wangge::geo
