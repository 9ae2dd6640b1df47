// `wangge tile`: tiles read back by independent readers — GDAL's MVT driver for vector tiles,
// Cairo's PNG reader for raster tiles — and checked against the stored results.

#include "tests/integration/city_fixture.hpp"
#include "tiles/png_canvas.hpp"

#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <map>
#include <memory>
#include <set>

using wangge::test::run_wangge;
using wangge::test::TempDir;

namespace {

constexpr double half = 20037508.342789244;

struct Tile {
    int z;
    long x, y;
    double min_x() const { return -half + x * span(); }
    double max_y() const { return half - y * span(); }
    double span() const { return 2 * half / std::pow(2.0, z); }
};

/// The tile holding a Web Mercator point (written out here, not taken from geo/).
Tile tile_of(double mx, double my, int z) {
    double n = std::pow(2.0, z);
    return {z, static_cast<long>(std::floor((mx + half) / (2 * half) * n)),
            static_cast<long>(std::floor((half - my) / (2 * half) * n))};
}

std::unique_ptr<OGRCoordinateTransformation> to_mercator(OGRLayer* layer) {
    OGRSpatialReference merc;
    merc.importFromEPSG(3857);
    merc.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReference src(*layer->GetSpatialRef());
    src.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return std::unique_ptr<OGRCoordinateTransformation>(OGRCreateCoordinateTransformation(&src, &merc));
}

/// Grid geometries of the workspace in Web Mercator, by code.
std::map<std::string, std::unique_ptr<OGRGeometry>> mercator_layer(const std::string& ws, const char* table) {
    std::map<std::string, std::unique_ptr<OGRGeometry>> out;
    GDALDatasetUniquePtr ds(GDALDataset::Open(ws.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    OGRLayer* layer = ds->GetLayerByName(table);
    auto ct = to_mercator(layer);
    for (auto& f : *layer) {
        std::unique_ptr<OGRGeometry> g(f->GetGeometryRef()->clone());
        g->transform(ct.get());
        out.emplace(f->GetFieldAsString("code"), std::move(g));
    }
    return out;
}

struct Decoded {
    std::string code, grade, colour;
    std::unique_ptr<OGRGeometry> geometry;
};

/// A tile file through GDAL's MVT driver.
GDALDatasetUniquePtr open_mvt(const std::string& path, const Tile& t) {
    std::string z = "Z=" + std::to_string(t.z), x = "X=" + std::to_string(t.x),
                y = "Y=" + std::to_string(t.y);
    // CLIP=NO: GDAL would otherwise drop the features that lie in the buffer only.
    const char* options[] = {z.c_str(), x.c_str(), y.c_str(), "CLIP=NO", nullptr};
    const char* drivers[] = {"MVT", nullptr};
    return GDALDatasetUniquePtr(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR, drivers, options, nullptr));
}

std::vector<Decoded> decode_mvt(const std::string& path, const Tile& t) {
    std::vector<Decoded> out;
    GDALDatasetUniquePtr ds = open_mvt(path, t);
    if (!ds) return out;
    OGRLayer* layer = ds->GetLayer(0);
    for (auto& f : *layer) {
        Decoded d{f->GetFieldAsString("code"), f->GetFieldAsString("grade"), f->GetFieldAsString("colour"),
                  std::unique_ptr<OGRGeometry>(f->GetGeometryRef()->clone())};
        out.push_back(std::move(d));
    }
    return out;
}

class TileCli : public wangge::test::CityFixture {
protected:
    static void SetUpTestSuite() {
        CityFixture::SetUpTestSuite();
        auto r = run_wangge({"assess", "--workspace", workspace(), "--period", "2026-10"});
        ASSERT_EQ(r.status, 0) << r.err;
        GDALAllRegister();
    }

    /// A tile at zoom z on the middle of the city.
    static Tile middle_tile(int z) {
        auto grids = mercator_layer(workspace(), "grids");
        OGREnvelope all;
        for (auto& [code, g] : grids) {
            OGREnvelope e;
            g->getEnvelope(&e);
            all.Merge(e);
        }
        return tile_of((all.MinX + all.MaxX) / 2, (all.MinY + all.MaxY) / 2, z);
    }

    /// grade and colour by code of a level in the stored results of 2026-10.
    static std::map<std::string, std::pair<std::string, std::string>> stored(const std::string& level) {
        std::map<std::string, std::pair<std::string, std::string>> out;
        std::string rows = wangge::test::sqlite(
            workspace(),
            "SELECT code, grade, colour FROM assessment_results WHERE period = '2026-10' AND level = '" +
                level + "'");
        std::istringstream in(rows);
        for (std::string line; std::getline(in, line);) {
            auto a = line.find('|'), b = line.rfind('|');
            out[line.substr(0, a)] = {line.substr(a + 1, b - a - 1), line.substr(b + 1)};
        }
        return out;
    }

    static wangge::test::RunResult tile(const std::string& layer, const Tile& t, const std::string& format,
                                        const std::string& out, std::vector<std::string> extra = {}) {
        std::vector<std::string> args{"tile",
                                      "--workspace",
                                      workspace(),
                                      "--layer",
                                      layer,
                                      "--period",
                                      "2026-10",
                                      std::to_string(t.z),
                                      std::to_string(t.x),
                                      std::to_string(t.y),
                                      "--format",
                                      format,
                                      "--out",
                                      out};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_wangge(args);
    }

    /// The grid layer's vector tile as GDAL reads it (empty when `wangge tile` failed).
    static std::vector<Decoded> grid_mvt(const Tile& t) {
        TempDir dir;
        auto r = tile("grid", t, "mvt", dir.file("t.mvt"));
        EXPECT_EQ(r.status, 0) << r.err;
        return decode_mvt(dir.file("t.mvt"), t);
    }
};

TEST_F(TileCli, VectorTileHoldsEveryGridWithItsStoredGrade) {
    Tile t = middle_tile(15);
    auto features = grid_mvt(t);
    ASSERT_FALSE(features.empty());

    // Every grid whose box meets the tile and its 64-unit buffer, and no other.
    double buffer = t.span() / 4096 * 64;
    OGREnvelope tile_box;
    tile_box.MinX = t.min_x() - buffer, tile_box.MaxX = t.min_x() + t.span() + buffer;
    tile_box.MaxY = t.max_y() + buffer, tile_box.MinY = t.max_y() - t.span() - buffer;
    OGRPolygon box_polygon;
    {
        OGRLinearRing ring;
        ring.addPoint(tile_box.MinX, tile_box.MinY), ring.addPoint(tile_box.MaxX, tile_box.MinY);
        ring.addPoint(tile_box.MaxX, tile_box.MaxY), ring.addPoint(tile_box.MinX, tile_box.MaxY);
        ring.closeRings();
        box_polygon.addRing(&ring);
    }
    // Every grid that covers more than a few square units of the buffered tile, and only grids
    // that meet it (a sliver under a unit vanishes on the tile's grid).
    double unit2 = (t.span() / 4096) * (t.span() / 4096);
    std::map<std::string, double> meets;
    for (auto& [code, g] : mercator_layer(workspace(), "grids"))
        if (g->Intersects(&box_polygon)) {
            std::unique_ptr<OGRGeometry> part(g->Intersection(&box_polygon));
            double area = 0;
            if (auto* s = dynamic_cast<OGRSurface*>(part.get()))
                area = s->get_Area();
            else if (auto* m = dynamic_cast<OGRMultiSurface*>(part.get()))
                area = m->get_Area();
            meets[code] = area;
        }
    std::set<std::string> decoded;
    for (const Decoded& f : features) decoded.insert(f.code);
    for (const auto& [code, area] : meets)
        EXPECT_TRUE(area <= 4 * unit2 || decoded.count(code))
            << code << " covers " << area / unit2 << " units²";
    for (const std::string& code : decoded)
        EXPECT_TRUE(meets.count(code)) << code << " lies outside the tile";
    EXPECT_EQ(decoded.size(), features.size()) << "a grid appears twice";

    auto grades = stored("grid");
    for (const Decoded& f : features) {
        ASSERT_TRUE(grades.count(f.code)) << f.code;
        EXPECT_EQ(f.grade, grades[f.code].first) << f.code;
        EXPECT_EQ(f.colour, grades[f.code].second) << f.code;
        EXPECT_TRUE(f.geometry->IsValid()) << f.code;
    }
}

TEST_F(TileCli, AtACitysZoomTheGridTileCarriesTheAreasOfItsColoursNotEachGrid) {
    Tile t = middle_tile(10);
    auto features = grid_mvt(t);
    ASSERT_FALSE(features.empty());
    std::set<std::pair<std::string, std::string>> stored_pairs;
    for (const auto& [code, grade_colour] : stored("grid")) stored_pairs.insert(grade_colour);
    std::set<std::string> colours;
    double drawn = 0;
    for (const Decoded& f : features) {
        EXPECT_EQ(f.code, "") << "a grid's own code on an area of many";
        EXPECT_TRUE(stored_pairs.count({f.grade, f.colour})) << f.grade << " " << f.colour;
        EXPECT_TRUE(colours.insert(f.colour).second) << f.colour << " drawn twice";
        EXPECT_TRUE(f.geometry->IsValid());
        drawn += OGR_G_Area(OGRGeometry::ToHandle(f.geometry.get()));
    }
    EXPECT_LT(features.size(), stored("grid").size());
    // As much ground as the grids cover, give or take the cells along the city's edge.
    double grids = 0;
    for (auto& [code, g] : mercator_layer(workspace(), "grids"))
        grids += OGR_G_Area(OGRGeometry::ToHandle(g.get()));
    EXPECT_NEAR(drawn, grids, 0.25 * grids);
}

TEST_F(TileCli, NoGapOpensBetweenNeighbouringRegions) {
    TempDir dir;
    for (const char* layer : {"street", "community", "grid"}) {
        for (int z : {13, 15}) {
            Tile t = middle_tile(z);
            std::string file = dir.file(std::string(layer) + std::to_string(z) + ".mvt");
            ASSERT_EQ(tile(layer, t, "mvt", file).status, 0);
            auto features = decode_mvt(file, t);
            ASSERT_FALSE(features.empty());
            OGRMultiPolygon all;
            for (Decoded& f : features) {
                EXPECT_TRUE(f.geometry->IsValid()) << layer << " " << f.code;
                OGRGeometry* g = f.geometry.get();
                if (auto* mp = dynamic_cast<OGRMultiPolygon*>(g))
                    for (auto* p : *mp) all.addGeometry(p);
                else
                    all.addGeometry(g);
            }
            std::unique_ptr<OGRGeometry> merged(all.UnionCascaded());
            ASSERT_TRUE(merged);
            // Closing the union by half a tile unit must close every hole: a gap between two
            // regions wider than one unit would survive it.
            double unit = t.span() / 4096;
            std::unique_ptr<OGRGeometry> closed(merged->Buffer(unit * 0.5, 2));
            int holes = 0;
            auto count_holes = [&](const OGRPolygon* p) { holes += p->getNumInteriorRings(); };
            if (auto* p = dynamic_cast<OGRPolygon*>(closed.get()))
                count_holes(p);
            else if (auto* mp = dynamic_cast<OGRMultiPolygon*>(closed.get()))
                for (auto* part : *mp) count_holes(part);
            EXPECT_EQ(holes, 0) << layer << " z" << z;
        }
    }
}

TEST_F(TileCli, PngPixelInsideARegionHasItsGradeColour) {
    TempDir dir;
    auto grids = mercator_layer(workspace(), "grids");
    auto grades = stored("grid");
    Tile t = middle_tile(16);
    for (int scale : {1, 2}) {
        std::string file = dir.file("t" + std::to_string(scale) + ".png");
        ASSERT_EQ(tile("grid", t, "png", file, {"--scale", std::to_string(scale)}).status, 0);
        auto png = wangge::tiles::decode_png(wangge::test::read_file(file));
        int size = 256 * scale;
        ASSERT_EQ(png.width, size);
        int checked = 0;
        for (auto& [code, g] : grids) {
            OGRPoint inside;
            if (g->Centroid(&inside) != OGRERR_NONE) continue;
            double px = (inside.getX() - t.min_x()) / t.span() * size;
            double py = (t.max_y() - inside.getY()) / t.span() * size;
            if (px < 8 * scale || py < 8 * scale || px > size - 8 * scale || py > size - 8 * scale) continue;
            // Away from the boundary strokes and labels: a point 10 px inside the region.
            std::unique_ptr<OGRGeometry> core(g->Buffer(-t.span() / size * 10));
            if (!core || core->IsEmpty() || !core->Contains(&inside)) continue;
            auto expected = wangge::tiles::parse_colour(grades[code].second);
            ASSERT_TRUE(expected) << code;
            auto got = png.at(static_cast<int>(px), static_cast<int>(py));
            // Labels may cover the middle: count the pixels that show a grade colour.
            if (got != *expected) {
                ADD_FAILURE() << code << " " << int(got.r) << "," << int(got.g) << "," << int(got.b) << ","
                              << int(got.a) << " vs " << grades[code].second;
                continue;
            }
            ++checked;
        }
        EXPECT_GT(checked, 0) << "no grid interior pixel had its grade colour at scale " << scale;
    }
}

TEST_F(TileCli, BadRequestsAreRefusedWithExitTwo) {
    TempDir dir;
    Tile t = middle_tile(14);
    EXPECT_EQ(tile("nonsense", t, "mvt", dir.file("a")).status, 2);
    EXPECT_EQ(tile("grid", {14, 1L << 14, 0}, "mvt", dir.file("a")).status, 2);
    EXPECT_EQ(tile("grid", t, "jpeg", dir.file("a")).status, 2);
    EXPECT_EQ(tile("grid", t, "png", dir.file("a"), {"--indicator", "nonsense"}).status, 2);
    auto r = tile("grid", t, "png", workspace());
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("workspace"), std::string::npos) << r.err;
    auto junk = run_wangge({"tile", "--workspace", workspace(), "--layer", "grid", "--period", "2026-10",
                            "1x", "0", "0", "--out", dir.file("b")});
    EXPECT_EQ(junk.status, 2);
    auto no_cases = run_wangge({"tile", "--workspace", workspace(), "--layer", "grid", "--period", "2019-01",
                                "14", std::to_string(t.x), std::to_string(t.y), "--out", dir.file("c")});
    EXPECT_EQ(no_cases.status, 2) << no_cases.err;
    EXPECT_FALSE(std::filesystem::exists(dir.file("a")));
}

TEST_F(TileCli, APeriodNotYetAssessedIsAssessedAndStored) {
    TempDir dir;
    std::string ws = copy_workspace(dir);
    EXPECT_EQ(wangge::test::sqlite(ws, "SELECT COUNT(*) FROM assessment_results WHERE period = '2026-09'"),
              "0\n");
    Tile t = middle_tile(14);
    auto r = run_wangge({"tile", "--workspace", ws, "--layer", "district", "--period", "2026-09",
                         std::to_string(t.z), std::to_string(t.x), std::to_string(t.y), "--format", "mvt",
                         "--out", dir.file("t.mvt")});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(wangge::test::sqlite(ws, "SELECT COUNT(*) FROM assessment_results WHERE period = '2026-09'"),
              "0\n");
}

} // namespace

