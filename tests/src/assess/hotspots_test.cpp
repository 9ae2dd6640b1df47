// Getis-Ord Gi* on a small lattice with a planted cluster, against the formula written out here,
// with neighbours found from the grid polygons themselves.

#include "geo/contiguity.hpp"
#include "src/assess/hotspots.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

using namespace wangge;

namespace {

constexpr int side = 10;

/// 100 m squares of an n × n lattice, row-major.
std::vector<geo::PolygonRings> lattice(int n = side) {
    std::vector<geo::PolygonRings> out;
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c) {
            double x = c * 100.0, y = r * 100.0;
            out.push_back(geo::PolygonRings::from_parts(
                {{{{x, y}, {x + 100, y}, {x + 100, y + 100}, {x, y + 100}, {x, y}}}}));
        }
    return out;
}

/// The plain formula, with the neighbourhood from lattice arithmetic: i and the up-to-eight
/// cells around it.
double gi_star(const std::vector<double>& x, int i) {
    const double n = static_cast<double>(x.size());
    double mean = 0, sq = 0;
    for (double v : x) mean += v / n, sq += v * v / n;
    const double s = std::sqrt(sq - mean * mean);
    int r = i / side, c = i % side;
    double sum = 0, w = 0;
    for (int dr = -1; dr <= 1; ++dr)
        for (int dc = -1; dc <= 1; ++dc) {
            int rr = r + dr, cc = c + dc;
            if (rr < 0 || cc < 0 || rr >= side || cc >= side) continue;
            sum += x[static_cast<std::size_t>(rr * side + cc)];
            w += 1;
        }
    return (sum - mean * w) / (s * std::sqrt((n * w - w * w) / (n - 1)));
}

} // namespace

TEST(Contiguity, QueenNeighboursOfALatticeShareAnEdgeOrACorner) {
    auto neighbours = geo::queen_neighbours(lattice(), 0.01);
    ASSERT_EQ(neighbours.size(), 100u);
    EXPECT_EQ(neighbours[0], (std::vector<std::uint32_t>{1, 10, 11}));
    EXPECT_EQ(neighbours[55].size(), 8u);
    EXPECT_EQ(neighbours[9].size(), 3u);
    for (std::size_t i = 0; i < neighbours.size(); ++i)
        for (std::uint32_t j : neighbours[i]) {
            const auto& back = neighbours[j];
            EXPECT_TRUE(std::find(back.begin(), back.end(), i) != back.end()) << i << " " << j;
        }
    // A lattice of many chunks of work: each cell's neighbours from lattice arithmetic, in order.
    constexpr int n = 45;
    auto big = geo::queen_neighbours(lattice(n), 0.01);
    ASSERT_EQ(big.size(), static_cast<std::size_t>(n * n));
    for (int i = 0; i < n * n; ++i) {
        std::vector<std::uint32_t> expected;
        for (int dr = -1; dr <= 1; ++dr)
            for (int dc = -1; dc <= 1; ++dc) {
                int r = i / n + dr, c = i % n + dc;
                if ((dr || dc) && r >= 0 && c >= 0 && r < n && c < n)
                    expected.push_back(static_cast<std::uint32_t>(r * n + c));
            }
        ASSERT_EQ(big[static_cast<std::size_t>(i)], expected) << "cell " << i;
    }
    // Grids 0.3 m apart (a survey's wobble) are still neighbours within a 0.5 m tolerance.
    auto apart = std::vector<geo::PolygonRings>{
        geo::PolygonRings::from_parts({{{{0, 0}, {100, 0}, {100, 100}, {0, 100}, {0, 0}}}}),
        geo::PolygonRings::from_parts({{{{100.3, 0}, {200, 0}, {200, 100}, {100.3, 100}, {100.3, 0}}}})};
    EXPECT_EQ(geo::queen_neighbours(apart, 0.5)[0].size(), 1u);
    EXPECT_EQ(geo::queen_neighbours(apart, 0.1)[0].size(), 0u);
}

TEST(Hotspots, GiStarMatchesThePlainFormulaAndFindsThePlantedCluster) {
    std::vector<double> x(100);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<double>((i * 7 + 3) % 5); // 0–4
    // A cluster of busy grids around row 6, column 3.
    for (int dr = -1; dr <= 1; ++dr)
        for (int dc = -1; dc <= 1; ++dc) x[static_cast<std::size_t>((6 + dr) * side + 3 + dc)] = 25;
    auto z = assess::getis_ord_gi_star(x, geo::queen_neighbours(lattice(), 0.01));
    ASSERT_EQ(z.size(), 100u);
    for (int i = 0; i < 100; ++i) {
        ASSERT_TRUE(z[static_cast<std::size_t>(i)]) << i;
        EXPECT_NEAR(*z[static_cast<std::size_t>(i)], gi_star(x, i), 1e-9) << i;
    }
    const int centre = 6 * side + 3;
    EXPECT_GT(*z[centre], 2.576);
    EXPECT_EQ(assess::hotspot_class(z[centre]), "hot_99");
    // A quiet corner far from the cluster is not a hot spot.
    EXPECT_EQ(assess::hotspot_class(z[9]).rfind("hot", 0), std::string::npos);
}

TEST(Hotspots, ClassesFollowTheConfidenceThresholds) {
    EXPECT_EQ(assess::hotspot_class(2.6), "hot_99");
    EXPECT_EQ(assess::hotspot_class(2.0), "hot_95");
    EXPECT_EQ(assess::hotspot_class(1.7), "hot_90");
    EXPECT_EQ(assess::hotspot_class(1.6), "not_significant");
    EXPECT_EQ(assess::hotspot_class(-1.97), "cold_95");
    EXPECT_EQ(assess::hotspot_class(std::nullopt), "not_significant");
    // All values equal: no variance, no z.
    auto flat =
        assess::getis_ord_gi_star(std::vector<double>(100, 3.0), geo::queen_neighbours(lattice(), 0.01));
    EXPECT_FALSE(flat[0]);
}
