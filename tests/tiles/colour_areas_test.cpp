// Regions too small to draw one by one, drawn as the areas of their colours: read back by GDAL's
// MVT driver, in tile units.

#include "tests/support/test_support.hpp"
#include "tiles/colour_areas.hpp"
#include "tiles/png_canvas.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <deque>
#include <fstream>
#include <map>

using namespace wangge;

namespace {

const geo::TileId tile{10, 836, 445};

/// A square of tile units [x0, x0 + side) × [y0, y0 + side) on `tile`, in EPSG:3857.
geo::PolygonRings square(double x0, double y0, double side) {
    const geo::Box b = tile.bounds();
    const double unit = (b.max_x - b.min_x) / tiles::mvt_extent;
    auto at = [&](double x, double y) { return geo::XY{b.min_x + x * unit, b.max_y - y * unit}; };
    geo::Ring ring{at(x0, y0), at(x0, y0 + side), at(x0 + side, y0 + side), at(x0 + side, y0), at(x0, y0)};
    return geo::PolygonRings::from_parts({{ring}});
}

/// Regions and their shapes: the shapes live as long as the content that points at them.
struct Drawn {
    std::deque<geo::PolygonRings> shapes;
    tiles::TileContent content;

    Drawn() {
        content.layer = "grid";
        content.tile = tile;
    }
    void add(geo::PolygonRings shape, tiles::Rgba fill, const char* grade) {
        tiles::RegionFeature& f = content.regions.emplace_back();
        f.id = content.regions.size();
        f.shape = &shapes.emplace_back(std::move(shape));
        f.fill = fill;
        content.add_property(f.properties, "code", content.keep(std::to_string(f.id)));
        content.add_property(f.properties, "level", "grid");
        content.add_property(f.properties, "grade", grade);
        content.add_property(f.properties, "value", static_cast<double>(f.id));
    }
};

const tiles::Rgba red{215, 25, 28, 255}, blue{43, 131, 186, 255};

/// A block of 8-unit squares over [0, 1024)², red on the left half and blue on the right.
void two_halves(Drawn& d) {
    for (int y = 0; y < 1024; y += 8)
        for (int x = 0; x < 1024; x += 8) d.add(square(x, y, 8), x < 512 ? red : blue, x < 512 ? "D" : "B");
}

struct Feature {
    std::map<std::string, std::string> fields;
    double area;
    bool valid;
};

/// The layer's features through GDAL's MVT driver, in tile units.
std::vector<Feature> read_back(const tiles::MvtLayer& layer) {
    test::TempDir dir;
    const std::string path = dir.file("t.mvt");
    std::ofstream(path, std::ios::binary) << tiles::encode_tile({layer});
    const char* drivers[] = {"MVT", nullptr};
    GDALAllRegister();
    const char* options[] = {"CLIP=NO", nullptr}; // the buffer too
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR, drivers, options, nullptr));
    std::vector<Feature> out;
    if (!ds) return out;
    for (auto& f : *ds->GetLayer(0)) {
        Feature read{{}, 0, f->GetGeometryRef()->IsValid() != 0};
        for (int i = 0; i < f->GetFieldCount(); ++i)
            if (f->IsFieldSetAndNotNull(i))
                read.fields[f->GetFieldDefnRef(i)->GetNameRef()] = f->GetFieldAsString(i);
        read.area = OGR_G_Area(OGRGeometry::ToHandle(f->GetGeometryRef()));
        out.push_back(std::move(read));
    }
    return out;
}

} // namespace

TEST(ColourAreas, RegionsUnderTwoPixelsAcrossAreDrawnAsAreasAndLargerOnesAreNot) {
    Drawn small;
    two_halves(small);
    EXPECT_TRUE(tiles::regions_too_small_to_draw({&small.content, 1}));
    Drawn large; // 40 units: two and a half pixels of a 256-pixel tile
    for (int y = 0; y < 1024; y += 40)
        for (int x = 0; x < 1024; x += 40) large.add(square(x, y, 40), red, "D");
    EXPECT_FALSE(tiles::regions_too_small_to_draw({&large.content, 1}));
    EXPECT_FALSE(tiles::regions_too_small_to_draw({}));
}

TEST(ColourAreas, FillsOfAContinuousRampAreDrawnOneByOne) {
    Drawn ramp;
    for (int i = 0; i <= static_cast<int>(tiles::colour_area_palette); ++i)
        ramp.add(square(8 * (i % 128), 8 * (i / 128), 8),
                 {static_cast<std::uint8_t>(i), static_cast<std::uint8_t>(i >> 8), 0, 255}, "A");
    EXPECT_FALSE(tiles::regions_too_small_to_draw({&ramp.content, 1}));
}

