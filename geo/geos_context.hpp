#pragma once

#include <geos_c.h>

#include <memory>
#include <string>
#include <string_view>

namespace wangge::geo {

/// Owns a re-entrant GEOS context and keeps the last error GEOS reported, so that a failed call
/// becomes a BackendError carrying GEOS's own words. Not copyable; one per thread
/// (use GeosContext::for_thread()).
///
/// Only geo/ includes this header: the rest of Wangge sees geometries as WKB.
class GeosContext {
public:
    GeosContext();
    ~GeosContext();
    GeosContext(const GeosContext&) = delete;
    GeosContext& operator=(const GeosContext&) = delete;

    static GeosContext& for_thread();

    GEOSContextHandle_t handle() const noexcept { return m_handle; }
    const std::string& last_error() const noexcept { return m_last_error; }

    /// Throws BackendError with GEOS's message when `result` is the failure sentinel.
    template <typename T> T* check(T* result, std::string_view what) const {
        if (!result) fail(what);
        return result;
    }
    [[noreturn]] void fail(std::string_view what) const;
    /// A GEOS predicate's answer: 1 true, 0 false, and 2 (an error) a BackendError, never "false".
    bool holds(char result, std::string_view what) const {
        if (result == 2) fail(what);
        return result == 1;
    }

private:
    static void on_error(const char* message, void* user);
    GEOSContextHandle_t m_handle;
    std::string m_last_error;
};

struct GeometryDeleter {
    GEOSContextHandle_t ctx;
    void operator()(GEOSGeometry* g) const noexcept { GEOSGeom_destroy_r(ctx, g); }
};
struct PreparedDeleter {
    GEOSContextHandle_t ctx;
    void operator()(const GEOSPreparedGeometry* g) const noexcept { GEOSPreparedGeom_destroy_r(ctx, g); }
};
using GeosGeometry = std::unique_ptr<GEOSGeometry, GeometryDeleter>;
using GeosPrepared = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

/// Reads WKB into an owned GEOS geometry; throws BackendError on malformed WKB.
GeosGeometry from_wkb(GeosContext& ctx, std::string_view wkb);
/// Writes an owned GEOS geometry as WKB (2D, little endian).
std::string to_wkb(GeosContext& ctx, const GEOSGeometry* g);

/// Repairs an invalid polygon keeping only polygonal area (GEOS MakeValid, STRUCTURE method):
/// a bowtie becomes its two triangles, a spike disappears.
GeosGeometry make_valid_polygonal(GeosContext& ctx, const GEOSGeometry* g);
/// The polygons of a geometry (an intersection may also hold lines and points), as a
/// MultiPolygon; a Polygon or MultiPolygon is returned as a copy.
GeosGeometry polygonal_part(GeosContext& ctx, const GEOSGeometry* g);

} // namespace wangge::geo
