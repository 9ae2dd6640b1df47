#include "geo/error.hpp"
#include "layers/gdal_handles.hpp"
#include "layers/vector_writer.hpp"
#include "tests/support/test_support.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>

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

} // namespace
