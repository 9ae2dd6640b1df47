#include "geo/error.hpp"
#include "layers/importer.hpp"
#include "layers/store.hpp"
#include "tests/layers/fixture_files.hpp"

#include <cpl_string.h>
#include <gtest/gtest.h>

#include <filesystem>

using namespace wangge;
using namespace wangge::layers;
using test::TempDir;
using VW = VectorWriter;

namespace {

/// A GBK shapefile of two grids named in Chinese, written with GDAL's ENCODING option.
void write_gbk_grids(const std::string& path, const std::string& encoding) {
    auto rows = test::square_grids({"440303001001001", "440303001001002"});
    rows[0].values.push_back("桂园网格");
    rows[1].values.push_back("黄贝岭网格");
    test::write_polygons(path, "ESRI Shapefile",
                         {{"BGID", VW::Type::string, 15}, {"WGMC", VW::Type::string, 40}}, rows, "EPSG:4547",
                         encoding);
}

std::vector<std::string> grid_names(Workspace& ws) {
    std::vector<std::string> names;
    ws.for_each(LayerKind::grids, [&](const Record& r) { names.push_back(r.values[1].value_or("")); });
    return names;
}

ImportReport import_grids(Workspace& ws, const std::string& path, std::optional<std::string> encoding = {}) {
    ImportOptions o;
    o.kind = LayerKind::grids;
    o.path = path;
    o.encoding = std::move(encoding);
    return import_file(ws, o);
}

std::string gbk(const char* utf8) {
    char* s = CPLRecode(utf8, CPL_ENC_UTF8, "CP936");
    std::string out = s;
    CPLFree(s);
    return out;
}

} // namespace

TEST(Encoding, GbkShapefileWithCpg) {
    TempDir dir;
    write_gbk_grids(dir.file("g.shp"), "GBK");
    ASSERT_TRUE(std::filesystem::exists(dir.file("g.cpg")));
    // The bytes on disk really are GBK.
    EXPECT_NE(test::read_file(dir.file("g.dbf")).find(gbk("桂园网格")), std::string::npos);
    auto ws = create_workspace(dir.file("ws.gpkg"), "EPSG:4547");
    ImportReport r = import_grids(*ws, dir.file("g.shp"));
    EXPECT_NE(r.encoding.find(".cpg"), std::string::npos) << r.encoding;
    EXPECT_EQ(grid_names(*ws), (std::vector<std::string>{"桂园网格", "黄贝岭网格"}));
}

TEST(Encoding, GbkShapefileWithOnlyTheDbfLanguageDriver) {
    TempDir dir;
    write_gbk_grids(dir.file("g.shp"), "LDID/77");
    ASSERT_FALSE(std::filesystem::exists(dir.file("g.cpg")));
    auto ws = create_workspace(dir.file("ws.gpkg"), "EPSG:4547");
    ImportReport r = import_grids(*ws, dir.file("g.shp"));
    EXPECT_NE(r.encoding.find("CP936"), std::string::npos) << r.encoding;
    EXPECT_NE(r.encoding.find("language driver"), std::string::npos) << r.encoding;
    EXPECT_EQ(grid_names(*ws), (std::vector<std::string>{"桂园网格", "黄贝岭网格"}));
}

TEST(Encoding, UndeclaredGbkIsRefusedNotStoredAsMojibake) {
    TempDir dir;
    write_gbk_grids(dir.file("g.shp"), "GBK");
    std::filesystem::remove(dir.file("g.cpg")); // now neither .cpg nor language driver byte
    auto ws = create_workspace(dir.file("ws.gpkg"), "EPSG:4547");
    try {
        import_grids(*ws, dir.file("g.shp"));
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        std::string msg = e.what();
        EXPECT_NE(msg.find("g.shp row 1 field WGMC"), std::string::npos) << msg;
        EXPECT_NE(msg.find("--encoding CP936"), std::string::npos) << msg;
    }
    EXPECT_EQ(ws->counts()[3].rows, 0); // nothing was written
    import_grids(*ws, dir.file("g.shp"), "CP936");
    EXPECT_EQ(grid_names(*ws), (std::vector<std::string>{"桂园网格", "黄贝岭网格"}));
}

TEST(Encoding, GbkCsvNeedsEncodingOption) {
    TempDir dir;
    test::write_file(dir.file("r.csv"), "person_id,name,role\nC1," + gbk("张三") + ",collector\n");
    auto ws = create_workspace(dir.file("ws.gpkg"), "EPSG:4547");
    ImportOptions o;
    o.kind = LayerKind::roster;
    o.path = dir.file("r.csv");
    EXPECT_THROW(import_file(*ws, o), InputError);
    o.encoding = "CP936";
    import_file(*ws, o);
    std::string name;
    ws->for_each(LayerKind::roster, [&](const Record& r) { name = r.values[1].value_or(""); });
    EXPECT_EQ(name, "张三");
}
