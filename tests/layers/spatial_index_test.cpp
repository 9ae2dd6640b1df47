// A table's GeoPackage spatial index (its SQLite R*Tree) after an import that rewrites the table:
// built at once rather than row by row, it must be a sound R*Tree that finds what a scan finds,
// and keep itself in step with later rows as GDAL's triggers made it do.

#include "layers/rtree_changes.hpp"
#include "layers/schema.hpp"
#include "layers/store.hpp"
#include "tests/support/grid_block.hpp"
#include "tests/support/test_support.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <sqlite3.h>

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

using namespace wangge;
using layers::LayerKind;

namespace {

constexpr double origin_x = 500000, origin_y = 2500000, size = 100;

/// Imports a `side` × `side` block of 100-m grids of district `district`, the block's corner
/// `offset` grids east of the first block's.
void import_grids(const std::string& uri, int side, layers::ReplaceMode mode, const std::string& district,
                  int offset = 0) {
    test::import_grid_block(
        uri, side, side, mode, district, origin_x + offset * size, origin_y, [&](int i, int j) {
            char code[32];
            std::snprintf(code, sizeof code, "%s001%06d", district.c_str(), (offset + i) * side + j);
            return std::string(code);
        });
}

struct Db {
    sqlite3* db = nullptr;
    explicit Db(const std::string& path) {
        sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    }
    ~Db() { sqlite3_close(db); }
    std::vector<std::string> column(const std::string& sql) {
        std::vector<std::string> out;
        sqlite3_stmt* s = nullptr;
        EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
        while (sqlite3_step(s) == SQLITE_ROW) {
            const unsigned char* t = sqlite3_column_text(s, 0);
            out.emplace_back(t ? reinterpret_cast<const char*>(t) : "");
        }
        sqlite3_finalize(s);
        return out;
    }
    std::string one(const std::string& sql) {
        auto c = column(sql);
        return c.empty() ? "" : c[0];
    }
};

/// The fids the R*Tree finds for a box, and those whose envelope meets it, read by GDAL.
std::pair<std::set<std::string>, std::set<std::string>>
found_and_scanned(const std::string& path, double minx, double miny, double maxx, double maxy) {
    Db db(path);
    auto found = db.column("SELECT id FROM rtree_grids_geom WHERE maxx >= " + std::to_string(minx) +
                           " AND minx <= " + std::to_string(maxx) + " AND maxy >= " + std::to_string(miny) +
                           " AND miny <= " + std::to_string(maxy));
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
    std::set<std::string> scanned;
    for (auto& f : *ds->GetLayerByName("grids")) {
        OGREnvelope e;
        f->GetGeometryRef()->getEnvelope(&e);
        if (e.MaxX >= minx && e.MinX <= maxx && e.MaxY >= miny && e.MinY <= maxy)
            scanned.insert(std::to_string(f->GetFID()));
    }
    return {{found.begin(), found.end()}, scanned};
}

} // namespace

