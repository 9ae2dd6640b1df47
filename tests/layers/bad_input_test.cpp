// Bad input is refused with a message naming file, row and field, and the workspace is left as
// it was.

#include "geo/error.hpp"
#include "layers/importer.hpp"
#include "layers/store.hpp"
#include "tests/layers/fixture_files.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

using namespace wangge;
using namespace wangge::layers;
using test::TempDir;
using VW = VectorWriter;

namespace {

// Every column a component layer must have, then its coordinates.
const std::string component_header = "ObjID,ObjName,DeptCode1,DeptName1,BGID,ObjState,ORDate,x,y\n";
std::string component_row(const std::string& code, const std::string& date, const std::string& x,
                          const std::string& y) {
    return code + ",井盖,GY01,水务局,440303001001001,完好," + date + "," + x + "," + y + "\n";
}

class BadInput : public ::testing::Test {
protected:
    void SetUp() override {
        ws = create_workspace(dir.file("ws.gpkg"), "EPSG:4547");
        test::write_polygons(dir.file("good.shp"), "ESRI Shapefile", {{"BGID", VW::Type::string, 15}},
                             test::square_grids({"440303001001001", "440303001001002", "440303001001003"}));
    }

    /// Imports and expects an InputError whose message holds every one of `parts`.
    void expect_refused(LayerKind kind, const std::string& file, std::vector<std::string> parts,
                        std::optional<std::string> srs = "EPSG:4547") {
        ImportOptions o;
        o.kind = kind;
        o.path = file;
        o.srs = std::move(srs);
        try {
            import_file(*ws, o);
            ADD_FAILURE() << "expected InputError for " << file;
        } catch (const InputError& e) {
            for (const auto& p : parts)
                EXPECT_NE(std::string(e.what()).find(p), std::string::npos) << e.what();
        }
    }

    long long rows(LayerKind kind) {
        long long n = 0;
        ws->for_each(kind, [&](const Record&) { ++n; });
        return n;
    }

    TempDir dir;
    std::unique_ptr<Workspace> ws;
};

} // namespace

TEST_F(BadInput, MissingFile) {
    expect_refused(LayerKind::grids, dir.file("nope.shp"), {"nope.shp", "no such file"});
}

TEST_F(BadInput, EmptyFile) {
    test::write_file(dir.file("empty.geojson"), "");
    expect_refused(LayerKind::grids, dir.file("empty.geojson"), {"empty.geojson", "empty"});
}

TEST_F(BadInput, MissingShxAndDbf) {
    std::filesystem::remove(dir.file("good.shx"));
    expect_refused(LayerKind::grids, dir.file("good.shp"), {"good.shp", ".shx"});
    test::write_polygons(dir.file("g2.shp"), "ESRI Shapefile", {{"BGID", VW::Type::string, 15}},
                         test::square_grids({"440303001001001"}));
    std::filesystem::remove(dir.file("g2.dbf"));
    expect_refused(LayerKind::grids, dir.file("g2.shp"), {"g2.shp", ".dbf"});
}

TEST_F(BadInput, TruncatedShp) {
    auto size = std::filesystem::file_size(dir.file("good.shp"));
    std::filesystem::resize_file(dir.file("good.shp"), size - 60);
    expect_refused(LayerKind::grids, dir.file("good.shp"), {"good.shp", "row 3"});
    EXPECT_EQ(rows(LayerKind::grids), 0);
}

TEST_F(BadInput, HeaderOnlyCsvHoldsNoFeatures) {
    test::write_file(dir.file("h.csv"), "code,WKT\n");
    expect_refused(LayerKind::grids, dir.file("h.csv"), {"h.csv", "no features"});
}

TEST_F(BadInput, NanAndEmptyGeometries) {
    {
        // GDAL reads a NaN point as empty, but keeps NaN inside a polygon ring.
        VW w(dir.file("nan.gpkg"), "GPKG");
        w.begin_layer("nan", VW::Geometry::polygon, "EPSG:4547", {{"BGID", VW::Type::string}});
        w.write({"440303001001001"}, test::rect_wkb(505000, 2494000, 505100, 2494100));
        w.write({"440303001001002"},
                test::polygon_wkb({505100, 2494000, std::nan(""), 2494000, 505200, 2494100}));
        w.close();
    }
    expect_refused(LayerKind::grids, dir.file("nan.gpkg"), {"nan.gpkg row 2", "not a number"});
    test::write_file(dir.file("empty.csv"),
                     component_header + component_row("4403030101000001", "20240105", "", ""));
    expect_refused(LayerKind::components, dir.file("empty.csv"), {"empty.csv row 1", "no geometry"});
    test::write_file(dir.file("e.csv"), "code,WKT\n440303001001001,POLYGON EMPTY\n");
    expect_refused(LayerKind::grids, dir.file("e.csv"), {"e.csv row 1", "empty"});
}

