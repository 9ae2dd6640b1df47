#include "layers/dates.hpp"
#include "layers/importer.hpp"
#include "layers/store.hpp"
#include "src/assess/assessment.hpp"
#include "src/assess/period.hpp"
#include "src/census/census_report.hpp"
#include "src/cli/commands.hpp"
#include "src/engine/engine.hpp"
#include "src/service/service.hpp"

#include <filesystem>
#include <iomanip>
#include <iostream>

namespace wangge::cli {
namespace {

namespace fs = std::filesystem;

void import_layer(const std::string& workspace, layers::LayerKind kind, const std::string& file,
                  std::optional<std::string> srs = {}) {
    layers::ImportOptions o;
    o.kind = kind;
    o.path = file;
    o.srs = std::move(srs);
    layers::ImportReport r = engine::import(workspace, o);
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
    layers::create_workspace(gpkg, std::nullopt);
    std::cout << "importing into " << gpkg << ":\n";
    using K = layers::LayerKind;
    import_layer(gpkg, K::districts, o.out_dir + "/districts.shp");
    import_layer(gpkg, K::streets, o.out_dir + "/streets.shp");
    import_layer(gpkg, K::communities, o.out_dir + "/communities.shp");
    import_layer(gpkg, K::grids, o.out_dir + "/grids.shp");
    import_layer(gpkg, K::components, o.out_dir + "/components.shp");
    import_layer(gpkg, K::cases, o.out_dir + "/cases.csv", "EPSG:4490");
    import_layer(gpkg, K::roster, o.out_dir + "/roster.csv");

    auto ws = layers::open_workspace(gpkg);
    std::cout << "workspace " << gpkg << " (" << ws->crs().value_or("?") << ") holds:\n";
    for (const auto& c : ws->counts()) {
        std::cout << "  " << std::left << std::setw(12) << layers::layer_name(c.kind) << std::right
                  << std::setw(8) << c.rows;
        if (c.derived) std::cout << "  (" << c.derived << " derived from grids)";
        std::cout << "\n";
    }
    ws.reset();

    engine::ValidateRequest v;
    v.workspace = gpkg;
    v.as_of = layers::today_local();
    v.json = (fs::path(a.dir) / "census.json").string();
    v.findings = (fs::path(a.dir) / "findings.gpkg").string();
    std::cout << "\n";
    print_summary(engine::validate(v), std::cout);

    // The latest full month of the sample's case log.
    engine::AssessRequest as;
    as.workspace = gpkg;
    // The month before this one: the day before the first of this month lies in it.
    const std::string first_of_month = layers::today_local().substr(0, 8) + "01";
    as.period = assess::parse_period(assess::month_of(layers::local_seconds(first_of_month) - 86400LL));
    as.json = (fs::path(a.dir) / ("assessment-" + as.period.id + ".json")).string();
    as.xlsx = (fs::path(a.dir) / ("bulletin-" + as.period.id + ".xlsx")).string();
    std::cout << "\n";
    assess::Assessment result = engine::assess(as);
    for (const std::string& w : result.warnings) std::cerr << "warning: " << w << "\n";
    print_ranking(result, std::cout);
    // Two months before it too, so that the map shows each region's trend.
    for (int back = 1; back <= 2; ++back) {
        assess::Period earlier = assess::parse_period(
            assess::month_of(as.period.start - static_cast<long long>(back - 1) * 31 * 86400LL - 86400LL));
        try {
            engine::ensure_assessed(gpkg, earlier.id, engine::RuleFiles::with({}, {}));
        } catch (const InputError&) {
            break; // the sample's log starts later
        }
    }
    std::cout << "\nopen " << gpkg << " and " << *v.findings << " in QGIS; the census report is " << *v.json
              << ", the bulletin " << *as.xlsx << "\n";
    if (a.no_serve) return 0;
    service::ServeOptions serve;
    serve.workspace = gpkg;
    serve.web_dir = service::default_web_dir();
    serve.leaflet_dir = service::default_leaflet_dir;
    std::cout << "\n";
    return serve_until_signal(serve, a.listen);
}

} // namespace wangge::cli
