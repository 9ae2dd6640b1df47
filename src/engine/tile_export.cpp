#include "geo/error.hpp"
#include "geo/parallel.hpp"
#include "geo/progress.hpp"
#include "layers/output_file.hpp"
#include "layers/store.hpp"
#include "src/assess/period.hpp"
#include "src/engine/engine.hpp"
#include "src/engine/map_layers.hpp"
#include "src/engine/map_snapshot.hpp"
#include "tiles/gzip.hpp"
#include "tiles/mbtiles_writer.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>

namespace wangge::engine {
namespace {

std::pair<int, int> parse_zoom_range(const std::string& text) {
    int a = -1, b = -1;
    char tail = 0;
    int n = std::sscanf(text.c_str(), "%d-%d%c", &a, &b, &tail);
    if (n == 1) b = a;
    if ((n != 1 && n != 2) || a < 0 || b < a || b > geo::max_tile_zoom)
        throw UsageError("--zoom " + text + ": expected A-B with 0 ≤ A ≤ B ≤ " +
                         std::to_string(geo::max_tile_zoom));
    return {a, b};
}

} // namespace

TilesReport export_tiles(const TilesRequest& rq) {
    const MapLayer layer = require_map_layer(rq.layer);
    auto [min_zoom, max_zoom] = parse_zoom_range(rq.zoom);
    if (rq.format != "mvt" && rq.format != "png") throw UsageError("--format must be mvt or png");
    if (rq.out.size() < 8 || rq.out.compare(rq.out.size() - 8, 8, ".mbtiles") != 0)
        throw UsageError("--out " + rq.out + ": name the file FILE.mbtiles");
    layers::check_outputs({{{"--out", rq.out}, {}}},
                          {{"the workspace", rq.workspace}, {"the rules file", rq.files.rules}});
    TileQuery query{layer, {}, rq.period, rq.indicator};
    check_tile_query(query);
    auto rules = rules::Rules::load(rq.files.rules);
    if (!query.period.empty()) {
        query.period = assess::parse_period(query.period).id;
        if (layer != MapLayer::cases && layer != MapLayer::heat)
            ensure_assessed(rq.workspace, query.period, rq.files, rq.wait_seconds);
    }
    auto snap = MapSnapshot::load(rq.workspace, rq.wait_seconds);
    if (!snap->bounds())
        throw InputError(layers::redact_uri(rq.workspace) + ": the workspace holds no grids to draw");
    const geo::LonLatBox b = *snap->bounds();

    std::vector<geo::TileId> all;
    for (int z = min_zoom; z <= max_zoom; ++z) {
        geo::TileId nw = geo::tile_at(b.west, b.north, z), se = geo::tile_at(b.east, b.south, z);
        for (std::uint32_t x = nw.x; x <= se.x; ++x)
            for (std::uint32_t y = nw.y; y <= se.y; ++y) all.push_back({z, x, y});
        if (all.size() > 4'000'000)
            throw UsageError("--zoom " + rq.zoom +
                             " covers over 4 million tiles of this city: lower the maximum zoom");
    }

    const bool mvt = rq.format == "mvt";
    TilesReport report{0, 0, 0, min_zoom, max_zoom};
    layers::write_output(rq.out, [&](const std::string& tmp) {
        tiles::MbtilesWriter out(tmp);
        std::string name(map_layer_name(layer));
        out.metadata("name", "wangge " + name + (query.period.empty() ? "" : " " + query.period));
        out.metadata("format", mvt ? "pbf" : "png");
        char text[160];
        std::snprintf(text, sizeof text, "%.6f,%.6f,%.6f,%.6f", b.west, b.south, b.east, b.north);
        out.metadata("bounds", text);
        std::snprintf(text, sizeof text, "%.6f,%.6f,%d", (b.west + b.east) / 2, (b.south + b.north) / 2,
                      std::clamp(14, min_zoom, max_zoom));
        out.metadata("center", text);
        out.metadata("minzoom", std::to_string(min_zoom));
        out.metadata("maxzoom", std::to_string(max_zoom));
        out.metadata("type", "overlay");
        out.metadata("version", "1");
        out.metadata("description", "Wangge " + name + " layer, indicator " + query.indicator +
                                        (query.period.empty() ? "" : ", period " + query.period));
        nlohmann::json fields = nlohmann::json::object();
        for (const LayerField& f : layer_fields(layer)) fields[f.name] = f.type;
        if (mvt)
            out.metadata(
                "json",
                nlohmann::json{
                    {"vector_layers",
                     {{{"id", name}, {"fields", fields}, {"minzoom", min_zoom}, {"maxzoom", max_zoom}}}}}
                    .dump());
        constexpr std::size_t batch = 512;
        auto started = std::chrono::steady_clock::now();
        for (std::size_t first = 0; first < all.size(); first += batch) {
            std::size_t n = std::min(batch, all.size() - first);
            std::vector<std::string> drawn(n);
            wangge::parallel_for(n, [&](std::size_t i) {
                TileQuery q = query;
                q.tile = all[first + i];
                tiles::TileContent content = tile_content(*snap, q, rules, mvt ? 0 : 256);
                if (content.regions.empty() && content.points.empty() && content.raster.size == 0) return;
                if (!mvt) {
                    drawn[i] = tiles::render_png(content, 256);
                } else if (std::string raw = tiles::render_mvt(content); !raw.empty()) {
                    drawn[i] = tiles::gzip(raw);
                }
            });
            for (std::size_t i = 0; i < n; ++i) {
                if (drawn[i].empty()) {
                    ++report.skipped;
                    continue;
                }
                out.tile(all[first + i], drawn[i]);
                ++report.tiles;
                report.bytes += static_cast<long long>(drawn[i].size());
            }
            double seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            std::string phase = "tiles " + std::to_string(first + n) + " of " + std::to_string(all.size());
            report_progress(phase.c_str(), seconds);
        }
        out.finish();
    });
    report_progress(nullptr, 0);
    return report;
}

} // namespace wangge::engine
