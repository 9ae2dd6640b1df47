// The `wangge` command line (design.md "Command line"): parses arguments, runs one subcommand and
// maps failures to the exit statuses of the contract: 1 runtime failure, 2 bad usage or input.

#include "geo/error.hpp"
#include "geo/huge_pages.hpp"
#include "geo/progress.hpp"
#include "layers/temp_files.hpp"
#include "layers/text.hpp"
#include "src/cli/commands.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <unistd.h>

namespace {

using namespace wangge;

void add_wait(CLI::App& cmd, double& wait) {
    cmd.add_option("--wait", wait, "Seconds to wait for another process writing the workspace")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 86400.0));
}

/// The rules, the class catalogue and (for the commands that count time) the working calendar.
void add_rule_files(CLI::App& cmd, std::optional<std::string>& rules, std::optional<std::string>& catalog,
                    std::optional<std::string>* calendar) {
    cmd.add_option("--rules", rules, "Rules file (default: data/rules.json)");
    cmd.add_option("--catalog", catalog, "Class catalogue (default: data/catalog.csv)");
    if (calendar)
        cmd.add_option("--calendar", *calendar, "Working calendar file or folder (default: data/calendar)");
}

CLI::App* add_generate(CLI::App& app, generate::CityOptions& g) {
    auto* cmd = app.add_subcommand("generate", "Generate a synthetic sample city (deterministic for a seed)");
    cmd->footer(
        "\nExample:\n  wangge generate --out city --grids 1200 --components 24000 --cases 60000 --seed 7");
    cmd->add_option("--out", g.out_dir, "Output folder")->required();
    cmd->add_option("--districts", g.districts, "Number of districts")->capture_default_str();
    cmd->add_option("--grids", g.grids, "Number of unit grids")->capture_default_str();
    cmd->add_option("--components", g.components, "Number of components")->capture_default_str();
    cmd->add_option("--cases", g.cases, "Number of cases over the year before --as-of")
        ->capture_default_str();
    cmd->add_option("--seed", g.seed, "Random seed")->capture_default_str();
    cmd->add_option("--format", g.format, "Census layers as shp, gpkg or csv")->capture_default_str();
    cmd->add_option("--encoding", g.encoding, "Shapefile text encoding, e.g. GBK");
    cmd->add_option("--as-of", g.as_of, "Date the census and the case log end at (default: today)");
    cmd->add_flag("--defects", g.defects, "Inject census defects and list them in defects.csv");
    return cmd;
}

CLI::App* add_init(CLI::App& app, cli::InitArgs& init) {
    auto* c_init = app.add_subcommand("init", "Create a workspace");
    c_init->footer("Example:\n  wangge init --workspace city.gpkg --crs EPSG:4547");
    c_init->add_option("--workspace", init.workspace, "Workspace: a .gpkg path")->required();
    c_init->add_option("--crs", init.crs, "Projected CRS of the workspace, e.g. EPSG:4547");
    return c_init;
}

CLI::App* add_import(CLI::App& app, cli::ImportArgs& imp) {
    auto* c_import = app.add_subcommand("import", "Import a layer into the workspace");
    c_import->footer("Example:\n  wangge import grids 单元网格.shp --workspace city.gpkg --encoding CP936 "
                     "--field code=BGID");
    c_import
        ->add_option("layer_kind", imp.layer_kind,
                     "districts|streets|communities|grids|components|cases|roster")
        ->required()
        ->check(
            CLI::IsMember({"districts", "streets", "communities", "grids", "components", "cases", "roster"}));
    c_import->add_option("file", imp.file, "Shapefile, GeoPackage, GeoJSON or CSV")->required();
    c_import->add_option("--workspace", imp.workspace, "Workspace")->required();
    c_import->add_option("--layer", imp.layer, "Layer inside a multi-layer file");
    c_import->add_option("--srs", imp.srs, "CRS of the file when it declares none (or a wrong one)");
    c_import->add_option("--encoding", imp.encoding, "Text encoding of the file, e.g. CP936");
    c_import->add_option("--field", imp.fields, "canonical=SOURCE field mapping (repeatable)");
    c_import->add_option("--district", imp.district, "District code this submission is for");
    add_wait(*c_import, imp.wait);
    c_import->add_flag("--force", imp.force,
                       "Import coordinates that lie outside the CRS's area of use or far from the city");
    c_import->add_flag("--dry-run", imp.dry_run,
                       "Read and check the file, print what it would replace, write nothing");
    return c_import;
}

