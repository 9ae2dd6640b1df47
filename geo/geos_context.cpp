#include "geo/geos_context.hpp"

#include "geo/error.hpp"

#include <vector>

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

// STRUCTURE repair keeps only polygonal area, so a bowtie or a ring with a spike still unions as area.
GeosGeometry make_valid_polygonal(GeosContext& ctx, const GEOSGeometry* g) {
    auto h = ctx.handle();
    GEOSMakeValidParams* params = ctx.check(GEOSMakeValidParams_create_r(h), "make-valid parameters");
    GEOSMakeValidParams_setMethod_r(h, params, GEOS_MAKE_VALID_STRUCTURE);
    GEOSMakeValidParams_setKeepCollapsed_r(h, params, 0);
    GEOSGeometry* fixed = GEOSMakeValidWithParams_r(h, g, params);
    GEOSMakeValidParams_destroy_r(h, params);
    return GeosGeometry(ctx.check(fixed, "make valid"), GeometryDeleter{h});
}

GeosGeometry polygonal_part(GeosContext& ctx, const GEOSGeometry* g) {
    auto h = ctx.handle();
    int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON)
        return GeosGeometry(ctx.check(GEOSGeom_clone_r(h, g), "clone"), GeometryDeleter{h});
    std::vector<GEOSGeometry*> polys;
    int n = GEOSGetNumGeometries_r(h, g);
    for (int i = 0; i < n; ++i) {
        const GEOSGeometry* part = GEOSGetGeometryN_r(h, g, i);
        int t = GEOSGeomTypeId_r(h, part);
        if (t == GEOS_POLYGON) {
            polys.push_back(GEOSGeom_clone_r(h, part));
        } else if (t == GEOS_MULTIPOLYGON) {
            for (int k = 0; k < GEOSGetNumGeometries_r(h, part); ++k)
                polys.push_back(GEOSGeom_clone_r(h, GEOSGetGeometryN_r(h, part, k)));
        }
    }
    GEOSGeometry* out =
        GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, polys.data(), static_cast<unsigned>(polys.size()));
    return GeosGeometry(ctx.check(out, "multipolygon"), GeometryDeleter{h});
}

} // namespace wangge::geo
