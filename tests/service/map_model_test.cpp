// The map's read model: readers go on with the snapshot they have while a new version loads, and
// every snapshot they get is one version whole.

#include "geo/tile/tile_math.hpp"
#include "layers/store.hpp"
#include "src/engine/map_layers.hpp"
#include "src/engine/map_snapshot.hpp"
#include "src/rules/rules.hpp"
#include "tests/support/grid_block.hpp"
#include "tests/support/test_support.hpp"
#include "tiles/colour_areas.hpp"
#include "tiles/property_table.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <set>
#include <thread>

using namespace wangge;
using layers::LayerKind;

namespace {

/// Replaces the workspace's grids with a `side` × `side` block whose codes all end in `tag`.
void import_grids(const std::string& uri, int side, const std::string& tag) {
    test::import_grid_block(
        uri, side, side, layers::ReplaceMode::whole_layer, "440303", 500000, 2500000, [&](int i, int j) {
            char code[32];
            std::snprintf(code, sizeof code, "440303001%03d%s", i * side + j, tag.c_str());
            return std::string(code);
        });
}

/// A new workspace in `dir` holding a `side` × `side` block of grids tagged 001.
std::string workspace_of_grids(const test::TempDir& dir, int side) {
    const std::string uri = dir.file("ws.gpkg");
    layers::create_workspace(uri, "EPSG:4547");
    import_grids(uri, side, "001");
    return uri;
}

/// The grid count and the tag all of a snapshot's grid codes share ("" when they differ).
std::pair<std::size_t, std::string> version_of(const engine::MapSnapshot& snap) {
    std::set<std::string> tags;
    for (const auto& g : snap.level(layers::Level::grid).regions) tags.insert(g.code.substr(12));
    return {snap.level(layers::Level::grid).regions.size(), tags.size() == 1 ? *tags.begin() : ""};
}

} // namespace

TEST(MapModel, ReadersGoOnWithTheOldVersionWhileTheNewOneLoadsAndSeeEachWhole) {
    test::TempDir dir;
    const std::string uri = dir.file("ws.gpkg");
    layers::create_workspace(uri, "EPSG:4547");
    import_grids(uri, 2, "001"); // version A: 4 grids tagged 001

    // A loader that, once armed, holds the next load until released.
    std::promise<void> release;
    std::shared_future<void> released = release.get_future().share();
    std::atomic<bool> armed{false};
    std::promise<void> started;
    engine::MapModel::Source source;
    source.load = [&](const std::string& ws) {
        if (armed.exchange(false)) {
            started.set_value();
            released.wait();
        }
        return engine::MapSnapshot::load(ws);
    };
    engine::MapModel model(uri, 0.0, source);
    ASSERT_EQ(version_of(*model.current()), std::make_pair(std::size_t{4}, std::string("001")));

    import_grids(uri, 3, "002"); // version B: 9 grids tagged 002
    armed = true;
    // One reader finds the new version and loads it (held by the loader)…
    auto loader = std::async(std::launch::async, [&] { return model.current(); });
    ASSERT_EQ(started.get_future().wait_for(std::chrono::seconds(60)), std::future_status::ready);
    // …while others get the old one at once, whole, from several threads.
    std::vector<std::future<std::pair<std::size_t, std::string>>> readers;
    for (int t = 0; t < 4; ++t)
        readers.push_back(std::async(std::launch::async, [&] {
            std::pair<std::size_t, std::string> last;
            for (int k = 0; k < 50; ++k) {
                last = version_of(*model.current());
                if (last != std::make_pair(std::size_t{4}, std::string("001"))) break;
            }
            return last;
        }));
    for (auto& r : readers) {
        ASSERT_EQ(r.wait_for(std::chrono::seconds(60)), std::future_status::ready)
            << "a reader waited for the load";
        EXPECT_EQ(r.get(), std::make_pair(std::size_t{4}, std::string("001")));
    }
    release.set_value();
    EXPECT_EQ(version_of(*loader.get()), std::make_pair(std::size_t{9}, std::string("002")));
    // Then everyone sees the new version, whole.
    std::vector<std::future<std::pair<std::size_t, std::string>>> after;
    for (int t = 0; t < 4; ++t)
        after.push_back(std::async(std::launch::async, [&] { return version_of(*model.current()); }));
    for (auto& r : after) EXPECT_EQ(r.get(), std::make_pair(std::size_t{9}, std::string("002")));
}

TEST(MapModel, WithoutASnapshotReadersWaitForTheLoadAndAFailedLoadIsReported) {
    test::TempDir dir;
    engine::MapModel missing(dir.file("none.gpkg"), 0.0);
    EXPECT_THROW(missing.current(), Error);
    EXPECT_THROW(missing.current(), Error); // tried again, not left waiting
}

