// `wangge validate` as GIS staff and district scripts call it.

#include "tests/support/test_support.hpp"
#include "tests/support/workspace_probe.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <ogrsf_frmts.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <set>

using wangge::test::run_wangge;
using wangge::test::TempDir;

namespace {

/// A small generated city with its injected defects, imported into a workspace.
class ValidateCli : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        GDALAllRegister();
        dir = new TempDir;
        auto g = run_wangge({"generate", "--out", dir->file("city"), "--grids", "400", "--components", "2000",
                             "--cases", "10", "--seed", "5", "--as-of", "2026-11-27", "--defects"});
        ASSERT_EQ(g.status, 0) << g.err;
        ASSERT_EQ(run_wangge({"init", "--workspace", ws()}).status, 0);
        for (const char* layer : {"districts", "grids", "components"}) {
            auto r = run_wangge(
                {"import", layer, dir->file("city/" + std::string(layer) + ".shp"), "--workspace", ws()});
            ASSERT_EQ(r.status, 0) << r.err;
        }
    }
    static void TearDownTestSuite() { delete dir; }
    static std::string ws() { return dir->file("ws.gpkg"); }
    static std::vector<std::string> validate(std::vector<std::string> extra) {
        std::vector<std::string> args{"validate", "--workspace", ws(), "--as-of", "2026-11-27"};
        args.insert(args.end(), extra.begin(), extra.end());
        return args;
    }
    static inline TempDir* dir = nullptr;
};

} // namespace

TEST_F(ValidateCli, JsonHasEveryDistrictAndEveryRule) {
    TempDir out;
    auto r = run_wangge(validate({"--json", out.file("c.json")}));
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("completeness"), std::string::npos) << r.out;
    auto j = nlohmann::json::parse(wangge::test::read_file(out.file("c.json")));
    EXPECT_EQ(j["as_of"], "2026-11-27");
    ASSERT_EQ(j["districts"].size(), 3u);
    const auto& d = j["districts"][0];
    EXPECT_EQ(d["code"], "440303");
    EXPECT_EQ(d["name"], "罗湖区");
    for (const char* key :
         {"grids", "components", "findings", "gap_area_m2", "overlap_area_m2", "grid_coverage",
          "class_coverage", "attribute_completeness", "fresh_ratio", "completeness_score", "timeliness_score",
          "completeness_grade", "timeliness_grade"})
        EXPECT_TRUE(d.contains(key)) << key;
    EXPECT_EQ(d["findings"].size(), 19u);
    EXPECT_EQ(d["findings"]["grid.overlap"], 1);
    EXPECT_EQ(d["findings"]["grid.gap"], 1);
    EXPECT_GT(d["gap_area_m2"].get<double>(), 5000.0);
    EXPECT_GE(d["grid_coverage"].get<double>(), 0.9);
    EXPECT_LE(d["grid_coverage"].get<double>(), 1.0);
}

TEST_F(ValidateCli, FindingsAsGeoPackageWithQgisStyles) {
    TempDir out;
    auto r = run_wangge(validate({"--findings", out.file("f.gpkg")}));
    ASSERT_EQ(r.status, 0) << r.err;
    // Read it back with the same GDAL the project uses, through a second import-free path: sqlite.
    std::string dump = out.file("dump.txt");
    std::string cmd =
        "sqlite3 " + out.file("f.gpkg") +
        " \"SELECT f_table_name, f_table_schema, f_geometry_column, useAsDefault, length(styleQML) > 100 "
        "FROM layer_styles ORDER BY 1; SELECT count(*) FROM grid_findings; SELECT count(*) FROM "
        "component_findings; SELECT rule, severity FROM grid_findings WHERE rule = 'grid.legacy_code'; "
        "SELECT data_type FROM gpkg_contents WHERE table_name = 'layer_styles';\" > " +
        dump;
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    EXPECT_EQ(wangge::test::read_file(dump), "component_findings||geom|1|1\nfinding_points||geom|1|1\n"
                                             "grid_findings||geom|1|1\n6\n9\n"
                                             "grid.legacy_code|warning\nattributes\n");
}

TEST_F(ValidateCli, WorkspaceAndFindingsPassGdalsGeoPackageValidator) {
    TempDir out;
    ASSERT_EQ(run_wangge(validate({"--findings", out.file("f.gpkg")})).status, 0);
    // GDAL's own validate_gpkg.py (python3-gdal, with gdal-bin): what QGIS reads, it accepts.
    const std::string script = "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py";
    ASSERT_TRUE(std::filesystem::exists(script));
    for (const std::string& file : {ws(), out.file("f.gpkg")}) {
        std::string cmd = "/usr/bin/python3 " + script + " " + file + " > " + out.file("v.txt") + " 2>&1";
        EXPECT_EQ(std::system(cmd.c_str()), 0) << file << ": " << wangge::test::read_file(out.file("v.txt"));
    }
}