TEST_F(BadInput, WrongGeometryType) {
    test::write_file(dir.file("l.csv"),
                     "code,WKT\n440303001001001,\"LINESTRING (505000 2494000, 505001 2494001)\"\n");
    expect_refused(LayerKind::grids, dir.file("l.csv"), {"l.csv row 1", "Line String", "Polygon"});
    test::write_file(dir.file("p.csv"),
                     "ObjID,ObjName,DeptCode1,DeptName1,BGID,ObjState,ORDate,WKT\n"
                     "4403030101000001,井盖,GY01,水务局,440303001001001,完好,20240105,"
                     "\"POLYGON ((505000 2494000,505001 2494000,505001 2494001,505000 2494000))\"\n");
    expect_refused(LayerKind::components, dir.file("p.csv"), {"p.csv row 1", "expected a Point"});
}

TEST_F(BadInput, UnparsableDateNamesRowAndField) {
    test::write_file(dir.file("c.csv"),
                     component_header + component_row("4403030101000001", "20240105", "505010", "2494010") +
                         component_row("4403030101000002", "2024-13-01", "505010", "2494010"));
    expect_refused(LayerKind::components, dir.file("c.csv"),
                   {"c.csv row 2 field ORDate", "'2024-13-01' is not a date"});
}

TEST_F(BadInput, DuplicateCaseIds) {
    test::write_file(
        dir.file("k.csv"),
        "case_id,reported_at,x,y\nK1,2026-10-01 08:00,505010,2494010\nK2,2026-10-01 08:00,505010,2494010\n"
        "K1,2026-10-02 08:00,505010,2494010\n");
    expect_refused(LayerKind::cases, dir.file("k.csv"), {"k.csv row 3", "case_id K1", "row 1"});
}

TEST_F(BadInput, FailureHalfWayLeavesTheWorkspaceAsItWas) {
    ImportOptions o;
    o.kind = LayerKind::grids;
    o.path = dir.file("good.shp");
    import_file(*ws, o);
    ASSERT_EQ(rows(LayerKind::grids), 3);
    ASSERT_EQ(rows(LayerKind::communities), 1);
    auto submissions = ws->submissions().size();
    // 200 good rows, then one that breaks: the import must not replace the three grids.
    std::ofstream csv(dir.file("half.csv"));
    csv << "code,WKT\n";
    for (int i = 1; i <= 200; ++i)
        csv << "440304001001"
            << (i < 10    ? "00"
                : i < 100 ? "0"
                          : "")
            << i << ",\"POLYGON ((505000 2494000,505001 2494000,505001 2494001,505000 2494000))\"\n";
    csv << "440304001001201,\"POINT (505000 2494000)\"\n";
    csv.close();
    expect_refused(LayerKind::grids, dir.file("half.csv"), {"half.csv row 201"});
    EXPECT_EQ(rows(LayerKind::grids), 3);
    EXPECT_EQ(rows(LayerKind::communities), 1);
    EXPECT_EQ(ws->submissions().size(), submissions);
    // And the workspace still takes a good import afterwards.
    EXPECT_EQ(import_file(*ws, o).summary.replaced, 3);
}

TEST_F(BadInput, ProjectedNumbersDeclaredAsDegrees) {
    expect_refused(LayerKind::grids, dir.file("good.shp"),
                   {"good.shp", "not in the area of EPSG:4490", "--srs"}, "EPSG:4490");
}

TEST_F(BadInput, UnknownFieldMapping) {
    ImportOptions o;
    o.kind = LayerKind::grids;
    o.path = dir.file("good.shp");
    o.fields = {{"code", "NOPE"}};
    EXPECT_THROW(import_file(*ws, o), InputError);
    o.fields = {{"colour", "BGID"}};
    EXPECT_THROW(import_file(*ws, o), UsageError);
}

TEST_F(BadInput, NulBytesAreRefusedNamingRowAndField) {
    // CSV: a NUL in the middle of the second row's name.
    std::string csv = component_header + component_row("4403030101000001", "20240105", "505010", "2494010") +
                      component_row("4403030101000002", "20240105", "505010", "2494010");
    csv.replace(csv.rfind("井盖"), 0, std::string("井\0", 4));
    test::write_file(dir.file("nul.csv"), csv);
    expect_refused(LayerKind::components, dir.file("nul.csv"), {"nul.csv row 2 field ObjName", "NUL byte"});
    // DBF: a code cut by a NUL in the third record.
    std::string dbf = test::read_file(dir.file("good.dbf"));
    auto at = dbf.find("440303001001003");
    ASSERT_NE(at, std::string::npos);
    dbf[at + 6] = '\0';
    test::write_file(dir.file("good.dbf"), dbf);
    expect_refused(LayerKind::grids, dir.file("good.shp"), {"good.shp row 3 field BGID", "NUL byte"});
    // GeoJSON: an escaped NUL.
    test::write_file(
        dir.file("nul.geojson"),
        R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"BGID":"4403\u00003001001001"},)"
        R"("geometry":{"type":"Point","coordinates":[1,2]}}]})");
    expect_refused(LayerKind::grids, dir.file("nul.geojson"), {"nul.geojson row 1 field BGID", "NUL byte"});
    EXPECT_EQ(rows(LayerKind::grids), 0);
}
