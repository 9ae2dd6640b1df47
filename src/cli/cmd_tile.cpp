#include "src/cli/commands.hpp"
#include "src/engine/engine.hpp"

#include <iostream>

namespace wangge::cli {

int run_tile(const TileArgs& a) {
    engine::TileRequest rq;
    rq.workspace = a.workspace;
    rq.layer = a.layer;
    rq.period = a.period;
    rq.indicator = a.indicator;
    rq.z = a.z, rq.x = a.x, rq.y = a.y;
    rq.format = a.format;
    rq.scale = a.scale;
    rq.out = a.out;
    rq.files = engine::RuleFiles::with(a.rules, a.catalog, a.calendar);
    rq.wait_seconds = a.wait;
    std::string bytes = engine::tile(rq);
    std::cout << a.layer << " " << a.z << "/" << a.x << "/" << a.y << "." << a.format << ": " << bytes.size()
              << " bytes to " << a.out << "\n";
    return 0;
}

int run_tiles(const TilesArgs& a) {
    engine::TilesRequest rq;
    rq.workspace = a.workspace;
    rq.layer = a.layer;
    rq.period = a.period;
    rq.indicator = a.indicator;
    rq.zoom = a.zoom;
    rq.format = a.format;
    rq.out = a.out;
    rq.files = engine::RuleFiles::with(a.rules, a.catalog, a.calendar);
    rq.wait_seconds = a.wait;
    engine::TilesReport r = engine::export_tiles(rq);
    std::cout << a.out << ": " << r.tiles << " " << a.layer << " tiles at zoom " << r.min_zoom << "–"
              << r.max_zoom << " (" << r.bytes / 1024 << " KiB; " << r.skipped << " empty tiles left out)\n";
    return 0;
}

} // namespace wangge::cli
