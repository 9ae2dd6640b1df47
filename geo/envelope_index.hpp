#pragma once

#include "geo/polygon.hpp"

#include <memory>
#include <span>
#include <vector>

namespace wangge::geo {

/// A packed R-tree of boxes (Boost.Geometry), built once and then only read: safe to query from
/// several threads at once.
class EnvelopeIndex {
public:
    explicit EnvelopeIndex(std::span<const Box> boxes);
    ~EnvelopeIndex();
    EnvelopeIndex(EnvelopeIndex&&) noexcept;
    EnvelopeIndex& operator=(EnvelopeIndex&&) noexcept;

    /// Indices of the boxes that intersect `box`, appended to `out` (which is cleared first).
    void query(const Box& box, std::vector<std::size_t>& out) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace wangge::geo
