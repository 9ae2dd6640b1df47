#include "geo/error.hpp"
#include "geo/geometry_ops.hpp"
#include "layers/importer.hpp"
#include "layers/store.hpp"
#include "tests/layers/fixture_files.hpp"

#include <cpl_vsi.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

using namespace wangge;
using namespace wangge::layers;
using test::PolygonRow;
using test::TempDir;
using VW = VectorWriter;

namespace {

std::vector<Record> rows_of(Workspace& ws, LayerKind kind) {
    std::vector<Record> out;
    ws.for_each(kind, [&](const Record& r) { out.push_back(r); });
    return out;
}

long long count_of(Workspace& ws, LayerKind kind) {
    for (const auto& c : ws.counts())
        if (c.kind == kind) return c.rows;
    return -1;
}

ImportReport import(Workspace& ws, LayerKind kind, const std::string& path, ImportOptions o = {}) {
    o.kind = kind;
    o.path = path;
    return import_file(ws, o);
}

const std::vector<std::string> six_codes = {"440303001001001", "440303001001002", "440303001002001",
                                            "440303002001001", "440304001001001", "440304001001002"};

} // namespace

TEST(Import, GridsFromShapefileDeriveUpperLevels) {
    TempDir dir;
    test::write_polygons(dir.file("grids.shp"), "ESRI Shapefile", {{"BGID", VW::Type::string, 15}},
                         test::square_grids(six_codes));
    auto ws = create_workspace(dir.file("ws.gpkg"), "EPSG:4547");
    ImportReport r = import(*ws, LayerKind::grids, dir.file("grids.shp"));
    EXPECT_EQ(r.summary.rows, 6);
    EXPECT_EQ(r.mapping.at("code"), "BGID");
    EXPECT_EQ(count_of(*ws, LayerKind::grids), 6);
    EXPECT_EQ(count_of(*ws, LayerKind::communities), 4);
    EXPECT_EQ(count_of(*ws, LayerKind::streets), 3);
    EXPECT_EQ(count_of(*ws, LayerKind::districts), 2);

    std::map<std::string, double> area;
    for (const Record& d : rows_of(*ws, LayerKind::districts)) area[*d.values[0]] = geo::area(d.wkb);
    EXPECT_NEAR(area["440303"], 40000.0, 1e-3);
    EXPECT_NEAR(area["440304"], 20000.0, 1e-3);
    for (const Record& c : rows_of(*ws, LayerKind::communities)) {
        if (*c.values[0] == "440303001001") {
            EXPECT_NEAR(geo::area(c.wkb), 20000.0, 1e-3);
        }
    }
}

TEST(Import, ZippedShapefileIsReadInPlace) {
    TempDir dir;
    test::write_polygons(dir.file("grids.shp"), "ESRI Shapefile", {{"BGID", VW::Type::string, 15}},
                         test::square_grids(six_codes));
    // Pack the shapefile's parts with GDAL's own zip writer.
    for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg"}) {
        std::string bytes = test::read_file(dir.file(std::string("grids") + ext));
        VSILFILE* f = VSIFOpenL(("/vsizip/" + dir.file("grids.zip") + "/grids" + ext).c_str(), "wb");
        ASSERT_NE(f, nullptr);
        VSIFWriteL(bytes.data(), 1, bytes.size(), f);
        VSIFCloseL(f);
    }
    auto ws = create_workspace(dir.file("ws.gpkg"), "EPSG:4547");
    EXPECT_EQ(import(*ws, LayerKind::grids, dir.file("grids.zip")).summary.rows, 6);
}

TEST(Import, LoadedLevelIsKeptAndOnlyMissingLevelsAreDerived) {
    TempDir dir;
    test::write_polygons(dir.file("grids.shp"), "ESRI Shapefile", {{"BGID", VW::Type::string, 15}},
                         test::square_grids(six_codes));
    // One district polygon larger than its grids: a loaded level is never replaced by a union.
    test::write_polygons(dir.file("districts.geojson"), "GeoJSON",
                         {{"QXDM", VW::Type::string}, {"QXMC", VW::Type::string}},
                         {{{"440303", "罗湖区"},
                           {{505000, 2494000}, {505500, 2494000}, {505500, 2494500}, {505000, 2494500}}}});
    auto ws = create_workspace(dir.file("ws.gpkg"), "EPSG:4547");
    import(*ws, LayerKind::grids, dir.file("grids.shp"));
    ImportReport r = import(*ws, LayerKind::districts, dir.file("districts.geojson"));
    EXPECT_EQ(r.summary.derived, (std::vector<std::string>{"communities", "streets"}));
    auto districts = rows_of(*ws, LayerKind::districts);
    ASSERT_EQ(districts.size(), 1u);
    EXPECT_EQ(districts[0].values[1], "罗湖区");
    EXPECT_NEAR(geo::area(districts[0].wkb), 250000.0, 0.5); // 4547 → WGS84 GeoJSON → 4547
}

