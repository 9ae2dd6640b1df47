#include "layers/gdal_handles.hpp"

#include "geo/error.hpp"

namespace wangge::layers {

void ensure_gdal_registered() {
    static const bool once = [] {
        GDALAllRegister();
        return true;
    }();
    (void)once;
}

GdalErrorScope::GdalErrorScope() {
    CPLPushErrorHandlerEx(&GdalErrorScope::handler, this);
}

GdalErrorScope::~GdalErrorScope() {
    CPLPopErrorHandler();
}

void CPL_STDCALL GdalErrorScope::handler(CPLErr level, CPLErrorNum, const char* message) {
    if (level == CE_Debug || level == CE_None) return;
    auto* self = static_cast<GdalErrorScope*>(CPLGetErrorHandlerUserData());
    if (!self || !message) return;
    self->m_messages.emplace_back(message);
    if (level >= CE_Failure) ++self->m_failures;
}

std::string GdalErrorScope::text(const std::string& fallback) const {
    if (m_messages.empty()) return fallback;
    std::string out;
    for (const auto& m : m_messages) {
        if (!out.empty()) out += "; ";
        out += m;
    }
    return out;
}

sqlite3* sqlite_of(GDALDataset& ds) {
    auto* db = static_cast<sqlite3*>(ds.GetInternalHandle("SQLITE_HANDLE"));
    if (!db) throw BackendError(std::string(ds.GetDescription()) + ": GDAL gives no SQLite connection");
    return db;
}

} // namespace wangge::layers
