// The case layer's tiles on a generated city: below zoom 15, clusters whose discs stay inside their
// tile and apart, with every case of the period counted once at each zoom; from zoom 15, a dot near
// a tile's edge drawn on both sides of it.

#include "geo/tile/tile_math.hpp"
#include "src/assess/period.hpp"
#include "src/engine/map_layers.hpp"
#include "src/engine/map_snapshot.hpp"
#include "src/rules/rules.hpp"
#include "tests/integration/city_fixture.hpp"
#include "tiles/point_marker.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

using namespace wangge;

namespace {

bool inside(const geo::Box& b, geo::XY p) {
    return p.x >= b.min_x && p.x <= b.max_x && p.y >= b.min_y && p.y <= b.max_y;
}

class MapCases : public test::CityFixture {
protected:
    void SetUp() override {
        snap = engine::MapSnapshot::load(workspace());
        for (const engine::MapCase& c : snap->cases())
            if (period.contains(c.filed_at)) filed.push_back(c.at);
        ASSERT_GT(filed.size(), 100u);
    }

    /// The tiles at zoom z over the period's cases.
    std::vector<geo::TileId> tiles_over_cases(int z) const {
        geo::Box box{filed[0].x, filed[0].y, filed[0].x, filed[0].y};
        for (const geo::XY& p : filed) {
            box.min_x = std::min(box.min_x, p.x), box.max_x = std::max(box.max_x, p.x);
            box.min_y = std::min(box.min_y, p.y), box.max_y = std::max(box.max_y, p.y);
        }
        const geo::XY nw = geo::mercator_to_lonlat(box.min_x, box.max_y),
                      se = geo::mercator_to_lonlat(box.max_x, box.min_y);
        const geo::TileId a = geo::tile_at(nw.x, nw.y, z), b = geo::tile_at(se.x, se.y, z);
        std::vector<geo::TileId> out;
        for (std::uint32_t x = a.x; x <= b.x; ++x)
            for (std::uint32_t y = a.y; y <= b.y; ++y) out.push_back({z, x, y});
        return out;
    }

    tiles::TileContent content(const geo::TileId& tile) const {
        return engine::tile_content(*snap, {engine::MapLayer::cases, tile, period_text, "composite"}, rules);
    }

    const std::string period_text = "2026";
    const assess::Period period = assess::parse_period(period_text);
    const rules::Rules rules = rules::Rules::load(test::data_dir() + "/rules.json");
    std::shared_ptr<const engine::MapSnapshot> snap;
    std::vector<geo::XY> filed; ///< where the period's cases lie (EPSG:3857)
};

} // namespace

TEST_F(MapCases, ClustersStayInsideTheirTileApartAndCountEveryCaseOnce) {
    for (int z = 10; z < 15; ++z) {
        long long counted = 0, largest = 0;
        for (const geo::TileId& tile : tiles_over_cases(z)) {
            const geo::Box b = tile.bounds();
            const double px = (b.max_x - b.min_x) / 256;
            const tiles::TileContent c = content(tile);
            for (std::size_t i = 0; i < c.points.size(); ++i) {
                const tiles::PointFeature& p = c.points[i];
                const double r = tiles::marker_radius_px(p.count) * px;
                EXPECT_TRUE(p.at.x - r >= b.min_x && p.at.x + r <= b.max_x && p.at.y - r >= b.min_y &&
                            p.at.y + r <= b.max_y)
                    << "z" << z << ": a cluster of " << p.count << " crosses the tile's edge";
                for (std::size_t j = 0; j < i; ++j) {
                    const tiles::PointFeature& q = c.points[j];
                    EXPECT_GE(std::hypot(p.at.x - q.at.x, p.at.y - q.at.y),
                              r + tiles::marker_radius_px(q.count) * px)
                        << "z" << z << ": clusters of " << p.count << " and " << q.count << " overlap";
                }
                counted += p.count;
                largest = std::max(largest, p.count);
            }
        }
        EXPECT_EQ(counted, static_cast<long long>(filed.size())) << "z" << z;
        EXPECT_GT(largest, 1) << "z" << z << " has no cluster";
    }
}

TEST_F(MapCases, FromZoomFifteenADotNearATilesEdgeIsInTheTilesOnBothSides) {
    const int z = 16;
    std::size_t near_edge = 0;
    for (const geo::TileId& tile : tiles_over_cases(z)) {
        const geo::Box b = tile.bounds();
        const double reach = tiles::marker_radius_px(1) * (b.max_x - b.min_x) / 256;
        const tiles::TileContent c = content(tile);
        // Every case whose dot reaches into the tile is drawn there, and no other.
        std::size_t reaching = 0;
        for (const geo::XY& p : filed) {
            if (!inside(b.expanded(reach), p)) continue;
            ++reaching;
            if (!inside(b, p)) ++near_edge;
            bool drawn = false;
            for (const tiles::PointFeature& f : c.points) drawn = drawn || (f.at.x == p.x && f.at.y == p.y);
            EXPECT_TRUE(drawn) << "a case " << (inside(b, p) ? "inside" : "just outside") << " tile "
                               << tile.x << "/" << tile.y << " is not drawn there";
        }
        EXPECT_EQ(c.points.size(), reaching);
    }
    EXPECT_GT(near_edge, 0u) << "no case near a tile's edge: the city is too small to test this";
}