CLI::App* add_validate(CLI::App& app, cli::ValidateArgs& val) {
    auto* c_validate = app.add_subcommand("validate", "Check the census: grids and components, per district");
    c_validate->footer(
        "\nExample:\n  wangge validate --workspace city.gpkg --findings findings.gpkg --json census.json");
    c_validate->add_option("--workspace", val.workspace, "Workspace")->required();
    c_validate->add_option("--as-of", val.as_of, "Date the census is judged at (default: today)");
    c_validate->add_option("--district", val.district, "Report one district");
    c_validate->add_option("--json", val.json, "Write the report as JSON");
    c_validate->add_option(
        "--findings", val.findings,
        "Write every finding: .gpkg (with finding_points), .geojson, .csv (with .csvt, .prj) or .xlsx");
    c_validate->add_option("--fail-on", val.fail_on,
                           "Exit 3 when findings of this level exist: error|warning");
    add_rule_files(*c_validate, val.rules, val.catalog, nullptr);
    add_wait(*c_validate, val.wait);
    return c_validate;
}

CLI::App* add_assess(CLI::App& app, cli::AssessArgs& as) {
    auto* c_assess = app.add_subcommand("assess", "Assess regions, departments and staff for a period");
    c_assess->footer(
        "\nExample:\n  wangge assess --workspace city.gpkg --period 2026-10 --xlsx bulletin.xlsx");
    c_assess->add_option("--workspace", as.workspace, "Workspace")->required();
    c_assess->add_option("--period", as.period, "2026-10, 2026-Q4, 2026-H2, 2026 or 2026-10-01..2026-10-15")
        ->required();
    c_assess->add_option("--level", as.level, "district|street|community|grid|all (default all)");
    c_assess->add_option("--json", as.json, "Write the assessment as JSON");
    c_assess->add_option("--csv", as.csv, "Write one row per region (UTF-8 with BOM, for Excel)");
    c_assess->add_option("--xlsx", as.xlsx, "Write the bulletin workbook (考核通报)");
    c_assess->add_option("--issuer", as.issuer,
                         "The bulletin's issuing unit (default: the rules' bulletin.issuer)");
    c_assess->add_option("--issued", as.issued, "The bulletin's date, YYYY-MM-DD (default: today)");
    add_rule_files(*c_assess, as.rules, as.catalog, &as.calendar);
    add_wait(*c_assess, as.wait);
    return c_assess;
}

CLI::App* add_platform(CLI::App& app, cli::PlatformArgs& pf) {
    auto* c_platform = app.add_subcommand(
        "platform", "Score a city or district platform: construction, daily management and operation");
    c_platform->footer(
        "\nThe checklist gives the points of the items the data cannot show (data/platform_items.txt"
        "\nlists them); the others are computed from the roster, the cases and the census."
        "\nExample:\n  wangge platform --workspace city.gpkg --period 2026-Q3 --checklist "
        "440303.txt --xlsx 440303-2026Q3.xlsx");
    c_platform->add_option("--workspace", pf.workspace, "Workspace")->required();
    c_platform->add_option("--period", pf.period, "2026-Q3, 2026-10, 2026-H2 or 2026")->required();
    c_platform
        ->add_option("--checklist", pf.checklist, "The platform's checklist (platform = CODE, item = points)")
        ->required();
    c_platform->add_option("--items", pf.items, "Platform items (default: data/platform_items.txt)");
    c_platform->add_option("--json", pf.json, "Write the scorecard as JSON");
    c_platform->add_option("--xlsx", pf.xlsx, "Write the scorecard workbook (平台考核)");
    add_rule_files(*c_platform, pf.rules, pf.catalog, &pf.calendar);
    add_wait(*c_platform, pf.wait);
    return c_platform;
}

