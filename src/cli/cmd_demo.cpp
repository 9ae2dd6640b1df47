#include "layers/dates.hpp"
#include "layers/importer.hpp"
#include "layers/store.hpp"
#include "src/assess/period.hpp"
#include "src/cli/commands.hpp"

#include <filesystem>
#include <iomanip>
#include <iostream>

namespace wangge::cli {
namespace {

namespace fs = std::filesystem;

void import_layer(layers::Workspace& ws, layers::LayerKind kind, const std::string& file,
                  std::optional<std::string> srs = {}) {
    layers::ImportOptions o;
    o.kind = kind;
    o.path = file;
    o.srs = std::move(srs);
    layers::ImportReport r = layers::import_file(ws, o);
    std::cout << "  " << std::left << std::setw(12) << layers::layer_name(kind) << std::right << std::setw(8)
              << r.summary.rows << "  from " << fs::path(file).filename().string() << std::endl;
}

} // namespace

int run_demo(const DemoArgs& a) {
    generate::CityOptions o;
    o.out_dir = (fs::path(a.dir) / "data").string();
    o.districts = 3;
    o.grids = 1200;
    o.components = 24000;
    o.cases = 60000;
    o.seed = 2019;
    run_generate(o);

    std::string gpkg = (fs::path(a.dir) / "city.gpkg").string();
    fs::remove(gpkg);
    auto ws = layers::create_workspace(gpkg, std::nullopt);
    std::cout << "importing into " << gpkg << ":\n";
    using K = layers::LayerKind;
    import_layer(*ws, K::districts, o.out_dir + "/districts.shp");
    import_layer(*ws, K::streets, o.out_dir + "/streets.shp");
    import_layer(*ws, K::communities, o.out_dir + "/communities.shp");
    import_layer(*ws, K::grids, o.out_dir + "/grids.shp");
    import_layer(*ws, K::components, o.out_dir + "/components.shp");
    import_layer(*ws, K::cases, o.out_dir + "/cases.csv", "EPSG:4490");
    import_layer(*ws, K::roster, o.out_dir + "/roster.csv");

    std::cout << "workspace " << gpkg << " (" << ws->crs().value_or("?") << ") holds:\n";
    for (const auto& c : ws->counts()) {
        std::cout << "  " << std::left << std::setw(12) << layers::layer_name(c.kind) << std::right
                  << std::setw(8) << c.rows;
        if (c.derived) std::cout << "  (" << c.derived << " derived from grids)";
        std::cout << "\n";
    }

    ValidateArgs v;
    v.workspace = gpkg;
    v.json = (fs::path(a.dir) / "census.json").string();
    v.findings = (fs::path(a.dir) / "findings.gpkg").string();
    std::cout << "\n";
    run_validate(v);

    // The latest full month of the sample's case log.
    AssessArgs as;
    as.workspace = gpkg;
    as.period = assess::month_of(layers::local_seconds(layers::today_local()) - 28 * 86400LL);
    as.json = (fs::path(a.dir) / ("assessment-" + as.period + ".json")).string();
    as.xlsx = (fs::path(a.dir) / ("bulletin-" + as.period + ".xlsx")).string();
    std::cout << "\n";
    run_assess(as);
    std::cout << "\nopen " << gpkg << " and " << *v.findings << " in QGIS; the census report is " << *v.json
              << ", the bulletin " << *as.xlsx << "\n";
    return 0;
}

} // namespace wangge::cli