namespace {

TEST_F(TileCli, HeatMapEdgesOfAdjacentTilesAgree) {
    TempDir dir;
    Tile left = middle_tile(15);
    Tile right{left.z, left.x + 1, left.y};
    ASSERT_EQ(tile("heat", left, "png", dir.file("l.png")).status, 0);
    ASSERT_EQ(tile("heat", right, "png", dir.file("r.png")).status, 0);
    auto l = wangge::tiles::decode_png(wangge::test::read_file(dir.file("l.png")));
    auto r = wangge::tiles::decode_png(wangge::test::read_file(dir.file("r.png")));
    int coloured = 0;
    for (int y = 0; y < 256; ++y) {
        auto a = l.at(255, y), b = r.at(0, y);
        // Neighbouring pixels of a smooth surface (the kernel is 300 m, a pixel under 5 m).
        EXPECT_LE(std::abs(a.a - b.a), 6) << "row " << y;
        EXPECT_LE(std::abs(a.g - b.g), 8) << "row " << y;
        coloured += a.a > 0;
    }
    EXPECT_GT(coloured, 0) << "the heat map is empty along the edge";
}

TEST_F(TileCli, HotspotTilesCarryTheStoredClasses) {
    TempDir dir;
    Tile t = middle_tile(14);
    ASSERT_EQ(tile("hotspot", t, "mvt", dir.file("h.mvt")).status, 0);
    GDALDatasetUniquePtr ds = open_mvt(dir.file("h.mvt"), t);
    ASSERT_TRUE(ds);
    std::string rows = wangge::test::sqlite(
        workspace(),
        "SELECT code, hotspot_class FROM assessment_results WHERE period = '2026-10' AND level = 'grid'");
    std::map<std::string, std::string> stored;
    std::istringstream in(rows);
    for (std::string line; std::getline(in, line);)
        stored[line.substr(0, line.find('|'))] = line.substr(line.find('|') + 1);
    int n = 0;
    for (auto& f : *ds->GetLayer(0)) {
        ++n;
        EXPECT_EQ(f->GetFieldAsString("class"), stored[f->GetFieldAsString("code")])
            << f->GetFieldAsString("code");
    }
    EXPECT_GT(n, 0);
}

} // namespace

