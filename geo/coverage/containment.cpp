#include "geo/coverage/containment.hpp"

#include "geo/geos_context.hpp"

namespace wangge::geo {

struct ContainmentTest::Impl {
    GeosContext& ctx = GeosContext::for_thread();
    GeosGeometry parent{nullptr, GeometryDeleter{ctx.handle()}};
    GeosGeometry buffered{nullptr, GeometryDeleter{ctx.handle()}};
    GeosPrepared prepared{nullptr, PreparedDeleter{ctx.handle()}};
};

ContainmentTest::ContainmentTest(std::string_view parent_wkb, double tolerance)
    : m_impl(std::make_unique<Impl>()) {
    auto& ctx = m_impl->ctx;
    auto h = ctx.handle();
    m_impl->parent = from_wkb(ctx, parent_wkb);
    if (GEOSisValid_r(h, m_impl->parent.get()) != 1)
        m_impl->parent = make_valid_polygonal(ctx, m_impl->parent.get());
    m_impl->buffered.reset(ctx.check(GEOSBuffer_r(h, m_impl->parent.get(), tolerance, 8), "buffer"));
    m_impl->prepared.reset(ctx.check(GEOSPrepare_r(h, m_impl->buffered.get()), "prepare"));
}

ContainmentTest::~ContainmentTest() = default;

bool ContainmentTest::covers(std::string_view wkb) const {
    auto& ctx = m_impl->ctx;
    GeosGeometry g = from_wkb(ctx, wkb);
    char r = GEOSPreparedCovers_r(ctx.handle(), m_impl->prepared.get(), g.get());
    if (r == 2) {
        // An invalid polygon can defeat the predicate; judge its repaired form.
        g = make_valid_polygonal(ctx, g.get());
        r = GEOSPreparedCovers_r(ctx.handle(), m_impl->prepared.get(), g.get());
        if (r == 2) ctx.fail("covers");
    }
    return r == 1;
}

std::pair<std::string, double> ContainmentTest::outside_part(std::string_view wkb) const {
    auto& ctx = m_impl->ctx;
    auto h = ctx.handle();
    GeosGeometry g = from_wkb(ctx, wkb);
    if (GEOSisValid_r(h, g.get()) != 1) g = make_valid_polygonal(ctx, g.get());
    GeosGeometry diff(ctx.check(GEOSDifference_r(h, g.get(), m_impl->parent.get()), "difference"),
                      GeometryDeleter{h});
    GeosGeometry poly = polygonal_part(ctx, diff.get());
    double area = 0;
    GEOSArea_r(h, poly.get(), &area);
    return {to_wkb(ctx, poly.get()), area};
}

} // namespace wangge::geo
