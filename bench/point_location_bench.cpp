// Google Benchmark: point location in 100,000 unit grids (design.md target: 5 million points per
// second per core). Single-threaded, so items per second are per core.

#include "geo/point_locator.hpp"
#include "geo/wkb.hpp"
#include "src/generate/lattice.hpp"
#include "src/generate/random.hpp"

#include <benchmark/benchmark.h>

namespace {

using namespace wangge;

struct City {
    std::vector<geo::PolygonRings> grids;
    std::vector<geo::XY> points;
    std::vector<long> owner; ///< the grid each point was drawn in
};

const City& city() {
    static const City c = [] {
        City out;
        generate::Lattice lat(316, 317, 480000, 2480000, 100, 1);
        for (int r = 0; r < lat.rows(); ++r)
            for (int col = 0; col < lat.cols(); ++col)
                out.grids.push_back(geo::PolygonRings::from_wkb(geo::polygon_wkb({lat.cell_ring(col, r)})));
        generate::Random rnd(7);
        for (int i = 0; i < 1000000; ++i) {
            long g = rnd.below(static_cast<long long>(out.grids.size()));
            int col = static_cast<int>(g % lat.cols()), r = static_cast<int>(g / lat.cols());
            out.points.push_back(lat.point_in_cell(col, r, rnd.uniform(0.2, 0.8), rnd.uniform(0.2, 0.8)));
            out.owner.push_back(g);
        }
        return out;
    }();
    return c;
}

void locate(benchmark::State& state, bool hinted) {
    const City& c = city();
    geo::PointLocator locator(c.grids);
    std::vector<std::size_t> scratch;
    std::size_t i = 0;
    long found = 0;
    for (auto _ : state) {
        found += locator.locate(c.points[i], hinted ? c.owner[i] : -1) >= 0;
        if (++i == c.points.size()) i = 0;
    }
    benchmark::DoNotOptimize(found);
    state.SetItemsProcessed(state.iterations());
}

void BM_LocateWithoutHint(benchmark::State& state) {
    locate(state, false);
}
void BM_LocateWithGridCodeHint(benchmark::State& state) {
    locate(state, true);
}

} // namespace

BENCHMARK(BM_LocateWithoutHint);
BENCHMARK(BM_LocateWithGridCodeHint);
BENCHMARK_MAIN();