namespace {

TEST_F(TileCli, MbtilesOpenWithGdalWithTheRightBoundsAndZooms) {
    TempDir dir;
    std::string out = dir.file("city.mbtiles");
    auto r = run_wangge({"tiles", "--workspace", workspace(), "--period", "2026-10", "--layer", "grid",
                         "--zoom", "12-15", "--out", out});
    ASSERT_EQ(r.status, 0) << r.err;
    GDALDatasetUniquePtr ds(GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    ASSERT_TRUE(ds);
    EXPECT_STREQ(ds->GetDriver()->GetDescription(), "MBTiles");
    EXPECT_STREQ(ds->GetMetadataItem("minzoom"), "12");
    EXPECT_STREQ(ds->GetMetadataItem("maxzoom"), "15");
    EXPECT_STREQ(ds->GetMetadataItem("format"), "pbf");
    ASSERT_TRUE(ds->GetLayerByName("grid"));
    // The bounds are the grids' extent in WGS 84.
    double w, s, e, n;
    ASSERT_EQ(std::sscanf(ds->GetMetadataItem("bounds"), "%lf,%lf,%lf,%lf", &w, &s, &e, &n), 4);
    auto grids = mercator_layer(workspace(), "grids");
    OGREnvelope all;
    for (auto& [code, g] : grids) {
        OGREnvelope env;
        g->getEnvelope(&env);
        all.Merge(env);
    }
    double lon0 = all.MinX / half * 180, lon1 = all.MaxX / half * 180;
    EXPECT_NEAR(w, lon0, 1e-5);
    EXPECT_NEAR(e, lon1, 1e-5);
    EXPECT_LT(s, n);
    // Every grid is in the deepest zoom's tiles.
    std::set<std::string> codes;
    OGRLayer* layer = ds->GetLayerByName("grid");
    for (auto& f : *layer) codes.insert(f->GetFieldAsString("code"));
    EXPECT_EQ(codes.size(), grids.size());
    // Rows are TMS: the middle tile at zoom 14 is stored at 2^14 − 1 − y.
    Tile t = middle_tile(14);
    EXPECT_EQ(wangge::test::sqlite(
                  out, "SELECT COUNT(*) FROM tiles WHERE zoom_level = 14 AND tile_column = " +
                           std::to_string(t.x) + " AND tile_row = " + std::to_string((1L << 14) - 1 - t.y)),
              "1\n");
    EXPECT_EQ(wangge::test::sqlite(out, "PRAGMA application_id"), std::to_string(0x4d504258) + "\n");
}

TEST_F(TileCli, PngMbtilesOpenAsARaster) {
    TempDir dir;
    std::string out = dir.file("district.mbtiles");
    auto r = run_wangge({"tiles", "--workspace", workspace(), "--period", "2026-10", "--layer", "district",
                         "--format", "png", "--zoom", "11-13", "--out", out});
    ASSERT_EQ(r.status, 0) << r.err;
    GDALDatasetUniquePtr ds(GDALDataset::Open(out.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    ASSERT_TRUE(ds);
    EXPECT_STREQ(ds->GetMetadataItem("format"), "png");
    EXPECT_GT(ds->GetRasterXSize(), 0);
    EXPECT_EQ(ds->GetRasterCount(), 4);
}

TEST_F(TileCli, TilesRefusesBadZoomsAndOutputs) {
    TempDir dir;
    for (const char* zoom : {"15-12", "0-23", "a-b", "-3"}) {
        auto r = run_wangge({"tiles", "--workspace", workspace(), "--period", "2026-10", "--zoom", zoom,
                             "--out", dir.file("x.mbtiles")});
        EXPECT_EQ(r.status, 2) << zoom;
    }
    EXPECT_EQ(
        run_wangge({"tiles", "--workspace", workspace(), "--period", "2026-10", "--out", dir.file("x.gpkg")})
            .status,
        2);
    EXPECT_FALSE(std::filesystem::exists(dir.file("x.mbtiles")));
}

} // namespace
