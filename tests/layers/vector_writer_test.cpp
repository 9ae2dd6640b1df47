#include "geo/error.hpp"
#include "layers/gdal_handles.hpp"
#include "layers/vector_writer.hpp"
#include "tests/support/test_support.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>

using namespace wangge;
using namespace wangge::layers;
using test::TempDir;

namespace {

using VW = VectorWriter;

// GDAL builds the spatial index of a big GeoPackage layer on a thread of its own, in a database
// it attaches until the layer's transaction commits: SQL run before then (the fields' aliases)
// found it locked, and a census of many findings could not be written.
TEST(VectorWriter, LayersOfManyFeaturesWithAliasesOneAfterAnother) {
    TempDir dir;
    const std::string path = dir.path() + "/many.gpkg";
    const std::vector<VW::Field> fields = {{"code", VW::Type::string, 0, "编码"},
                                           {"n", VW::Type::integer, 0, "序号"}};
    const int count = 120000; // over GDAL's threshold for that thread (the test failed at this size)
    {
        VW w(path, "GPKG");
        for (const char* layer : {"first", "second"}) {
            w.begin_layer(layer, VW::Geometry::point, "EPSG:4547", fields);
            for (int i = 0; i < count; ++i)
                w.write({"c" + std::to_string(i), std::to_string(i)}, {}, 500000.0 + i, 2500000.0 + i % 97);
        }
        w.close();
    }
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    ASSERT_TRUE(ds);
    for (const char* layer : {"first", "second"}) {
        OGRLayer* l = ds->GetLayerByName(layer);
        ASSERT_NE(l, nullptr) << layer;
        EXPECT_EQ(l->GetFeatureCount(TRUE), count) << layer;
        // The aliases QGIS shows, in gpkg_data_columns.
        OGRLayer* aliases = ds->ExecuteSQL(("SELECT name FROM gpkg_data_columns WHERE table_name = '" +
                                            std::string(layer) + "' AND column_name = 'code'")
                                               .c_str(),
                                           nullptr, nullptr);
        ASSERT_NE(aliases, nullptr);
        OGRFeatureUniquePtr alias(aliases->GetNextFeature());
        ASSERT_TRUE(alias) << layer;
        EXPECT_STREQ(alias->GetFieldAsString(0), "编码") << layer;
        alias.reset();
        ds->ReleaseResultSet(aliases);
        // The spatial index is whole: a window finds what it holds.
        l->SetSpatialFilterRect(500000.0 + 100, 2400000, 500000.0 + 199, 2600000);
        EXPECT_EQ(l->GetFeatureCount(TRUE), 100) << layer;
    }
}

/// The first column of the first row of `sql` (GDAL's SQLite dialect) as an integer.
long long scalar(GDALDataset& ds, const std::string& sql) {
    ResultSet rs(&ds, ds.ExecuteSQL(sql.c_str(), nullptr, nullptr));
    if (!rs) ADD_FAILURE() << sql;
    OGRFeatureUniquePtr f(rs ? rs->GetNextFeature() : nullptr);
    return f ? f->GetFieldAsInteger64(0) : -1;
}

// The R-tree of a GeoPackage layer is filled at once when the layer is whole: it must then hold
// every feature with a geometry (and none without), each in a box around it, and keep up with
// features added later as GDAL's own triggers would.
TEST(VectorWriter, AGeoPackageLayersSpatialIndexBoxesEveryFeatureAndKeepsUpAfterwards) {
    TempDir dir;
    const std::string path = dir.path() + "/indexed.gpkg";
    const std::vector<VW::Field> fields = {{"n", VW::Type::integer, 0, ""}};
    const int count = 3000;
    {
        VW w(path, "GPKG");
        w.begin_layer("points", VW::Geometry::point, "EPSG:4547", fields);
        for (int i = 0; i < count; ++i) // every tenth has no usable location: no geometry
            w.write({std::to_string(i)}, {}, i % 10 == 0 ? std::nan("") : 480000.0 + i * 13.7,
                    2490000.0 + (i * 7919) % 30000);
        w.begin_layer("squares", VW::Geometry::polygon, "EPSG:4547", fields);
        for (int i = 0; i < count; ++i) {
            const double x = 500000.0 + (i % 60) * 100, y = 2500000.0 + (i / 60) * 100;
            w.write({std::to_string(i)}, test::rect_wkb(x, y, x + 100 - (i % 7), y + 100), 0, 0);
        }
        w.close();
    }
    {
        GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
        ASSERT_TRUE(ds);
        EXPECT_EQ(scalar(*ds, "SELECT COUNT(*) FROM rtree_points_geom"), count - count / 10);
        EXPECT_EQ(scalar(*ds, "SELECT COUNT(*) FROM rtree_squares_geom"), count);
        for (const char* layer : {"points", "squares"}) {
            const std::string t = layer;
            EXPECT_EQ(
                scalar(*ds, "SELECT COUNT(*) FROM " + t + " g JOIN rtree_" + t +
                                "_geom r ON r.id = g.fid WHERE r.minx <= ST_MinX(g.geom) AND r.maxx >= "
                                "ST_MaxX(g.geom) AND r.miny <= ST_MinY(g.geom) AND r.maxy >= ST_MaxY(g.geom) "
                                "AND r.maxx - r.minx < ST_MaxX(g.geom) - ST_MinX(g.geom) + 1"),
                scalar(*ds, "SELECT COUNT(*) FROM " + t + " WHERE geom IS NOT NULL"))
                << layer;
            EXPECT_EQ(scalar(*ds, "SELECT COUNT(*) FROM gpkg_extensions WHERE table_name = '" + t +
                                      "' AND extension_name = 'gpkg_rtree_index'"),
                      1)
                << layer;
        }
        OGRLayer* squares = ds->GetLayerByName("squares");
        squares->SetSpatialFilterRect(500000.0 + 150, 2500000.0 + 150, 500000.0 + 250, 2500000.0 + 250);
        EXPECT_EQ(squares->GetFeatureCount(TRUE), 4); // the square that holds it and the three it touches
        ResultSet check(ds.get(), ds->ExecuteSQL("PRAGMA integrity_check", nullptr, nullptr));
        ASSERT_TRUE(check);
        OGRFeatureUniquePtr verdict(check->GetNextFeature());
        ASSERT_TRUE(verdict);
        EXPECT_STREQ(verdict->GetFieldAsString(0), "ok");
    }
    // GDAL's triggers are back: a feature added later is indexed.
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    ASSERT_TRUE(ds);
    OGRLayer* points = ds->GetLayerByName("points");
    OGRFeatureUniquePtr f(OGRFeature::CreateFeature(points->GetLayerDefn()));
    f->SetGeometryDirectly(new OGRPoint(470000, 2480000));
    ASSERT_EQ(points->CreateFeature(f.get()), OGRERR_NONE);
    points->SetSpatialFilterRect(469999, 2479999, 470001, 2480001);
    EXPECT_EQ(points->GetFeatureCount(TRUE), 1);
}

} // namespace