TEST(ColourAreas, EachColourIsOneFeatureCarryingWhatItsRegionsShare) {
    Drawn d;
    two_halves(d);
    const std::vector<Feature> features = read_back(tiles::colour_areas_layer({&d.content, 1}));
    ASSERT_EQ(features.size(), 2u);
    // The colours in the order they first appear; each the area of its half, cell for cell.
    const std::map<std::string, std::string> reds{{"level", "grid"}, {"grade", "D"}},
        blues{{"level", "grid"}, {"grade", "B"}};
    std::map<std::string, std::string> fields = features[0].fields, other = features[1].fields;
    fields.erase("mvt_id"), other.erase("mvt_id");
    EXPECT_EQ(fields, reds);
    EXPECT_EQ(other, blues);
    EXPECT_DOUBLE_EQ(features[0].area, 512.0 * 1024);
    EXPECT_DOUBLE_EQ(features[1].area, 512.0 * 1024);
    EXPECT_TRUE(features[0].valid && features[1].valid);
}

TEST(ColourAreas, ACellTakesTheColourThatCoversMostOfIt) {
    // One 16-unit cell: red over 9 of its 16 sample points, blue over one; and a lone cell whose
    // samples blue covers 4 of stays empty.
    Drawn d;
    d.add(square(0, 0, 12), red, "D");
    d.add(square(12, 0, 4), blue, "B");
    d.add(square(64, 64, 7), blue, "B");
    const std::vector<Feature> features = read_back(tiles::colour_areas_layer({&d.content, 1}));
    ASSERT_EQ(features.size(), 1u);
    EXPECT_EQ(features[0].fields.at("grade"), "D");
    EXPECT_DOUBLE_EQ(features[0].area, 16.0 * 16);
}

TEST(ColourAreas, ATileBuiltInPartsIsTheSameAsOneBuiltWhole) {
    Drawn whole;
    two_halves(whole);
    std::vector<tiles::TileContent> parts(3);
    for (std::size_t p = 0; p < parts.size(); ++p) {
        parts[p].layer = "grid", parts[p].tile = tile;
        const std::size_t n = whole.content.regions.size(), from = n * p / 3, to = n * (p + 1) / 3;
        for (std::size_t i = from; i < to; ++i) {
            tiles::RegionFeature f = whole.content.regions[i];
            const auto props = whole.content.properties_of(f.properties);
            f.properties = {};
            for (const tiles::Property& prop : props)
                parts[p].add_property(f.properties, prop.key, prop.value);
            parts[p].regions.push_back(f);
        }
    }
    EXPECT_TRUE(tiles::regions_too_small_to_draw(parts));
    EXPECT_EQ(tiles::encode_tile({tiles::colour_areas_layer(parts)}),
              tiles::encode_tile({tiles::colour_areas_layer({&whole.content, 1})}));
}

TEST(ColourAreas, ARegionReachingFarBeyondTheTileFillsItAndItsBuffer) {
    Drawn d;
    d.add(square(-1e12, -1e12, 2e12), red, "D"); // beyond an int of samples either way
    const std::vector<Feature> features = read_back(tiles::colour_areas_layer({&d.content, 1}));
    ASSERT_EQ(features.size(), 1u);
    const double side = tiles::mvt_extent + 2 * tiles::mvt_buffer;
    EXPECT_DOUBLE_EQ(features[0].area, side * side);
}

TEST(ColourAreas, APngOfThemHasEachPixelInARegionsOwnColourNotABlend) {
    Drawn d;
    two_halves(d); // tile units [0, 1024)²: pixels [0, 64)² of a 256-pixel tile, [0, 128)² at 512
    ASSERT_TRUE(tiles::regions_too_small_to_draw({&d.content, 1}));
    for (int size : {256, 512}) {
        SCOPED_TRACE(size);
        const tiles::DecodedPng png = tiles::decode_png(tiles::render_png(d.content, size));
        ASSERT_EQ(png.width, size);
        const int k = size / 256;
        const tiles::Rgba clear{0, 0, 0, 0};
        for (int y = 0; y < 64 * k; ++y)
            for (int x = 0; x < 64 * k; ++x)
                ASSERT_EQ(png.at(x, y), x < 32 * k ? red : blue) << x << "," << y;
        EXPECT_EQ(png.at(64 * k, 10).a, 0);
        EXPECT_EQ(png.at(100 * k, 100 * k), clear);
    }
}
