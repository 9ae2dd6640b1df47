#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace wangge::geo {

/// Tests whether polygons lie inside one parent polygon, allowing `tolerance` of boundary wobble
/// (the parent is buffered by it and prepared once). One thread.
class ContainmentTest {
public:
    ContainmentTest(std::string_view parent_wkb, double tolerance);
    ~ContainmentTest();
    ContainmentTest(const ContainmentTest&) = delete;
    ContainmentTest& operator=(const ContainmentTest&) = delete;

    bool covers(std::string_view wkb) const;
    /// The part of `wkb` outside the (unbuffered) parent, as WKB, and its area.
    std::pair<std::string, double> outside_part(std::string_view wkb) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace wangge::geo