CLI::App* add_tile(CLI::App& app, cli::TileArgs& ti) {
    auto* c_tile = app.add_subcommand("tile", "Draw one map tile (XYZ, Web Mercator) as PNG or MVT");
    c_tile->footer("Example:\n  wangge tile 14 13380 7140 --workspace city.gpkg --layer grid --period "
                   "2026-10 --out t.png");
    c_tile->add_option("--workspace", ti.workspace, "Workspace")->required();
    c_tile->add_option("--layer", ti.layer, "district|street|community|grid|coverage|cases")->required();
    c_tile->add_option("--period", ti.period, "Period of the results (every layer but coverage)");
    c_tile
        ->add_option("--indicator", ti.indicator,
                     "composite|closure_rate|on_time_rate|filed_per_grid|satisfaction_rate")
        ->capture_default_str();
    c_tile->add_option("z", ti.z, "Zoom")->required();
    c_tile->add_option("x", ti.x, "Column")->required();
    c_tile->add_option("y", ti.y, "Row (0 is the northernmost)")->required();
    c_tile->add_option("--format", ti.format, "png|mvt")->capture_default_str();
    c_tile->add_option("--scale", ti.scale, "1, or 2 for a 512-px @2x PNG")->capture_default_str();
    c_tile->add_option("--out", ti.out, "File to write")->required();
    add_rule_files(*c_tile, ti.rules, ti.catalog, &ti.calendar);
    add_wait(*c_tile, ti.wait);
    return c_tile;
}

CLI::App* add_tiles(CLI::App& app, cli::TilesArgs& ts) {
    auto* c_tiles = app.add_subcommand("tiles", "Draw a layer's tiles over the city into an MBTiles file");
    c_tiles->footer("Example:\n  wangge tiles --workspace city.gpkg --period 2026-10 --layer grid --zoom "
                    "10-16 --out city.mbtiles");
    c_tiles->add_option("--workspace", ts.workspace, "Workspace")->required();
    c_tiles->add_option("--period", ts.period, "Period of the results (every layer but coverage)");
    c_tiles->add_option("--layer", ts.layer, "district|street|community|grid|coverage|cases|heat|hotspot")
        ->capture_default_str();
    c_tiles->add_option("--indicator", ts.indicator, "Indicator the regions are coloured by")
        ->capture_default_str();
    c_tiles->add_option("--zoom", ts.zoom, "Zoom levels, A-B")->capture_default_str();
    c_tiles->add_option("--format", ts.format, "mvt (stored as gzip pbf) or png")->capture_default_str();
    c_tiles->add_option("--out", ts.out, "FILE.mbtiles")->required();
    add_rule_files(*c_tiles, ts.rules, ts.catalog, &ts.calendar);
    add_wait(*c_tiles, ts.wait);
    return c_tiles;
}

CLI::App* add_serve(CLI::App& app, cli::ServeArgs& sv) {
    auto* c_serve = app.add_subcommand("serve", "Serve the web map, its tiles and JSON over HTTP");
    c_serve->footer("Example:\n  wangge serve --workspace city.gpkg --listen 127.0.0.1:8080");
    c_serve->add_option("--workspace", sv.workspace, "Workspace")->required();
    c_serve->add_option("--listen", sv.listen, "Address and port (loopback unless told otherwise)")
        ->capture_default_str();
    c_serve->add_option("--basemap", sv.basemap,
                        "Basemap tile URL template, e.g. http://host/{z}/{x}/{y}.png");
    c_serve->add_option("--threads", sv.threads, "Worker threads (each holds one open connection)")
        ->check(CLI::Range(2u, 1024u));
    c_serve->add_option("--cache-mb", sv.cache_mb, "Tile cache size in MiB (default 256)")
        ->check(CLI::Range(1u, 65536u));
    c_serve->add_option("--checklists", sv.checklists,
                        "Folder of platform checklists (*.txt) for the platform scorecards");
    add_rule_files(*c_serve, sv.rules, sv.catalog, &sv.calendar);
    return c_serve;
}

