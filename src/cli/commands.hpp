#pragma once

#include "src/generate/city_generator.hpp"

#include <iosfwd>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wangge::census {
struct CensusReport;
}
namespace wangge::assess {
struct Assessment;
}

namespace wangge::service {
struct ServeOptions;
}

namespace wangge::cli {

struct InitArgs {
    std::string workspace;
    std::optional<std::string> crs;
};
int run_init(const InitArgs& a);

struct ImportArgs {
    std::string layer_kind;
    std::string file;
    std::string workspace;
    std::optional<std::string> layer, srs, encoding, district;
    double wait = 5;
    std::vector<std::string> fields; ///< canonical=SOURCE
    bool dry_run = false;
    bool force = false;
};
int run_import(const ImportArgs& a);

int run_generate(generate::CityOptions o);

struct ValidateArgs {
    std::string workspace;
    std::optional<std::string> as_of, district, json, findings, fail_on, rules, catalog;
    double wait = 5;
};
int run_validate(const ValidateArgs& a);
/// The census report on a terminal: a line per district, then the findings per rule.
void print_summary(const census::CensusReport& report, std::ostream& out);

struct AssessArgs {
    std::string workspace, period;
    std::optional<std::string> level, json, csv, xlsx, rules, catalog, calendar, issuer, issued;
    double wait = 5;
};
int run_assess(const AssessArgs& a);
/// The districts of an assessment ranked on a terminal.
void print_ranking(const assess::Assessment& assessment, std::ostream& out);

/// Pads to a display width: Chinese characters take two columns on a terminal.
std::string pad_display(const std::string& s, std::size_t width);

struct PlatformArgs {
    std::string workspace, period, checklist;
    std::optional<std::string> items, json, xlsx, rules, catalog, calendar;
    double wait = 5;
};
int run_platform(const PlatformArgs& a);

struct TileArgs {
    std::string workspace, layer, period, indicator = "composite", z, x, y, format = "png", out;
    int scale = 1;
    std::optional<std::string> rules, catalog, calendar;
    double wait = 5;
};
int run_tile(const TileArgs& a);

struct TilesArgs {
    std::string workspace, period, layer = "grid", indicator = "composite", zoom = "8-15", format = "mvt",
                                   out;
    std::optional<std::string> rules, catalog, calendar;
    double wait = 5;
};
int run_tiles(const TilesArgs& a);

struct ServeArgs {
    std::string workspace, listen = "127.0.0.1:8080";
    std::optional<std::string> basemap, rules, catalog, calendar, checklists;
    std::optional<unsigned> threads;
    std::optional<unsigned> cache_mb;
};
int run_serve(const ServeArgs& a);
/// Serves on `listen` (HOST:PORT) until SIGINT or SIGTERM, printing the URL and an access-log
/// line per request.
int serve_until_signal(service::ServeOptions options, const std::string& listen);

struct DemoArgs {
    std::string dir = "wangge-demo";
    bool no_serve = false;
    std::string listen = "127.0.0.1:8080";
};
int run_demo(const DemoArgs& a);

/// True when stdout is a terminal (progress and colour are shown only then).
bool interactive();

} // namespace wangge::cli
