#pragma once

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <string>
#include <vector>

struct sqlite3;

namespace wangge::layers {

/// Registers GDAL's drivers once per process.
void ensure_gdal_registered();

/// Collects GDAL's errors and warnings for the lifetime of the scope instead of printing them, so
/// that a failure can carry GDAL's own words. One scope per thread at a time.
class GdalErrorScope {
public:
    GdalErrorScope();
    ~GdalErrorScope();
    GdalErrorScope(const GdalErrorScope&) = delete;
    GdalErrorScope& operator=(const GdalErrorScope&) = delete;

    const std::vector<std::string>& messages() const noexcept { return m_messages; }
    /// Number of CE_Failure/CE_Fatal messages so far.
    std::size_t failures() const noexcept { return m_failures; }
    /// All messages so far, joined with "; ", or `fallback` when there are none.
    std::string text(const std::string& fallback = "") const;
    void clear() noexcept {
        m_messages.clear();
        m_failures = 0;
    }

private:
    static void CPL_STDCALL handler(CPLErr level, CPLErrorNum code, const char* message);
    std::vector<std::string> m_messages;
    std::size_t m_failures = 0;
};

/// Owns an SQL result set of a dataset (GDAL 3.6 has no unique_ptr for it).
class ResultSet {
public:
    ResultSet(GDALDataset* ds, OGRLayer* layer) : m_ds(ds), m_layer(layer) {}
    ~ResultSet() {
        if (m_layer) m_ds->ReleaseResultSet(m_layer);
    }
    ResultSet(const ResultSet&) = delete;
    ResultSet& operator=(const ResultSet&) = delete;
    OGRLayer* get() const noexcept { return m_layer; }
    OGRLayer* operator->() const noexcept { return m_layer; }
    explicit operator bool() const noexcept { return m_layer != nullptr; }

private:
    GDALDataset* m_ds;
    OGRLayer* m_layer;
};

/// Owns a string that GDAL allocated (CPLRecode, exportToWkt…).
struct CplFree {
    void operator()(char* p) const noexcept { CPLFree(p); }
};
using CplString = std::unique_ptr<char, CplFree>;

/// Owns a reference-counted OGRSpatialReference.
struct SpatialRefRelease {
    void operator()(OGRSpatialReference* srs) const noexcept {
        if (srs) srs->Release();
    }
};
using SpatialRefPtr = std::unique_ptr<OGRSpatialReference, SpatialRefRelease>;

/// GDAL's own SQLite connection of a GeoPackage, for what GDAL's SQL would do more slowly or with
/// work of its own besides. Throws BackendError when GDAL gives none.
sqlite3* sqlite_of(GDALDataset& ds);

} // namespace wangge::layers