TEST(Import, SameGridInThreeCrsGivesSameArea) {
    TempDir dir;
    std::vector<PolygonRow> rows = test::square_grids({"440303001001001"});
    // An irregular quadrilateral, so that a swapped axis would change the area.
    rows[0].ring = {{505000, 2494000}, {505130, 2494010}, {505120, 2494090}, {505010, 2494100}};
    std::map<std::string, double> area;
    for (const char* crs : {"EPSG:4490", "EPSG:4547", "EPSG:32650"}) {
        std::string name = std::string(crs).substr(5);
        test::write_polygons(dir.file(name + ".shp"), "ESRI Shapefile", {{"BGID", VW::Type::string, 15}},
                             rows, crs);
        auto ws = create_workspace(dir.file(name + ".gpkg"), "EPSG:4547");
        import(*ws, LayerKind::grids, dir.file(name + ".shp"));
        area[crs] = geo::area(rows_of(*ws, LayerKind::grids).at(0).wkb);
    }
    const double expected = 10800.0; // shoelace area of the quadrilateral above
    for (const auto& [crs, a] : area) EXPECT_NEAR(a / expected, 1.0, 0.001) << crs;
}

TEST(Import, FirstLayerDecidesWorkspaceCrsAndGeographicInputGetsGaussKruger) {
    TempDir dir;
    test::write_polygons(dir.file("g.geojson"), "GeoJSON", {{"code", VW::Type::string}},
                         test::square_grids({"440303001001001"}), "EPSG:4490");
    auto ws = create_workspace(dir.file("ws.gpkg"), std::nullopt);
    EXPECT_FALSE(ws->crs());
    ImportReport r = import(*ws, LayerKind::grids, dir.file("g.geojson"));
    EXPECT_EQ(ws->crs(), "EPSG:4547");
    EXPECT_EQ(r.workspace_crs, "EPSG:4547");
    EXPECT_NEAR(geo::area(rows_of(*ws, LayerKind::grids).at(0).wkb), 10000.0, 1.0);
    // Reopening keeps it.
    ws.reset();
    EXPECT_EQ(open_workspace(dir.file("ws.gpkg"))->crs(), "EPSG:4547");
}

TEST(Import, FileWithoutCrsIsRefusedNamingSrs) {
    TempDir dir;
    test::write_polygons(dir.file("g.shp"), "ESRI Shapefile", {{"BGID", VW::Type::string, 15}},
                         test::square_grids({"440303001001001"}), "");
    std::filesystem::remove(dir.file("g.prj"));
    auto ws = create_workspace(dir.file("ws.gpkg"), "EPSG:4547");
    try {
        import(*ws, LayerKind::grids, dir.file("g.shp"));
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("--srs"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("g.shp"), std::string::npos) << e.what();
    }
    ImportOptions o;
    o.srs = "EPSG:4547";
    EXPECT_EQ(import(*ws, LayerKind::grids, dir.file("g.shp"), o).summary.rows, 1);
}

TEST(Import, LegacyCodesAreNormalisedWithAWarningAndBadCodesKept) {
    TempDir dir;
    test::write_polygons(dir.file("g.shp"), "ESRI Shapefile", {{"GRIDCODE", VW::Type::string, 16}},
                         test::square_grids({"44030300100107", "4403030010010X1", "440303001001001"}));
    auto ws = create_workspace(dir.file("ws.gpkg"), "EPSG:4547");
    ImportReport r = import(*ws, LayerKind::grids, dir.file("g.shp"));
    ASSERT_EQ(r.warnings.size(), 1u);
    EXPECT_NE(r.warnings[0].find("row 1"), std::string::npos) << r.warnings[0];
    EXPECT_NE(r.warnings[0].find("440303001001007"), std::string::npos) << r.warnings[0];
    auto grids = rows_of(*ws, LayerKind::grids);
    const LayerSchema& s = schema_of(LayerKind::grids);
    ASSERT_EQ(grids.size(), 3u);
    EXPECT_EQ(grids[0].get(s, "code"), "440303001001007");
    EXPECT_EQ(grids[0].get(s, "source_code"), "44030300100107");
    EXPECT_EQ(grids[1].get(s, "code"), "4403030010010X1");
    // A row whose code names no district belongs to the file's submission, 440303's.
    EXPECT_EQ(grids[1].get(s, "district"), "440303");
}

