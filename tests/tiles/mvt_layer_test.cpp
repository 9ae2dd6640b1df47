// The MVT encoder on its own: values shared within a layer, each with its type, read back by
// GDAL's MVT driver and counted in the raw message with protozero.

#include "tests/support/test_support.hpp"
#include "tiles/mvt_layer.hpp"
#include "tiles/property_table.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <protozero/pbf_reader.hpp>

#include <fstream>
#include <limits>

using namespace wangge;

namespace {

geo::TileShape square(std::int32_t x0, std::int32_t y0, std::int32_t side) {
    geo::TileShape s;
    std::vector<geo::TilePoint> ring{{x0, y0}, {x0 + side, y0}, {x0 + side, y0 + side}, {x0, y0 + side}};
    s.add_ring(ring);
    return s;
}

/// The number of entries of one repeated field of the tile's first layer.
std::size_t count_layer_field(const std::string& tile, protozero::pbf_tag_type field) {
    protozero::pbf_reader t(tile);
    std::size_t n = 0;
    while (t.next(3)) {
        protozero::pbf_reader layer = t.get_message();
        while (layer.next()) {
            if (layer.tag() == field) ++n;
            layer.skip();
        }
    }
    return n;
}

/// Features 0 … n-1 added to two layers, those before `cut` to the first and the rest to the
/// second, and the second appended to the first.
template <class Add> tiles::MvtLayer in_two_parts(std::size_t n, std::size_t cut, Add&& add) {
    tiles::MvtLayer first("grid"), second("grid");
    for (std::size_t i = 0; i < cut; ++i) add(first, i);
    for (std::size_t i = cut; i < n; ++i) add(second, i);
    first.append(second);
    return first;
}

} // namespace

TEST(MvtLayer, ValuesAreSharedAndKeepTheirTypes) {
    tiles::MvtLayer layer("grid");
    const std::string codes[] = {"4403030203000001", "4403030203000002", "4403030203000003"};
    for (std::size_t i = 0; i < 3; ++i) {
        // The same level, count, score and flag on every feature; 1 and 1.0 are different values.
        std::vector<tiles::Property> props{
            {"code", codes[i]}, {"level", "grid"}, {"filed", std::int64_t{1}},
            {"composite", 1.0}, {"checked", true}, {"rank", static_cast<std::int64_t>(i)}};
        layer.add_polygons(i + 1, square(100 * static_cast<std::int32_t>(i), 0, 50), props);
    }
    std::string tile = tiles::encode_tile({layer});
    // Keys: six. Values: three codes, "grid", 1, 1.0, true, and ranks 0 and 2 (1 is shared).
    EXPECT_EQ(count_layer_field(tile, 3), 6u);
    EXPECT_EQ(count_layer_field(tile, 4), 3u + 1 + 1 + 1 + 1 + 2);

    test::TempDir dir;
    std::string path = dir.file("t.mvt");
    std::ofstream(path, std::ios::binary) << tile;
    const char* options[] = {"Z=0", "X=0", "Y=0", "CLIP=NO", nullptr};
    const char* drivers[] = {"MVT", nullptr};
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR, drivers, options, nullptr));
    ASSERT_TRUE(ds);
    OGRLayer* l = ds->GetLayerByName("grid");
    ASSERT_NE(l, nullptr);
    OGRFeatureDefn* defn = l->GetLayerDefn();
    EXPECT_EQ(defn->GetFieldDefn(defn->GetFieldIndex("filed"))->GetType(), OFTInteger);
    EXPECT_EQ(defn->GetFieldDefn(defn->GetFieldIndex("composite"))->GetType(), OFTReal);
    std::size_t i = 0;
    for (auto& f : *l) {
        ASSERT_LT(i, 3u);
        EXPECT_STREQ(f->GetFieldAsString("code"), codes[i].c_str());
        EXPECT_STREQ(f->GetFieldAsString("level"), "grid");
        EXPECT_EQ(f->GetFieldAsInteger("filed"), 1);
        EXPECT_DOUBLE_EQ(f->GetFieldAsDouble("composite"), 1.0);
        EXPECT_EQ(f->GetFieldAsInteger("rank"), static_cast<int>(i));
        ++i;
    }
    EXPECT_EQ(i, 3u);
}

TEST(MvtLayer, PartsAppendedMakeTheSameLayerAsOneBuiltWhole) {
    const std::string codes[] = {"440303001001001", "440303001001002", "440303001001003",
                                 "440303001001004", "440303001001005", "440303001001006"};
    // Shared and new values in both parts, a key only the second part uses, and a point.
    auto properties = [&](std::size_t i) {
        std::vector<tiles::Property> p{{"code", codes[i]},
                                       {"level", "grid"},
                                       {"filed", static_cast<std::int64_t>(i % 3)},
                                       {"composite", 80.0 + static_cast<double>(i % 2)}};
        if (i >= 4) p.push_back({"findings", static_cast<std::int64_t>(i)});
        return p;
    };
    auto add = [&](tiles::MvtLayer& layer, std::size_t i) {
        if (i == 5)
            layer.add_point(i + 1, {10, 20}, properties(i));
        else
            layer.add_polygons(i + 1, square(100 * static_cast<std::int32_t>(i), 0, 50), properties(i));
    };
    tiles::MvtLayer whole("grid");
    for (std::size_t i = 0; i < 6; ++i) add(whole, i);
    for (std::size_t cut : {0u, 1u, 3u, 5u, 6u}) {
        SCOPED_TRACE(cut);
        tiles::MvtLayer first = in_two_parts(6, cut, add);
        EXPECT_EQ(first.size(), 6u);
        EXPECT_EQ(first.encode(), whole.encode());
        // A feature added after the parts were put together still shares the values.
        tiles::MvtLayer more = whole;
        more.add_polygons(7, square(0, 100, 50), properties(2));
        first.add_polygons(7, square(0, 100, 50), properties(2));
        EXPECT_EQ(first.encode(), more.encode());
    }
    EXPECT_EQ(count_layer_field(tiles::encode_tile({whole}), 4), 6u + 1 + 3 + 2 + 2);
}