CLI::App* add_demo(CLI::App& app, cli::DemoArgs& demo) {
    auto* c_demo = app.add_subcommand(
        "demo", "Generate the sample city, import it, validate its census and assess the latest month");
    c_demo->footer("Example:\n  wangge demo --dir wangge-demo");
    c_demo->add_option("--dir", demo.dir, "Folder for the sample city and its workspace")
        ->capture_default_str();
    c_demo->add_flag("--no-serve", demo.no_serve, "End after the assessment instead of serving the map");
    c_demo->add_option("--listen", demo.listen, "Address and port of the map")->capture_default_str();
    return c_demo;
}

} // namespace

int main(int argc, char** argv) {
    wangge::restart_with_huge_page_heap(argv);
    CLI::App app{"Wangge: spatial assessment of digital urban management (数字城管)"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "wangge 0.1.0");

    cli::InitArgs init;
    cli::ImportArgs imp;
    cli::ValidateArgs val;
    cli::AssessArgs as;
    cli::PlatformArgs pf;
    cli::TileArgs ti;
    cli::TilesArgs ts;
    cli::ServeArgs sv;
    generate::CityOptions gen;
    cli::DemoArgs demo;
    struct Command {
        CLI::App* app;
        std::function<int()> run;
    };
    const Command commands[] = {{add_init(app, init), [&] { return cli::run_init(init); }},
                                {add_import(app, imp), [&] { return cli::run_import(imp); }},
                                {add_validate(app, val), [&] { return cli::run_validate(val); }},
                                {add_assess(app, as), [&] { return cli::run_assess(as); }},
                                {add_platform(app, pf), [&] { return cli::run_platform(pf); }},
                                {add_tile(app, ti), [&] { return cli::run_tile(ti); }},
                                {add_tiles(app, ts), [&] { return cli::run_tiles(ts); }},
                                {add_serve(app, sv), [&] { return cli::run_serve(sv); }},
                                {add_generate(app, gen), [&] { return cli::run_generate(gen); }},
                                {add_demo(app, demo), [&] { return cli::run_demo(demo); }}};

    // A mistyped command is named, rather than reported as a missing one.
    if (argc > 1 && argv[1][0] != '-') {
        std::string known;
        bool found = false;
        for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
            found = found || sub->get_name() == argv[1];
            known += (known.empty() ? "" : ", ") + sub->get_name();
        }
        if (!found) {
            std::cerr << "wangge: unknown command '" << layers::printable(argv[1]) << "' (commands: " << known
                      << ")\nRun with --help for more information.\n";
            return 2;
        }
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }

    layers::remove_temporaries_on_signals();
    // Progress on a terminal only: one transient line, the last phase done. Quiet in pipes.
    if (isatty(STDERR_FILENO) && !std::getenv("WANGGE_TIMING"))
        set_progress_sink([shown = false](const char* phase, double seconds) mutable {
            if (phase)
                std::fprintf(stderr, "\r  %s: done in %.1f s\033[K", phase, seconds);
            else if (shown)
                std::fprintf(stderr, "\r\033[K");
            shown = phase != nullptr;
            std::fflush(stderr);
        });
    auto say = [](const std::exception& e) {
        std::cerr << "wangge: " << layers::printable(e.what()) << "\n";
    };
    try {
        for (const Command& c : commands)
            if (*c.app) return c.run();
    } catch (const InputError& e) {
        say(e);
        return 2;
    } catch (const UsageError& e) {
        say(e);
        return 2;
    } catch (const std::exception& e) {
        say(e);
        return 1;
    }
    return 2;
}
