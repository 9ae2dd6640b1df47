// Benchmark (not a test): uncached tiles of the Shenzhen-size city, drawn by the engine as the
// service draws them — MVT and 256-px PNG of the grid layer at zooms 12–16, p50 and p95 per zoom;
// the size of its vector tiles at zooms 9–11 — and the tile list written out for the same tiles in
// PostGIS (bench/tiles_postgis.sh).
// Usage: tile_bench WORKSPACE PERIOD TILES_PER_ZOOM TILE_LIST_OUT

#include "geo/tile/tile_math.hpp"
#include "src/engine/engine.hpp"
#include "src/engine/map_layers.hpp"
#include "src/engine/map_snapshot.hpp"
#include "src/rules/rules.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>

using namespace wangge;

int main(int argc, char** argv) {
    if (argc != 5 && argc != 6) {
        std::fprintf(stderr, "usage: tile_bench WORKSPACE PERIOD TILES_PER_ZOOM TILE_LIST_OUT\n");
        return 2;
    }
    const std::string period = argv[2];
    const int per_zoom = std::atoi(argv[3]);
    auto t0 = std::chrono::steady_clock::now();
    auto snap = engine::MapSnapshot::load(argv[1]);
    auto results = snap->results(period);
    double load = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("snapshot: %zu grids, %zu cases, loaded in %.2f s (results of %s: %zu rows)\n",
                snap->level(layers::Level::grid).regions.size(), snap->case_count(), load, period.c_str(),
                results ? results->rows.size() : 0);
    auto rules = rules::Rules::load(engine::RuleFiles::with({}, {}).rules);
    const auto& grids = snap->level(layers::Level::grid).regions;
    std::mt19937 rng(7);
    std::ofstream list(argv[4]);
    std::printf("%-4s %-7s %8s %8s %8s %10s\n", "zoom", "format", "p50 ms", "p95 ms", "mean ms", "features");
    const int repeat =
        std::getenv("TILE_BENCH_REPEAT") ? std::max(1, std::atoi(std::getenv("TILE_BENCH_REPEAT"))) : 1;
    const int only = argc == 6 ? std::atoi(argv[5]) : -1; // one zoom (for profiling)
    // Tiles on the city: the tile of a random grid's inside point, listed for PostGIS too.
    auto tiles_on_the_city = [&](int z, int n) {
        std::vector<geo::TileId> tiles;
        for (int i = 0; i < n; ++i) {
            const auto& g = grids[std::uniform_int_distribution<std::size_t>(0, grids.size() - 1)(rng)];
            geo::XY ll = geo::mercator_to_lonlat(g.label_at.x, g.label_at.y);
            tiles.push_back(geo::tile_at(ll.x, ll.y, z));
            list << z << " " << tiles.back().x << " " << tiles.back().y << "\n";
        }
        return tiles;
    };
    for (int z = 12; z <= 16; ++z) {
        if (only >= 0 && z != only) continue;
        const std::vector<geo::TileId> tiles = tiles_on_the_city(z, per_zoom);
        for (auto format : {engine::TileFormat::mvt, engine::TileFormat::png}) {
            // TILE_BENCH_FORMAT=mvt|png: one format only (for profiling).
            if (const char* only_format = std::getenv("TILE_BENCH_FORMAT"))
                if (std::string(only_format) != (format == engine::TileFormat::mvt ? "mvt" : "png")) continue;
            std::vector<double> ms;
            std::size_t features = 0;
            for (const geo::TileId& t : tiles) {
                engine::TileQuery q{engine::MapLayer::grid, t, period, "composite"};
                // TILE_BENCH_REPEAT=N: the fastest of N draws of each tile (comparing two builds on a
                // noisy machine; the reported figures use one draw).
                double best = 1e300;
                for (int k = 0; k < repeat; ++k) {
                    auto a = std::chrono::steady_clock::now();
                    std::string bytes = engine::draw_tile(*snap, q, format, 1, rules);
                    best = std::min(
                        best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a)
                                  .count());
                }
                ms.push_back(best);
                if (format == engine::TileFormat::mvt)
                    features += engine::tile_content(*snap, q, rules, 0).regions.size();
            }
            std::sort(ms.begin(), ms.end());
            double mean = 0;
            for (double v : ms) mean += v / static_cast<double>(ms.size());
            std::printf("%-4d %-7s %8.2f %8.2f %8.2f %10.0f\n", z,
                        format == engine::TileFormat::mvt ? "mvt" : "png", ms[ms.size() / 2],
                        ms[std::min(ms.size() - 1, ms.size() * 95 / 100)], mean,
                        format == engine::TileFormat::mvt
                            ? static_cast<double>(features) / static_cast<double>(tiles.size())
                            : 0.0);
        }
    }
    // Zooms 9–11: a city's hectare grids under two pixels across, drawn as the areas of their
    // colours. The figure is the vector tile's size (uncompressed, as a client parses it).
    std::printf("%-4s %-7s %8s %8s %10s\n", "zoom", "format", "p50 ms", "p50 KB", "largest KB");
    for (int z = 9; z <= 11; ++z) {
        if (only >= 0 && z != only) continue;
        const std::vector<geo::TileId> tiles = tiles_on_the_city(z, std::max(5, per_zoom / 10));
        std::vector<double> ms, kb;
        for (const geo::TileId& t : tiles) {
            engine::TileQuery q{engine::MapLayer::grid, t, period, "composite"};
            auto a = std::chrono::steady_clock::now();
            std::string bytes = engine::draw_tile(*snap, q, engine::TileFormat::mvt, 1, rules);
            ms.push_back(
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count());
            kb.push_back(static_cast<double>(bytes.size()) / 1024);
        }
        std::sort(ms.begin(), ms.end()), std::sort(kb.begin(), kb.end());
        std::printf("%-4d %-7s %8.2f %8.1f %10.1f\n", z, "mvt_low", ms[ms.size() / 2], kb[kb.size() / 2],
                    kb.back());
    }
    return 0;
}