TEST(MapTiles, AVectorTileOfThousandsOfRegionsDrawnInPartsIsTheTileDrawnWhole) {
    test::TempDir dir;
    const std::string uri =
        workspace_of_grids(dir, 70); // 4,900 grids of 100 m: drawn in parts on two cores or more
    auto snap = engine::MapSnapshot::load(uri);
    const auto& grids = snap->level(layers::Level::grid).regions;
    const geo::XY middle = grids[grids.size() / 2].label_at;
    const geo::XY lonlat = geo::mercator_to_lonlat(middle.x, middle.y);
    const auto rules = rules::Rules::load(test::data_dir() + "/rules.json");
    // At zoom 12 the grids are drawn one by one; at 11, under two pixels across, as the areas of
    // their colours.
    for (int z : {12, 11})
        for (engine::MapLayer layer : {engine::MapLayer::grid, engine::MapLayer::coverage}) {
            engine::TileQuery q{layer, geo::tile_at(lonlat.x, lonlat.y, z), "", "composite"};
            tiles::TileContent whole = engine::tile_content(*snap, q, rules, 0);
            ASSERT_GT(whole.regions.size(), 4000u);
            EXPECT_EQ(tiles::regions_too_small_to_draw({&whole, 1}), z == 11);
            EXPECT_EQ(engine::draw_tile(*snap, q, engine::TileFormat::mvt, 1, rules),
                      tiles::render_mvt(whole));
        }
}

TEST(MapTiles, OneTileReadsOnlyWhatItsLayerDrawsFrom) {
    test::TempDir dir;
    const std::string uri = workspace_of_grids(dir, 3);
    auto all = engine::MapSnapshot::load(uri);
    ASSERT_EQ(all->level(layers::Level::grid).regions.size(), 9u);
    ASSERT_FALSE(all->level(layers::Level::district).regions.empty());
    auto grid = engine::MapSnapshot::load(uri, 5, engine::tile_scope(engine::MapLayer::grid));
    EXPECT_EQ(grid->level(layers::Level::grid).regions.size(), 9u);
    EXPECT_TRUE(grid->level(layers::Level::district).regions.empty());
    auto district = engine::MapSnapshot::load(uri, 5, engine::tile_scope(engine::MapLayer::district));
    EXPECT_TRUE(district->level(layers::Level::grid).regions.empty());
    EXPECT_EQ(district->level(layers::Level::district).regions.size(),
              all->level(layers::Level::district).regions.size());
    auto cases = engine::MapSnapshot::load(uri, 5, engine::tile_scope(engine::MapLayer::cases));
    for (layers::Level l :
         {layers::Level::district, layers::Level::street, layers::Level::community, layers::Level::grid})
        EXPECT_TRUE(cases->level(l).regions.empty());
    EXPECT_TRUE(engine::tile_scope(engine::MapLayer::heat).cases);
    EXPECT_TRUE(
        engine::tile_scope(engine::MapLayer::heat).levels[static_cast<std::size_t>(layers::Level::grid)]);
    EXPECT_TRUE(engine::tile_scope(engine::MapLayer::coverage).census);
    EXPECT_FALSE(engine::tile_scope(engine::MapLayer::grid).census ||
                 engine::tile_scope(engine::MapLayer::grid).cases);
}

TEST(MapTiles, ATableOfPropertiesIsBuiltOncePerKeyAndSharedByTheTilesAfter) {
    test::TempDir dir;
    const std::string uri = workspace_of_grids(dir, 3);
    auto snap = engine::MapSnapshot::load(uri);
    int builds = 0;
    auto build = [&] {
        ++builds;
        tiles::PropertyTable t;
        t.add_row();
        t.add("code", "001");
        t.finish();
        return t;
    };
    auto a = snap->property_table("test:a", build);
    auto b = snap->property_table("test:a", build);
    EXPECT_EQ(a.get(), b.get());
    EXPECT_EQ(builds, 1);
    auto c = snap->property_table("test:b", build);
    EXPECT_NE(a.get(), c.get());
    EXPECT_EQ(builds, 2);
    // Vector tiles take their regions' properties from such a table: two tiles of one level, one.
    const auto rules = rules::Rules::load(test::data_dir() + "/rules.json");
    const geo::XY at = snap->level(layers::Level::grid).regions[0].label_at;
    const geo::XY lonlat = geo::mercator_to_lonlat(at.x, at.y);
    engine::TileQuery q{engine::MapLayer::grid, geo::tile_at(lonlat.x, lonlat.y, 14), "", "composite"};
    tiles::TileContent first = engine::tile_content(*snap, q, rules, 0);
    q.tile = geo::tile_at(lonlat.x, lonlat.y, 15);
    tiles::TileContent second = engine::tile_content(*snap, q, rules, 0);
    ASSERT_TRUE(first.table);
    EXPECT_EQ(first.table.get(), second.table.get());
    EXPECT_EQ(first.table->rows(), snap->level(layers::Level::grid).regions.size());
    ASSERT_FALSE(first.regions.empty());
    EXPECT_TRUE(first.regions[0].table_row.has_value());
    // A PNG's content is coloured and labelled instead.
    tiles::TileContent png = engine::tile_content(*snap, q, rules, 256);
    EXPECT_FALSE(png.table);
    ASSERT_FALSE(png.regions.empty());
    EXPECT_FALSE(png.regions[0].table_row.has_value());
    EXPECT_GT(png.regions[0].fill.a, 0); // grey: not assessed
}