TEST(Import, ComponentAliasesOfEveryGenerationAndDates) {
    TempDir dir;
    // GB/T 47678.5 field names, dates in three forms.
    std::string csv =
        "GLBJBSM,GLBJMC,ZGBMDM,ZGBMMC,SZDYWGBSM,GLBJZT,CSRQ,BGRQ,SJLY,BZ,x,y\n"
        "4403030101000001,上水井盖,GY01,水务局,440303001001001,完好,20240105,2025/6/1,实测,,505010,2494010\n"
        "4403030118000002,路灯,GY01,水务局,44030300100101,破损,2024-01-05,,实测,备注,505020,2494020\n";
    test::write_file(dir.file("c.csv"), csv);
    auto ws = create_workspace(dir.file("ws.gpkg"), "EPSG:4547");
    ImportOptions o;
    o.srs = "EPSG:4547";
    ImportReport r = import(*ws, LayerKind::components, dir.file("c.csv"), o);
    EXPECT_EQ(r.mapping.at("grid_code"), "SZDYWGBSM");
    auto comps = rows_of(*ws, LayerKind::components);
    const LayerSchema& s = schema_of(LayerKind::components);
    ASSERT_EQ(comps.size(), 2u);
    EXPECT_EQ(comps[0].get(s, "initial_date"), "2024-01-05");
    EXPECT_EQ(comps[0].get(s, "change_date"), "2025-06-01");
    EXPECT_EQ(comps[1].get(s, "grid_code"), "440303001001001");
    EXPECT_EQ(comps[1].get(s, "name"), "路灯");
    EXPECT_EQ(comps[0].get(s, "district"), "440303");
    EXPECT_DOUBLE_EQ(comps[1].x, 505020);
}

TEST(Import, ChineseFieldNamesAndExplicitMapping) {
    TempDir dir;
    test::write_file(
        dir.file("c.csv"),
        "部件标识码,部件名称,主管部门代码,主管部门名称,所在单元网格,部件状态,初始日期,ZZDW,x,y\n"
        "4403030101000001,上水井盖,GY01,水务局,440303001001001,完好,20240105,某公司,505010,2494010\n");
    auto ws = create_workspace(dir.file("ws.gpkg"), "EPSG:4547");
    ImportOptions o;
    o.srs = "EPSG:4547";
    o.fields = {{"owner_name", "ZZDW"}};
    import(*ws, LayerKind::components, dir.file("c.csv"), o);
    auto comps = rows_of(*ws, LayerKind::components);
    EXPECT_EQ(comps.at(0).get(schema_of(LayerKind::components), "owner_name"), "某公司");
}

TEST(Import, MissingRequiredFieldNamesItAndListsTheFileFields) {
    TempDir dir;
    test::write_file(dir.file("c.csv"), "ID,MC,x,y\n1,井盖,505010,2494010\n");
    auto ws = create_workspace(dir.file("ws.gpkg"), "EPSG:4547");
    ImportOptions o;
    o.srs = "EPSG:4547";
    try {
        import(*ws, LayerKind::components, dir.file("c.csv"), o);
        FAIL();
    } catch (const InputError& e) {
        std::string msg = e.what();
        EXPECT_NE(msg.find("required field 'code'"), std::string::npos) << msg;
        EXPECT_NE(msg.find("the file has: ID, MC"), std::string::npos) << msg;
        EXPECT_NE(msg.find("--field code="), std::string::npos) << msg;
    }
}

TEST(Import, ReimportingADistrictReplacesOnlyThatDistrict) {
    TempDir dir;
    auto ws = create_workspace(dir.file("ws.gpkg"), "EPSG:4547");
    test::write_file(dir.file("all.csv"),
                     "ObjID,ObjName,DeptCode1,DeptName1,BGID,ObjState,ORDate,x,y\n"
                     "4403030101000001,井盖,GY01,水务局,440303001001001,完好,20240105,505010,2494010\n"
                     "4403030101000002,井盖,GY01,水务局,440303001001001,完好,20240105,505010,2494010\n"
                     "4403040101000001,井盖,GY01,水务局,440304001001001,完好,20240105,505410,2494010\n");
    test::write_file(dir.file("d303.csv"),
                     "ObjID,ObjName,DeptCode1,DeptName1,BGID,ObjState,ORDate,x,y\n"
                     "4403030101000009,井盖,GY01,水务局,440303001001001,完好,20260105,505010,2494010\n");
    ImportOptions o;
    o.srs = "EPSG:4547";
    import(*ws, LayerKind::components, dir.file("all.csv"), o);
    o.district = "440303";
    ImportReport r = import(*ws, LayerKind::components, dir.file("d303.csv"), o);
    EXPECT_EQ(r.summary.replaced, 2);
    std::vector<std::string> codes;
    for (const Record& c : rows_of(*ws, LayerKind::components)) codes.push_back(*c.values[0]);
    std::sort(codes.begin(), codes.end());
    EXPECT_EQ(codes, (std::vector<std::string>{"4403030101000009", "4403040101000001"}));
    auto subs = ws->submissions();
    ASSERT_EQ(subs.size(), 3u);
    EXPECT_EQ(subs.back().district, "440303");
    EXPECT_EQ(subs.back().rows, 1);
    EXPECT_EQ(subs.back().submitted_at.size(), 19u);
}

