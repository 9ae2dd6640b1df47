#include "geo/error.hpp"
#include "layers/importer.hpp"
#include "layers/text.hpp"
#include "src/cli/commands.hpp"
#include "src/engine/engine.hpp"

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

/// "3 rows name other districts: 440304 ×3": rows that load with the file, for validate to report.
void print_other_districts(const layers::SubmissionDistricts& d, std::ostream& out) {
    long long n = 0;
    std::string list;
    for (const auto& [district, rows] : d.foreign) {
        n += rows;
        list += (list.empty() ? "" : ", ") + district + " ×" + std::to_string(rows);
    }
    if (n)
        out << "  " << n << (n == 1 ? " row names another district: " : " rows name other districts: ")
            << list << " (loaded as " << d.home << "'s, for validate to report)\n";
    if (d.unassigned)
        out << "  " << d.unassigned << (d.unassigned == 1 ? " row has" : " rows have")
            << " no usable code (loaded as " << d.home << "'s)\n";
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
    o.dry_run = a.dry_run;
    o.force = a.force;
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
        o.on_step = [](const char* step) {
            std::fprintf(stderr, "\r\033[K  %s…", step);
            std::fflush(stderr);
        };
    }
    layers::ImportReport r;
    try {
        r = engine::import(a.workspace, o, a.wait);
    } catch (...) {
        if (o.progress) std::fprintf(stderr, "\r\033[K");
        throw;
    }
    if (o.progress) std::fprintf(stderr, "\r\033[K");

    constexpr std::size_t shown = 20;
    for (std::size_t i = 0; i < r.warnings.size() && i < shown; ++i)
        std::cerr << "warning: " << layers::printable(r.warnings[i]) << "\n";
    if (r.warnings.size() > shown) std::cerr << "warning: … and " << r.warnings.size() - shown << " more\n";

    const bool dry = r.summary.dry_run;
    std::cout << (dry ? "would import " : "imported ") << r.summary.rows << " " << a.layer_kind << " from "
              << a.file;
    if (!r.source_crs.empty()) std::cout << " (" << r.source_crs << " → " << r.workspace_crs << ")";
    std::cout << "\n  encoding: " << r.encoding << "\n";
    if (r.summary.replaced || dry)
        std::cout << (dry ? "  would replace " : "  replaced ") << r.summary.replaced << " earlier rows\n";
    if (!r.summary.districts.empty()) std::cout << "  districts: " << join(r.summary.districts) << "\n";
    print_other_districts(r.districts, std::cout);
    if (!r.summary.derived.empty())
        std::cout << "  derived from the grids: " << join(r.summary.derived) << "\n";
    if (!r.warnings.empty()) std::cout << "  warnings: " << r.warnings.size() << "\n";
    if (dry) std::cout << "  dry run: nothing was written\n";
    return 0;
}

} // namespace wangge::cli