TEST(SpatialIndex, AnImportBuildsASoundRtreeThatFindsWhatAScanFinds) {
    test::TempDir dir;
    const std::string uri = dir.file("ws.gpkg");
    layers::create_workspace(uri, "EPSG:4547");
    const std::vector<std::string> triggers_before = Db(uri).column(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rtree_grids_geom%' "
        "ORDER BY name");
    ASSERT_FALSE(triggers_before.empty());
    // 60 × 60 grids: three levels of R*Tree nodes of at most 51 cells.
    import_grids(uri, 60, layers::ReplaceMode::whole_layer, "440303");
    {
        Db db(uri);
        EXPECT_EQ(db.one("SELECT rtreecheck('rtree_grids_geom')"), "ok");
        EXPECT_EQ(db.one("SELECT COUNT(*) FROM rtree_grids_geom"), "3600");
        EXPECT_EQ(db.one("SELECT COUNT(*) FROM grids"), "3600");
        // The triggers are GDAL's, as they were.
        EXPECT_EQ(db.column("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE "
                            "'rtree_grids_geom%' ORDER BY name"),
                  triggers_before);
        EXPECT_EQ(db.one("SELECT COUNT(*) FROM gpkg_extensions WHERE table_name = 'grids' AND "
                         "extension_name = 'gpkg_rtree_index'"),
                  "1");
    }
    // Boxes whose edges cross grids' middles: each grid is in or out, whatever the rounding.
    for (auto [a, b, c, d] : std::vector<std::array<double, 4>>{
             {origin_x + 50, origin_y + 50, origin_x + 450, origin_y + 250},
             {origin_x + 2950, origin_y + 1050, origin_x + 5950, origin_y + 5950},
             {origin_x - 1000, origin_y - 1000, origin_x + 50, origin_y + 50},
             {origin_x + 7000, origin_y + 7000, origin_x + 8000, origin_y + 8000}}) {
        auto [found, scanned] = found_and_scanned(uri, a, b, c, d);
        EXPECT_EQ(found, scanned);
    }
    // A district imported after (row by row) is indexed by the triggers put back.
    import_grids(uri, 10, layers::ReplaceMode::districts, "440304", 100);
    {
        Db db(uri);
        EXPECT_EQ(db.one("SELECT rtreecheck('rtree_grids_geom')"), "ok");
        EXPECT_EQ(db.one("SELECT COUNT(*) FROM rtree_grids_geom"), "3700");
    }
    auto [found, scanned] =
        found_and_scanned(uri, origin_x + 9950, origin_y + 50, origin_x + 10250, origin_y + 350);
    EXPECT_EQ(found.size(), 12u);
    EXPECT_EQ(found, scanned);
    // The layer imported again (a table the import rewrites: its index is built at once again): the
    // replaced rows' boxes are gone with them.
    import_grids(uri, 7, layers::ReplaceMode::whole_layer, "440305");
    Db db(uri);
    EXPECT_EQ(db.one("SELECT rtreecheck('rtree_grids_geom')"), "ok");
    EXPECT_EQ(db.one("SELECT COUNT(*) FROM rtree_grids_geom"), db.one("SELECT COUNT(*) FROM grids"));
    EXPECT_EQ(db.one("SELECT COUNT(*) FROM grids WHERE district = '440305'"), "49");
    EXPECT_EQ(
        db.one(
            "SELECT COUNT(*) FROM rtree_grids_geom r LEFT JOIN grids g ON g.fid = r.id WHERE g.fid IS NULL"),
        "0");
}

namespace {

std::vector<std::string> triggers_of(const std::string& path) {
    return Db(path).column("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE "
                           "'rtree_grids_geom%' ORDER BY name");
}

/// The R*Tree is sound, holds one entry per row and none without, and finds what a scan finds.
void expect_index_in_step(const std::string& path, double minx, double miny, double maxx, double maxy) {
    Db db(path);
    EXPECT_EQ(db.one("SELECT rtreecheck('rtree_grids_geom')"), "ok");
    EXPECT_EQ(db.one("SELECT COUNT(*) FROM rtree_grids_geom"), db.one("SELECT COUNT(*) FROM grids"));
    EXPECT_EQ(
        db.one(
            "SELECT COUNT(*) FROM rtree_grids_geom r LEFT JOIN grids g ON g.fid = r.id WHERE g.fid IS NULL"),
        "0");
    auto [found, scanned] = found_and_scanned(path, minx, miny, maxx, maxy);
    EXPECT_FALSE(found.empty());
    EXPECT_EQ(found, scanned);
}

} // namespace

