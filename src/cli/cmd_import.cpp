#include "geo/error.hpp"
#include "layers/importer.hpp"
#include "layers/text.hpp"
#include "src/cli/commands.hpp"

#include <cstdio>
#include <iostream>
#include <unistd.h>

namespace wangge::cli {
namespace {

std::string join(const std::vector<std::string>& v, const char* sep = ", ") {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
    return out;
}

} // namespace

int run_import(const ImportArgs& a) {
    layers::ImportOptions o;
    o.kind = *layers::parse_layer_kind(a.layer_kind);
    o.path = a.file;
    o.layer = a.layer;
    o.srs = a.srs;
    o.encoding = a.encoding;
    o.district = a.district;
    for (const std::string& f : a.fields) {
        auto eq = f.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == f.size())
            throw UsageError("--field " + f + ": expected canonical=SOURCE, e.g. --field code=WGBM");
        o.fields[f.substr(0, eq)] = f.substr(eq + 1);
    }
    if (isatty(STDERR_FILENO)) {
        o.progress = [&](long long done, long long total) {
            if (total > 0)
                std::fprintf(stderr, "\r  reading %s: %lld / %lld rows", a.layer_kind.c_str(), done, total);
            else
                std::fprintf(stderr, "\r  reading %s: %lld rows", a.layer_kind.c_str(), done);
            std::fflush(stderr);
        };
    }
    auto ws = layers::open_workspace(a.workspace);
    layers::ImportReport r;
    try {
        r = layers::import_file(*ws, o);
    } catch (...) {
        if (o.progress) std::fprintf(stderr, "\r\033[K");
        throw;
    }
    if (o.progress) std::fprintf(stderr, "\r\033[K");

    constexpr std::size_t shown = 20;
    for (std::size_t i = 0; i < r.warnings.size() && i < shown; ++i)
        std::cerr << "warning: " << layers::printable(r.warnings[i]) << "\n";
    if (r.warnings.size() > shown) std::cerr << "warning: … and " << r.warnings.size() - shown << " more\n";

    std::cout << "imported " << r.summary.rows << " " << a.layer_kind << " from " << a.file;
    if (!r.source_crs.empty()) std::cout << " (" << r.source_crs << " → " << r.workspace_crs << ")";
    std::cout << "\n  encoding: " << r.encoding << "\n";
    if (r.summary.replaced) std::cout << "  replaced " << r.summary.replaced << " earlier rows\n";
    if (!r.summary.districts.empty()) std::cout << "  districts: " << join(r.summary.districts) << "\n";
    if (!r.summary.derived.empty())
        std::cout << "  derived from the grids: " << join(r.summary.derived) << "\n";
    if (!r.warnings.empty()) std::cout << "  warnings: " << r.warnings.size() << "\n";
    return 0;
}

} // namespace wangge::cli