TEST_F(ValidateCli, FindingsAsGeoJsonHaveEveryPropertyOnEveryFeature) {
    TempDir out;
    ASSERT_EQ(run_wangge(validate({"--findings", out.file("f.geojson")})).status, 0);
    auto j = nlohmann::json::parse(wangge::test::read_file(out.file("f.geojson")));
    ASSERT_EQ(j["features"].size(), 15u);
    // RFC 7946: WGS 84 longitudes near Shenzhen.
    nlohmann::json c = j["features"][0]["geometry"]["coordinates"];
    while (c.is_array()) c = c[0];
    double lon = c.get<double>();
    EXPECT_NEAR(lon, 113.8, 0.3);
    // The same properties whatever the run found: nulls are written, never left out.
    const std::vector<std::string> keys{"rule", "rule_name",  "severity",    "district",
                                        "code", "other_code", "feature_fid", "area_m2",
                                        "x",    "y",          "status",      "message"};
    int nulls = 0;
    for (const auto& f : j["features"]) {
        std::vector<std::string> have;
        for (const auto& [k, v] : f["properties"].items()) have.push_back(k), nulls += v.is_null();
        EXPECT_EQ(have.size(), keys.size());
        for (const std::string& k : keys) EXPECT_TRUE(f["properties"].contains(k)) << k;
        // x/y in the file's CRS, like the geometry: longitude and latitude.
        EXPECT_NEAR(f["properties"]["x"].get<double>(), 113.8, 0.3);
        EXPECT_NEAR(f["properties"]["y"].get<double>(), 22.5, 0.3);
        EXPECT_FALSE(f["properties"]["rule_name"].get<std::string>().empty());
    }
    EXPECT_GT(nulls, 0);
    // And through GDAL, as QGIS reads it: the same columns with their types, WGS 84.
    GDALDatasetUniquePtr ds(GDALDataset::Open(out.file("f.geojson").c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    OGRLayer* l = ds->GetLayer(0);
    EXPECT_EQ(l->GetFeatureCount(), 15);
    OGRFeatureDefn* defn = l->GetLayerDefn();
    ASSERT_EQ(defn->GetFieldCount(), static_cast<int>(keys.size()));
    for (int i = 0; i < defn->GetFieldCount(); ++i) EXPECT_EQ(defn->GetFieldDefn(i)->GetNameRef(), keys[i]);
    EXPECT_EQ(defn->GetFieldDefn(defn->GetFieldIndex("code"))->GetType(), OFTString);
    EXPECT_EQ(defn->GetFieldDefn(defn->GetFieldIndex("area_m2"))->GetType(), OFTReal);
    ASSERT_NE(l->GetSpatialRef(), nullptr);
    EXPECT_TRUE(l->GetSpatialRef()->IsGeographic());
}

TEST_F(ValidateCli, FindingsCsvKeepsCodesAsTextForGdalAndSpreadsheets) {
    TempDir out;
    ASSERT_EQ(run_wangge(validate({"--findings", out.file("f.csv")})).status, 0);
    std::string csv = wangge::test::read_file(out.file("f.csv"));
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 16);
    // A BOM, so that Excel reads UTF-8 (m², Chinese rule names); every text quoted.
    EXPECT_EQ(
        csv.rfind("\xEF\xBB\xBFWKT,\"rule\",\"rule_name\",\"severity\",\"district\",\"code\",\"other_code\","
                  "\"feature_fid\",\"area_m2\",\"x\",\"y\",\"status\",\"message\"",
                  0),
        0u)
        << csv.substr(0, 120);
    EXPECT_EQ(wangge::test::read_file(out.file("f.csvt")),
              "WKT,String,String,String,String,String,String,Integer64,Real,Real,Real,String,String\n");
    ASSERT_TRUE(std::filesystem::exists(out.file("f.prj")));
    // Read back by GDAL as QGIS reads it: the .csvt types the columns, the .prj gives the CRS.
    GDALDatasetUniquePtr ds(GDALDataset::Open(out.file("f.csv").c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    OGRLayer* l = ds->GetLayer(0);
    OGRFeatureDefn* defn = l->GetLayerDefn();
    auto type = [&](const char* name) { return defn->GetFieldDefn(defn->GetFieldIndex(name))->GetType(); };
    EXPECT_EQ(type("code"), OFTString);
    EXPECT_EQ(type("area_m2"), OFTReal);
    EXPECT_EQ(type("x"), OFTReal);
    ASSERT_NE(l->GetSpatialRef(), nullptr);
    EXPECT_STREQ(l->GetSpatialRef()->GetAttrValue("PROJCS"), "CGCS2000 / 3-degree Gauss-Kruger CM 114E");
    std::size_t rows = 0, long_codes = 0;
    for (auto& f : *l) {
        ++rows;
        std::string code = f->GetFieldAsString("code");
        // A component code of 16 digits is still all of them (a number would have lost the last).
        if (code.size() == 16 && code.find_first_not_of("0123456789") == std::string::npos) ++long_codes;
        // The location point beside the WKT, in the workspace CRS (metres, Gauss–Krüger).
        EXPECT_FALSE(f->IsFieldNull(defn->GetFieldIndex("x"))) << f->GetFieldAsString("rule");
        EXPECT_GT(f->GetFieldAsDouble("x"), 400000);
        EXPECT_EQ(f->IsFieldSetAndNotNull(defn->GetFieldIndex("area_m2")),
                  std::string(f->GetFieldAsString("rule")) == "grid.overlap" ||
                      std::string(f->GetFieldAsString("rule")) == "grid.gap" ||
                      std::string(f->GetFieldAsString("rule")) == "grid.sliver" ||
                      std::string(f->GetFieldAsString("rule")) == "grid.area_out_of_range")
            << f->GetFieldAsString("rule");
    }
    EXPECT_EQ(rows, 15u);
    EXPECT_GT(long_codes, 0u);
}

TEST_F(ValidateCli, FindingPointsMarkWhereTheProblemIs) {
    TempDir out;
    ASSERT_EQ(run_wangge(validate({"--findings", out.file("f.gpkg")})).status, 0);
    GDALDatasetUniquePtr ds(GDALDataset::Open(out.file("f.gpkg").c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(ds);
    OGRLayer* points = ds->GetLayerByName("finding_points");
    ASSERT_NE(points, nullptr);
    EXPECT_EQ(points->GetFeatureCount(), 15);
    OGRLayer* grids = ds->GetLayerByName("grid_findings");
    std::map<std::string, std::unique_ptr<OGRGeometry>> polygon_of; // rule + code → polygon
    for (auto& f : *grids)
        polygon_of[std::string(f->GetFieldAsString("rule")) + f->GetFieldAsString("code")].reset(
            f->GetGeometryRef()->clone());
    int checked = 0;
    for (auto& f : *points) {
        std::string rule = f->GetFieldAsString("rule");
        const OGRPoint* p = f->GetGeometryRef()->toPoint();
        ASSERT_NE(p, nullptr) << rule;
        EXPECT_NEAR(p->getX(), f->GetFieldAsDouble("x"), 0.005); // x/y in centimetres
        EXPECT_FALSE(f->IsFieldSetAndNotNull(f->GetFieldIndex("status")));
        EXPECT_TRUE(f->IsFieldSetAndNotNull(f->GetFieldIndex("feature_fid")) || rule == "grid.gap") << rule;
        if (rule == "grid.invalid_geometry") {
            // GEOS's invalidity point, which the message names.
            std::string message = f->GetFieldAsString("message");
            char at[64];
            std::snprintf(at, sizeof at, "at (%.2f, %.2f)", p->getX(), p->getY());
            EXPECT_NE(message.find(at), std::string::npos) << message << " / " << at;
            ++checked;
        } else if (rule == "grid.overlap" || rule == "grid.gap") {
            // A point inside the overlap or the gap itself, not merely inside the grid.
            auto it = polygon_of.find(rule + f->GetFieldAsString("code"));
            ASSERT_NE(it, polygon_of.end()) << rule;
            EXPECT_TRUE(it->second->Contains(p)) << rule;
            ++checked;
        }
    }
    EXPECT_EQ(checked, 3);
    // Chinese aliases and titles, as QGIS shows them.
    std::string dump = out.file("dump.txt");
    std::string cmd =
        "sqlite3 " + out.file("f.gpkg") +
        " \"SELECT name FROM gpkg_data_columns WHERE table_name = 'grid_findings' AND column_name = "
        "'rule_name'; SELECT identifier FROM gpkg_contents WHERE table_name = 'finding_points';\" > " +
        dump;
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    EXPECT_EQ(wangge::test::read_file(dump), "问题类型\n问题位置 finding points\n");
}

TEST_F(ValidateCli, FindingsAsAWorkbookForSpreadsheetUsers) {
    TempDir out;
    ASSERT_EQ(run_wangge(validate({"--findings", out.file("f.xlsx")})).status, 0);
    const char* options[] = {"HEADERS=FORCE", "FIELD_TYPES=AUTO", nullptr};
    GDALDatasetUniquePtr ds(
        GDALDataset::Open(out.file("f.xlsx").c_str(), GDAL_OF_VECTOR, nullptr, options, nullptr));
    ASSERT_TRUE(ds);
    OGRLayer* grids = ds->GetLayerByName("网格问题");
    OGRLayer* components = ds->GetLayerByName("部件问题");
    ASSERT_NE(grids, nullptr);
    ASSERT_NE(components, nullptr);
    EXPECT_EQ(grids->GetFeatureCount(), 6);
    EXPECT_EQ(components->GetFeatureCount(), 9);
    OGRFeatureDefn* defn = components->GetLayerDefn();
    ASSERT_GE(defn->GetFieldIndex("编码"), 0);
    ASSERT_GE(defn->GetFieldIndex("问题类型"), 0);
    // Codes stored as text: a 16-digit code comes back whole, as a string.
    EXPECT_EQ(defn->GetFieldDefn(defn->GetFieldIndex("编码"))->GetType(), OFTString);
    std::set<std::string> names;
    for (auto& f : *components) {
        std::string code = f->GetFieldAsString("编码");
        EXPECT_TRUE(code.empty() || code.size() >= 15) << code;
        names.insert(f->GetFieldAsString("问题类型"));
    }
    EXPECT_TRUE(names.count("部件编码重复")) << *names.begin();
}

TEST_F(ValidateCli, FailOnGatesASubmission) {
    EXPECT_EQ(run_wangge(validate({"--fail-on", "error"})).status, 3);
    EXPECT_EQ(run_wangge(validate({"--fail-on", "warning"})).status, 3);
    // District 440305 holds only component defects of warning level (stale) and errors; pick by JSON.
    EXPECT_EQ(run_wangge(validate({"--fail-on", "sometimes"})).status, 2);
}

TEST_F(ValidateCli, BadInvocationsExitTwo) {
    auto unknown = run_wangge(validate({"--district", "440399"}));
    EXPECT_EQ(unknown.status, 2);
    EXPECT_NE(unknown.err.find("440399"), std::string::npos) << unknown.err;
    auto missing = run_wangge({"validate", "--workspace", dir->file("nope.gpkg")});
    EXPECT_EQ(missing.status, 2);
    EXPECT_NE(missing.err.find("nope.gpkg"), std::string::npos) << missing.err;
    auto unwritable = run_wangge(validate({"--json", dir->file("no/such/folder/c.json")}));
    EXPECT_EQ(unwritable.status, 2);
    EXPECT_NE(unwritable.err.find("does not exist"), std::string::npos) << unwritable.err;
    auto format = run_wangge(validate({"--findings", dir->file("f.kml")}));
    EXPECT_EQ(format.status, 2);
    EXPECT_EQ(run_wangge(validate({"--as-of", "27/11/2026"})).status, 2);
}

TEST_F(ValidateCli, CoveragePerGridIsStoredForTheMap) {
    ASSERT_EQ(run_wangge(validate({})).status, 0);
    const wangge::test::WorkspaceProbe probe(ws());
    auto coverage = probe.table("grid_coverage");
    ASSERT_TRUE(coverage);
    EXPECT_EQ(coverage->rows.size(), 399u);
    std::size_t components = 0, as_of = 0;
    for (std::size_t c = 0; c < coverage->columns.size(); ++c) {
        if (coverage->columns[c].name == "components") components = c;
        if (coverage->columns[c].name == "as_of") as_of = c;
    }
    long long with_components = 0;
    for (const auto& row : coverage->rows) {
        with_components += std::stol(row[components]) > 0;
        EXPECT_EQ(row[as_of], "2026-11-27");
    }
    EXPECT_GT(with_components, 0);
    auto report = probe.document("census");
    ASSERT_TRUE(report);
    EXPECT_EQ(nlohmann::json::parse(*report)["as_of"], "2026-11-27");
    // Shown to QGIS as a layer on the grid geometries, one feature per grid, styled by colour.
    using wangge::test::sqlite;
    EXPECT_EQ(sqlite(ws(), "SELECT count(*), count(DISTINCT fid), count(geom) FROM coverage_grid"),
              "399|399|399\n");
    EXPECT_EQ(
        sqlite(ws(), "SELECT count(*) FROM coverage_grid WHERE status = 'empty' AND colour = '#d7191c'"),
        sqlite(ws(), "SELECT count(*) FROM grid_coverage WHERE components = 0"));
    EXPECT_EQ(
        sqlite(ws(),
               "SELECT count(*) FROM layer_styles WHERE f_table_name = 'coverage_grid' AND useAsDefault"),
        "1\n");
}

TEST_F(ValidateCli, OneDistrict) {
    TempDir out;
    auto r = run_wangge(validate({"--district", "440304", "--json", out.file("c.json")}));
    ASSERT_EQ(r.status, 0) << r.err;
    auto j = nlohmann::json::parse(wangge::test::read_file(out.file("c.json")));
    ASSERT_EQ(j["districts"].size(), 1u);
    EXPECT_EQ(j["districts"][0]["code"], "440304");
}
