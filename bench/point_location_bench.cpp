// Google Benchmark: point location in 100,000 unit grids (design.md target: 5 million points per
// second per core). Single-threaded, so items per second are per core. The points are in no
// order, as a city's cases are; they are located a block at a time, as assess locates them
// (PointLocator::locate of a span), and on the huge-page heap wangge itself runs on. The
// one-at-a-time rows show what the blocks gain.

#include "geo/huge_pages.hpp"
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

void one_at_a_time(benchmark::State& state, bool hinted) {
    const City& c = city();
    geo::PointLocator locator(c.grids);
    std::size_t i = 0;
    long found = 0;
    for (auto _ : state) {
        found += locator.locate(c.points[i], hinted ? c.owner[i] : -1) >= 0;
        if (++i == c.points.size()) i = 0;
    }
    benchmark::DoNotOptimize(found);
    state.SetItemsProcessed(state.iterations());
}

void in_blocks(benchmark::State& state, bool hinted) {
    const City& c = city();
    geo::PointLocator locator(c.grids);
    const std::vector<int> hints(c.owner.begin(), c.owner.end());
    constexpr std::size_t block = 8192; // as assess hands them over
    std::vector<int> found(block);
    std::size_t from = 0;
    for (auto _ : state) {
        const std::span<const geo::XY> points = std::span(c.points).subspan(from, block);
        locator.locate(points, hinted ? std::span(hints).subspan(from, block) : std::span<const int>(),
                       found);
        benchmark::DoNotOptimize(found.data());
        from += block;
        if (from + block > c.points.size()) from = 0;
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * block));
}

void BM_LocateWithoutHint(benchmark::State& state) {
    in_blocks(state, false);
}
void BM_LocateWithGridCodeHint(benchmark::State& state) {
    in_blocks(state, true);
}
void BM_LocateOneAtATimeWithoutHint(benchmark::State& state) {
    one_at_a_time(state, false);
}
void BM_LocateOneAtATimeWithGridCodeHint(benchmark::State& state) {
    one_at_a_time(state, true);
}

} // namespace

BENCHMARK(BM_LocateWithoutHint);
BENCHMARK(BM_LocateWithGridCodeHint);
BENCHMARK(BM_LocateOneAtATimeWithoutHint);
BENCHMARK(BM_LocateOneAtATimeWithGridCodeHint);

int main(int argc, char** argv) {
    wangge::restart_with_huge_page_heap(argv);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
