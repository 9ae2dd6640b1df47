// Google Benchmark micro-benchmarks of the hot paths other than point location
// (point_location_bench.cpp): coverage validation of one district's grids, and the MVT encoding and
// PNG rendering of one grid tile. Synthetic unit grids of 100 m (the generator's lattice, corners and
// jittered edge midpoints), so that each runs alone, without a workspace.

#include "geo/coverage/gap_finder.hpp"
#include "geo/coverage/overlap_finder.hpp"
#include "geo/tile/tile_math.hpp"
#include "geo/wkb.hpp"
#include "src/generate/lattice.hpp"
#include "tiles/tile_content.hpp"

#include <benchmark/benchmark.h>

#include <cmath>
#include <string>
#include <vector>

namespace {

using namespace wangge;

/// A district of 10,000 grids (a Shenzhen district holds 5,000–30,000), in metres.
struct District {
    std::vector<std::string> wkbs;
    std::vector<std::string_view> views;
    std::vector<geo::Box> boxes;
    std::vector<geo::PolygonRings> polygons;
};

const District& district() {
    static const District d = [] {
        District out;
        generate::Lattice lat(100, 100, 480000, 2480000, 100, 3);
        for (int r = 0; r < lat.rows(); ++r)
            for (int c = 0; c < lat.cols(); ++c) {
                geo::Ring ring = lat.cell_ring(c, r);
                out.wkbs.push_back(geo::polygon_wkb({ring}));
                out.polygons.push_back(geo::PolygonRings::from_parts({{ring}}));
                out.boxes.push_back(out.polygons.back().bounds());
            }
        for (const std::string& w : out.wkbs) out.views.push_back(w);
        return out;
    }();
    return d;
}

void BM_CoverageOfADistrict(benchmark::State& state) {
    const District& d = district();
    for (auto _ : state) {
        auto overlaps = geo::find_overlaps(
            d.views, [&](std::size_t i) -> const geo::PolygonRings& { return d.polygons[i]; }, d.boxes, 1.0);
        auto gaps = geo::find_gaps(d.views, std::nullopt, 1.0, 0.5);
        benchmark::DoNotOptimize(overlaps);
        benchmark::DoNotOptimize(gaps);
    }
    state.SetItemsProcessed(state.iterations() * static_cast<long long>(d.wkbs.size()));
}
BENCHMARK(BM_CoverageOfADistrict)->Unit(benchmark::kMillisecond)->UseRealTime();

/// A zoom-14 tile over Shenzhen covered by 100-m grids in EPSG:3857 (about 580 of them), each with
/// the properties the grid layer carries.
struct GridTile {
    std::vector<geo::PolygonRings> shapes;
    std::vector<std::string> codes, names;
    tiles::TileContent content;
};

const GridTile& grid_tile() {
    static const GridTile t = [] {
        GridTile out;
        geo::TileId id = geo::tile_at(114.05, 22.55, 14);
        geo::Box b = id.bounds();
        // Mercator stretches ground distances by 1/cos(latitude): 100 m on the ground.
        double cell = 100 / std::cos(22.55 * M_PI / 180);
        int n = static_cast<int>((b.max_x - b.min_x) / cell) + 3;
        generate::Lattice lat(n, n, b.min_x - cell, b.min_y - cell, cell, 5);
        for (int r = 0; r < n; ++r)
            for (int c = 0; c < n; ++c) {
                out.shapes.push_back(geo::PolygonRings::from_parts({{lat.cell_ring(c, r)}}));
                out.codes.push_back("4403040010" + std::to_string(10000 + r * n + c));
                out.names.push_back("网格" + std::to_string(r * n + c));
            }
        out.content.layer = "grid";
        out.content.tile = id;
        const char* grades[] = {"A", "B", "C", "D", "E"};
        const char* colours[] = {"#1a9641", "#2b83ba", "#ffd92f", "#d7191c", "#252525"};
        for (std::size_t i = 0; i < out.shapes.size(); ++i) {
            tiles::RegionFeature& f = out.content.regions.emplace_back();
            f.id = i + 1;
            f.shape = &out.shapes[i];
            std::size_t g = (i * 7) % 5;
            f.fill = *tiles::parse_colour(colours[g]);
            f.label_at = out.shapes[i].interior_point();
            for (const tiles::Property& p : std::initializer_list<tiles::Property>{
                     {"code", out.codes[i]},
                     {"name", out.names[i]},
                     {"level", "grid"},
                     {"indicator", "composite"},
                     {"value", 60.0 + static_cast<double>(i % 400) / 10},
                     {"grade", grades[g]},
                     {"colour", colours[g]},
                     {"grids", std::int64_t{1}},
                     {"filed", static_cast<std::int64_t>(i % 13)},
                     {"due", static_cast<std::int64_t>(i % 11)},
                     {"closed", static_cast<std::int64_t>(i % 9)},
                     {"closed_on_time", static_cast<std::int64_t>(i % 7)},
                     {"overdue_open", static_cast<std::int64_t>(i % 3)},
                     {"composite", 60.0 + static_cast<double>(i % 400) / 10}})
                out.content.add_property(f.properties, p.key, p.value);
        }
        out.content.boundary_px = 0.4;
        return out;
    }();
    return t;
}

void BM_MvtOfAGridTile(benchmark::State& state) {
    const GridTile& t = grid_tile();
    for (auto _ : state) benchmark::DoNotOptimize(tiles::render_mvt(t.content));
    state.SetItemsProcessed(state.iterations() * static_cast<long long>(t.shapes.size()));
}
BENCHMARK(BM_MvtOfAGridTile)->Unit(benchmark::kMicrosecond);

void BM_PngOfAGridTile(benchmark::State& state) {
    const GridTile& t = grid_tile();
    for (auto _ : state) benchmark::DoNotOptimize(tiles::render_png(t.content, 256));
    state.SetItemsProcessed(state.iterations() * static_cast<long long>(t.shapes.size()));
}
BENCHMARK(BM_PngOfAGridTile)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