TEST(MvtLayer, NumbersAreTheSameValueWhenTheirBytesAre) {
    // MVT 2.1 asks that a layer's values not repeat byte for byte: a NaN is the same value as
    // another NaN, while 0.0 and -0.0 (equal as numbers) are different bytes.
    auto values_of = [](std::vector<double> numbers) {
        tiles::MvtLayer layer("grid");
        for (std::size_t i = 0; i < numbers.size(); ++i) {
            std::vector<tiles::Property> props{{"v", numbers[i]}};
            layer.add_polygons(i + 1, square(100 * static_cast<std::int32_t>(i), 0, 50), props);
        }
        return count_layer_field(tiles::encode_tile({layer}), 4);
    };
    const double nan = std::numeric_limits<double>::quiet_NaN();
    EXPECT_EQ(values_of({nan, 1.0, nan}), 2u);
    EXPECT_EQ(values_of({0.0, 1.0, -0.0, 0.0}), 3u);
}

TEST(PropertyTable, NumbersEachValueOnceAndHoldsItsOwnText) {
    tiles::PropertyTable table;
    std::string code = "440303001001001";
    table.add_row();
    table.add("code", code);
    table.add("filed", std::int64_t{1});
    table.add("composite", 1.0);
    code.back() = '2'; // the table holds a copy of what it was given
    table.add_row();
    table.add("code", code);
    table.add("composite", 1.0);
    table.add("filed", std::int64_t{1});
    table.finish();
    ASSERT_EQ(table.rows(), 2u);
    EXPECT_EQ(table.key_count(), 3u);
    EXPECT_EQ(table.value_count(), 4u); // two codes, 1 and 1.0 (not the same value)
    auto first = table.tags(0), second = table.tags(1);
    ASSERT_EQ(first.size(), 6u);
    ASSERT_EQ(second.size(), 6u);
    EXPECT_EQ(std::get<std::string_view>(table.value(first[1]).get()), "440303001001001");
    EXPECT_EQ(std::get<std::string_view>(table.value(second[1]).get()), "440303001001002");
    EXPECT_EQ(table.key(second[2]), "composite");
    EXPECT_EQ(first[5], second[3]); // 1.0, numbered once
    EXPECT_EQ(first[3], second[5]); // 1
    EXPECT_NE(first[3], first[5]);
    EXPECT_THROW(table.add_row(), std::logic_error);
}

TEST(MvtLayer, PropertiesFromATableMakeTheSameLayerAsPropertyLists) {
    const std::string codes[] = {"440303001001001", "440303001001002", "440303001001003",
                                 "440303001001004", "440303001001005", "440303001001006"};
    // Values shared between features and new in each, a key only the last features have, a
    // feature without properties.
    auto properties = [&](std::size_t i) {
        std::vector<tiles::Property> p;
        if (i == 3) return p;
        p = {{"code", codes[i]},
             {"level", "grid"},
             {"filed", static_cast<std::int64_t>(i % 3)},
             {"composite", 80.0 + static_cast<double>(i % 2)}};
        if (i >= 4) p.push_back({"findings", static_cast<std::int64_t>(i)});
        return p;
    };
    tiles::PropertyTable table;
    tiles::MvtLayer from_lists("grid");
    for (std::size_t i = 0; i < 6; ++i) {
        table.add_row();
        for (const tiles::Property& p : properties(i)) table.add(p.key, p.value);
        from_lists.add_polygons(i + 1, square(100 * static_cast<std::int32_t>(i), 0, 50), properties(i));
    }
    table.finish();
    auto add = [&](tiles::MvtLayer& layer, std::size_t i) {
        layer.add_polygons(i + 1, square(100 * static_cast<std::int32_t>(i), 0, 50), table,
                           static_cast<std::uint32_t>(i));
    };
    tiles::MvtLayer from_table("grid");
    for (std::size_t i = 0; i < 6; ++i) add(from_table, i);
    EXPECT_EQ(from_table.encode(), from_lists.encode());
    for (std::size_t cut : {0u, 1u, 3u, 5u, 6u}) {
        SCOPED_TRACE(cut);
        tiles::MvtLayer first = in_two_parts(6, cut, add);
        EXPECT_EQ(first.encode(), from_lists.encode());
        add(first, 2); // after the parts are put together, values are still found again
        tiles::MvtLayer more = from_lists;
        more.add_polygons(3, square(200, 0, 50), properties(2));
        EXPECT_EQ(first.encode(), more.encode());
    }
    // One layer's values are numbered by one table, or listed: never both.
    EXPECT_THROW(from_table.add_polygons(9, square(0, 0, 50), properties(0)), std::logic_error);
    EXPECT_THROW(from_lists.add_polygons(9, square(0, 0, 50), table, 0), std::logic_error);
    EXPECT_THROW(from_lists.append(from_table), std::logic_error);
    tiles::PropertyTable other;
    other.add_row();
    other.add("code", codes[0]);
    other.finish();
    EXPECT_THROW(from_table.add_polygons(9, square(0, 0, 50), other, 0), std::logic_error);
}
