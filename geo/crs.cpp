#include "geo/crs.hpp"

#include "geo/error.hpp"

#include <proj.h>

#include <charconv>
#include <cmath>
#include <string>

namespace wangge::geo {
namespace {

struct ContextDeleter {
    void operator()(PJ_CONTEXT* ctx) const noexcept { proj_context_destroy(ctx); }
};
struct PjDeleter {
    void operator()(PJ* pj) const noexcept { proj_destroy(pj); }
};
struct ObjListDeleter {
    void operator()(PJ_OBJ_LIST* list) const noexcept { proj_list_destroy(list); }
};
struct IntListDeleter {
    void operator()(int* list) const noexcept { proj_int_list_destroy(list); }
};
using ContextPtr = std::unique_ptr<PJ_CONTEXT, ContextDeleter>;
using PjPtr = std::unique_ptr<PJ, PjDeleter>;
using ObjListPtr = std::unique_ptr<PJ_OBJ_LIST, ObjListDeleter>;
using IntListPtr = std::unique_ptr<int, IntListDeleter>;

/// An EPSG code as PROJ gives it; 0 for anything that is not a number (an ESRI or IGNF code).
int epsg_code(const char* text) {
    int code = 0;
    std::string_view s(text);
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), code);
    return ec == std::errc() && end == s.data() + s.size() ? code : 0;
}

// PROJ's errno string alone says little ("Unknown error"); its log carries the reason.
void capture_log(void* user, int level, const char* message) {
    if (level <= PJ_LOG_ERROR && message) *static_cast<std::string*>(user) = message;
}

/// A PROJ context that keeps the last error message; declared first so it is destroyed last.
struct LoggedContext {
    std::unique_ptr<std::string> last_error = std::make_unique<std::string>();
    ContextPtr ctx{proj_context_create()};

    LoggedContext() {
        proj_log_func(ctx.get(), last_error.get(), capture_log);
        proj_context_use_proj4_init_rules(ctx.get(), 1);
    }
    std::string message() const {
        if (!last_error->empty()) return *last_error;
        return proj_context_errno_string(ctx.get(), proj_context_errno(ctx.get()));
    }
};

PjPtr create_crs(LoggedContext& lc, const std::string& definition) {
    PjPtr crs{proj_create(lc.ctx.get(), definition.c_str())};
    if (!crs) throw InputError("unknown coordinate reference system '" + definition + "': " + lc.message());
    if (!proj_is_crs(crs.get()))
        throw InputError("'" + definition + "' is not a coordinate reference system");
    return crs;
}

bool crs_is_geographic(const PJ* crs) {
    PJ_TYPE type = proj_get_type(crs);
    return type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS ||
           type == PJ_TYPE_GEOGRAPHIC_CRS;
}

std::optional<LonLatBox> area_of(LoggedContext& lc, const PJ* crs) {
    LonLatBox b;
    if (!proj_get_area_of_use(lc.ctx.get(), crs, &b.west, &b.south, &b.east, &b.north, nullptr) ||
        b.west < -1000)
        return std::nullopt;
    return b;
}

} // namespace

CrsInfo describe_crs(const std::string& definition) {
    LoggedContext lc;
    PjPtr crs = create_crs(lc, definition);
    CrsInfo info;
    info.definition = definition;
    if (const char* name = proj_get_name(crs.get())) info.name = name;
    if (const char* wkt = proj_as_wkt(lc.ctx.get(), crs.get(), PJ_WKT2_2019, nullptr)) info.wkt = wkt;
    const char* auth = proj_get_id_auth_name(crs.get(), 0);
    const char* code = proj_get_id_code(crs.get(), 0);
    if (auth && code && std::string(auth) == "EPSG") info.epsg = epsg_code(code);
    info.geographic = crs_is_geographic(crs.get());
    if (!info.epsg) {
        // A .prj written by ESRI tools carries no identifier; ask PROJ for a confident match.
        int* raw_confidence = nullptr;
        ObjListPtr matches{proj_identify(lc.ctx.get(), crs.get(), "EPSG", nullptr, &raw_confidence)};
        IntListPtr confidence{raw_confidence};
        if (matches && proj_list_get_count(matches.get()) > 0 && confidence && confidence.get()[0] >= 90) {
            PjPtr best{proj_list_get(lc.ctx.get(), matches.get(), 0)};
            if (const char* c = proj_get_id_code(best.get(), 0)) info.epsg = epsg_code(c);
        }
    }
    info.area_of_use = area_of(lc, crs.get());
    if (!info.area_of_use && info.epsg)
        info.area_of_use = area_of(lc, create_crs(lc, "EPSG:" + std::to_string(info.epsg)).get());
    return info;
}

int cgcs2000_gauss_kruger_epsg(double longitude) {
    int zone = static_cast<int>(std::lround(longitude / 3.0));
    if (zone < 25) zone = 25;
    if (zone > 45) zone = 45;
    return 4534 + (zone - 25);
}

struct Transformer::Impl {
    LoggedContext lc;
    PjPtr pj;
    bool identity = false;
};

Transformer::Transformer(const std::string& source, const std::string& target)
    : m_impl(std::make_unique<Impl>()) {
    auto& lc = m_impl->lc;
    PjPtr src = create_crs(lc, source);
    PjPtr dst = create_crs(lc, target);
    m_impl->identity = proj_is_equivalent_to(src.get(), dst.get(), PJ_COMP_EQUIVALENT) != 0;
    PjPtr raw{proj_create_crs_to_crs_from_pj(lc.ctx.get(), src.get(), dst.get(), nullptr, nullptr)};
    if (!raw)
        throw InputError("no transformation from '" + source + "' to '" + target + "': " + lc.message());
    m_impl->pj.reset(proj_normalize_for_visualization(lc.ctx.get(), raw.get()));
    if (!m_impl->pj) throw BackendError("PROJ could not normalise axis order: " + lc.message());
}

Transformer::~Transformer() = default;
Transformer::Transformer(Transformer&&) noexcept = default;
Transformer& Transformer::operator=(Transformer&&) noexcept = default;

bool Transformer::is_identity() const noexcept {
    return m_impl->identity;
}

bool Transformer::transform(std::span<double> x, std::span<double> y) const {
    if (m_impl->identity || x.empty()) return true;
    proj_trans_generic(m_impl->pj.get(), PJ_FWD, x.data(), sizeof(double), x.size(), y.data(), sizeof(double),
                       y.size(), nullptr, 0, 0, nullptr, 0, 0);
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (!std::isfinite(x[i]) || !std::isfinite(y[i]) || x[i] == HUGE_VAL || y[i] == HUGE_VAL)
            return false;
    }
    return true;
}

} // namespace wangge::geo
