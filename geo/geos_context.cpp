#include "geo/geos_context.hpp"

#include "geo/error.hpp"

#include <cstdarg>

namespace wangge::geo {

GeosContext::GeosContext() : m_handle(GEOS_init_r()) {
    GEOSContext_setErrorMessageHandler_r(m_handle, &GeosContext::on_error, this);
}

GeosContext::~GeosContext() {
    GEOS_finish_r(m_handle);
}

GeosContext& GeosContext::for_thread() {
    thread_local GeosContext ctx;
    return ctx;
}

void GeosContext::on_error(const char* message, void* user) {
    static_cast<GeosContext*>(user)->m_last_error = message ? message : "";
}

void GeosContext::fail(std::string_view what) const {
    throw BackendError("GEOS " + std::string(what) + " failed: " + m_last_error);
}

GeosGeometry from_wkb(GeosContext& ctx, std::string_view wkb) {
    GEOSWKBReader* reader = ctx.check(GEOSWKBReader_create_r(ctx.handle()), "WKB reader");
    GEOSGeometry* g = GEOSWKBReader_read_r(ctx.handle(), reader,
                                           reinterpret_cast<const unsigned char*>(wkb.data()), wkb.size());
    GEOSWKBReader_destroy_r(ctx.handle(), reader);
    return GeosGeometry(ctx.check(g, "WKB read"), GeometryDeleter{ctx.handle()});
}

std::string to_wkb(GeosContext& ctx, const GEOSGeometry* g) {
    GEOSWKBWriter* writer = ctx.check(GEOSWKBWriter_create_r(ctx.handle()), "WKB writer");
    GEOSWKBWriter_setByteOrder_r(ctx.handle(), writer, GEOS_WKB_NDR);
    GEOSWKBWriter_setOutputDimension_r(ctx.handle(), writer, 2);
    std::size_t size = 0;
    unsigned char* buf = GEOSWKBWriter_write_r(ctx.handle(), writer, g, &size);
    GEOSWKBWriter_destroy_r(ctx.handle(), writer);
    ctx.check(buf, "WKB write");
    std::string out(reinterpret_cast<const char*>(buf), size);
    GEOSFree_r(ctx.handle(), buf);
    return out;
}

} // namespace wangge::geo