TEST(Import, DistrictSubmissionOfAnotherDistrictsFileIsRefused) {
    TempDir dir;
    auto ws = create_workspace(dir.file("ws.gpkg"), "EPSG:4547");
    test::write_polygons(dir.file("g.shp"), "ESRI Shapefile", {{"BGID", VW::Type::string, 15}},
                         test::square_grids(six_codes));
    ImportOptions o;
    o.district = "440304"; // the file is mostly 440303's
    try {
        import(*ws, LayerKind::grids, dir.file("g.shp"), o);
        FAIL();
    } catch (const InputError& e) {
        std::string msg = e.what();
        EXPECT_NE(msg.find("4 of 6 rows"), std::string::npos) << msg;
        EXPECT_NE(msg.find("row 1, 440303001001001"), std::string::npos) << msg;
        EXPECT_NE(msg.find("drop --district"), std::string::npos) << msg;
    }
    EXPECT_EQ(count_of(*ws, LayerKind::grids), 0);
    o.district = "440303"; // two foreign grids of six: defects that load
    EXPECT_EQ(import(*ws, LayerKind::grids, dir.file("g.shp"), o).summary.rows, 6);
}

TEST(Import, CasesUpsertByIdAndTakeLonLatOrWkt) {
    TempDir dir;
    auto ws = create_workspace(dir.file("ws.gpkg"), "EPSG:4547");
    test::write_file(dir.file("a.csv"),
                     "case_id,source,kind,class_code,reported_at,filed_at,closed_at,lon,lat\n"
                     "A1,市民举报,事件,0102,2026-10-03 09:00,2026-10-03 09:20,,114.058,22.543\n"
                     "A2,collector,component,0101,2026-10-04 10:00:00+08:00,,,114.058,22.543\n");
    test::write_file(dir.file("b.csv"), "case_id,reported_at,closed_at,WKT\n"
                                        "A1,2026-10-03 09:00,2026-10-05 10:00,POINT (114.058 22.543)\n");
    ImportOptions o;
    o.srs = "EPSG:4490";
    import(*ws, LayerKind::cases, dir.file("a.csv"), o);
    ImportReport r = import(*ws, LayerKind::cases, dir.file("b.csv"), o);
    EXPECT_EQ(r.summary.replaced, 1);
    auto cases = rows_of(*ws, LayerKind::cases);
    const LayerSchema& s = schema_of(LayerKind::cases);
    ASSERT_EQ(cases.size(), 2u);
    std::map<std::string, Record> by_id;
    for (auto& c : cases) by_id[*c.get(s, "case_id")] = c;
    EXPECT_EQ(by_id["A1"].get(s, "closed_at"), "2026-10-05T10:00:00");
    EXPECT_FALSE(by_id["A1"].get(s, "source")); // replaced by the later row, which has none
    EXPECT_EQ(by_id["A2"].get(s, "source"), "collector");
    EXPECT_NEAR(by_id["A2"].x, 505966.137, 0.01);
    EXPECT_NEAR(by_id["A2"].y, 2493930.176, 0.01);
}

TEST(Import, RosterNeedsNoGeometry) {
    TempDir dir;
    auto ws = create_workspace(dir.file("ws.gpkg"), "EPSG:4547");
    test::write_file(dir.file("r.csv"),
                     "person_id,name,role,grids,shift\nC1,张三,监督员,440303001001001;440303001001002,day\n"
                     "O1,李四,operator,,night\n");
    import(*ws, LayerKind::roster, dir.file("r.csv"));
    auto roster = rows_of(*ws, LayerKind::roster);
    ASSERT_EQ(roster.size(), 2u);
    const LayerSchema& s = schema_of(LayerKind::roster);
    EXPECT_EQ(roster[0].get(s, "role"), "collector");
    EXPECT_EQ(roster[0].get(s, "grids"), "440303001001001,440303001001002");
}