TEST(SpatialIndex, ADistrictImportBringsTheRtreeUpToDateInPlaceOrWhole) {
    test::TempDir dir;
    const std::string uri = dir.file("ws.gpkg");
    layers::create_workspace(uri, "EPSG:4547");
    const std::vector<std::string> triggers = triggers_of(uri);
    import_grids(uri, 60, layers::ReplaceMode::districts, "440303");
    import_grids(uri, 3, layers::ReplaceMode::districts, "440304", 100);
    // Nine rows replaced in a table of 3,609 are changed in the tree in place; the whole district of
    // 3,600 again, moved, costs less rebuilt. (Both ways must leave the same sound tree.)
    EXPECT_FALSE(layers::RtreeChanges::rebuild_is_cheaper(9, 9, 3609));
    EXPECT_TRUE(layers::RtreeChanges::rebuild_is_cheaper(3600, 3600, 3609));
    const double x = origin_x + 100 * size;
    import_grids(uri, 3, layers::ReplaceMode::districts, "440304", 101);
    expect_index_in_step(uri, x - 50, origin_y + 50, x + 450, origin_y + 250);
    EXPECT_EQ(Db(uri).one("SELECT COUNT(*) FROM grids WHERE district = '440304'"), "9");
    {
        // The boxes of the nine replaced: the column they left is empty now.
        auto [found, scanned] = found_and_scanned(uri, x + 10, origin_y + 10, x + 90, origin_y + 290);
        EXPECT_TRUE(found.empty());
        EXPECT_TRUE(scanned.empty());
    }
    EXPECT_EQ(triggers_of(uri), triggers);
    import_grids(uri, 60, layers::ReplaceMode::districts, "440303", 200);
    expect_index_in_step(uri, origin_x + 200 * size - 50, origin_y + 50, origin_x + 203 * size + 50,
                         origin_y + 1050);
    EXPECT_EQ(Db(uri).one("SELECT COUNT(*) FROM grids"), "3609");
    EXPECT_EQ(triggers_of(uri), triggers);
    // A row added by another program (QGIS, through GDAL) is indexed by the triggers put back.
    {
        GDALAllRegister();
        GDALDatasetUniquePtr ds(GDALDataset::Open(uri.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
        OGRLayer* grids = ds->GetLayerByName("grids");
        OGRFeatureUniquePtr f(OGRFeature::CreateFeature(grids->GetLayerDefn()));
        f->SetField("code", "440305001000001");
        OGRGeometry* g = nullptr;
        const std::string wkb =
            test::rect_wkb(origin_x + 400 * size, origin_y, origin_x + 401 * size, origin_y + size);
        ASSERT_EQ(OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &g, wkb.size()), OGRERR_NONE);
        f->SetGeometryDirectly(OGRGeometryFactory::forceToMultiPolygon(g));
        ASSERT_EQ(grids->CreateFeature(f.get()), OGRERR_NONE);
    }
    expect_index_in_step(uri, origin_x + 400 * size + 50, origin_y + 50, origin_x + 400 * size + 60,
                         origin_y + 60);
}

TEST(SpatialIndex, AnImportRolledBackLeavesTheRtreeAndItsTriggersAsTheyWere) {
    test::TempDir dir;
    const std::string uri = dir.file("ws.gpkg");
    layers::create_workspace(uri, "EPSG:4547");
    import_grids(uri, 20, layers::ReplaceMode::districts, "440303");
    const std::vector<std::string> triggers = triggers_of(uri);
    const std::string tree = Db(uri).one("SELECT group_concat(id || ':' || minx || ':' || maxy) FROM "
                                         "(SELECT * FROM rtree_grids_geom ORDER BY id)");
    {
        auto ws = layers::open_workspace(uri);
        auto tx = ws->begin_import({LayerKind::grids, layers::ReplaceMode::districts, "test", std::nullopt});
        const auto& s = layers::schema_of(LayerKind::grids);
        layers::Record r;
        r.values.resize(s.fields.size());
        r.values[s.index("code")] = "440303001999999";
        r.values[s.index("district")] = "440303";
        r.wkb = test::rect_wkb(origin_x, origin_y, origin_x + 100, origin_y + 100);
        r.row = 1;
        tx->add(r);
        // Not committed: as if the import had failed.
    }
    EXPECT_EQ(triggers_of(uri), triggers);
    EXPECT_EQ(Db(uri).one("SELECT group_concat(id || ':' || minx || ':' || maxy) FROM "
                          "(SELECT * FROM rtree_grids_geom ORDER BY id)"),
              tree);
    expect_index_in_step(uri, origin_x + 50, origin_y + 50, origin_x + 450, origin_y + 250);
    // And the next import still brings it up to date.
    import_grids(uri, 2, layers::ReplaceMode::districts, "440304", 50);
    expect_index_in_step(uri, origin_x + 50 * size - 50, origin_y + 50, origin_x + 51 * size + 50,
                         origin_y + 150);
}
