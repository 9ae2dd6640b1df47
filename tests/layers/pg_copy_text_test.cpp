#include "layers/pg_copy_text.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

namespace {

using wangge::layers::CopyLine;
using wangge::layers::DecodedGeometry;
using wangge::layers::GeometryKind;

std::string fields_of(const CopyLine& line) {
    std::string out;
    for (std::size_t i = 0; i < line.size(); ++i)
        out += line[i] ? "[" + std::string(*line[i]) + "]" : "<null>";
    return out;
}

template <typename T> std::string bytes(T v) {
    std::string out(sizeof v, '\0');
    std::memcpy(out.data(), &v, sizeof v);
    return out;
}

std::string hex(const std::string& raw, bool lower = false) {
    const char* digits = lower ? "0123456789abcdef" : "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : raw) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

TEST(CopyLine, SplitsAtTabsAndUnescapesOnlyTheFieldsThatNeedIt) {
    CopyLine line;
    line.split("1\t\\N\t\tplain 文本\tback\\\\slash \\\\N\ttab\\there\tline\\nbreak\\r\\n\tend\\");
    EXPECT_EQ(fields_of(line), "[1]<null>[][plain 文本][back\\slash \\N][tab\there][line\nbreak\r\n][end\\]");
    const std::string_view source = "a\tb";
    line.split(source);
    ASSERT_EQ(line.size(), 2u);
    EXPECT_EQ(line[0]->data(), source.data()) << "a field without escapes is a view of the line";
    line.split("x\t");
    EXPECT_EQ(fields_of(line), "[x][]") << "a last empty field is a field";
    line.split("\\N");
    EXPECT_EQ(fields_of(line), "<null>");
    // As libpqxx hands a line over: with the newline that ends it.
    line.split("night\t\\N\n");
    EXPECT_EQ(fields_of(line), "[night]<null>");
    line.split("a\\nb\n");
    EXPECT_EQ(fields_of(line), "[a\nb]");
}

TEST(CopyLine, UnescapedFieldsStayInPlaceWhileTheLineIsRead) {
    CopyLine line;
    // Many escaped fields: the buffers of the first must not move as later ones are added.
    std::string text;
    for (int i = 0; i < 40; ++i) text += (i ? "\t" : "") + std::string("f\\t") + std::to_string(i);
    line.split(text);
    ASSERT_EQ(line.size(), 40u);
    for (int i = 0; i < 40; ++i) EXPECT_EQ(*line[static_cast<std::size_t>(i)], "f\t" + std::to_string(i));
}

TEST(DecodedGeometry, PointsWithAndWithoutSridInEitherByteOrder) {
    DecodedGeometry g;
    const std::string with_srid = "\x01" + bytes<std::uint32_t>(0x20000001) + bytes<std::uint32_t>(4547) +
                                  bytes(505000.25) + bytes(2494000.5);
    g.decode(GeometryKind::point, hex(with_srid));
    EXPECT_EQ(g.x, 505000.25);
    EXPECT_EQ(g.y, 2494000.5);
    EXPECT_TRUE(g.problem.empty());
    g.decode(GeometryKind::point, hex("\x01" + bytes<std::uint32_t>(1) + bytes(1.5) + bytes(-2.0), true));
    EXPECT_EQ(g.x, 1.5);
    EXPECT_EQ(g.y, -2.0);
    // Big-endian (XDR): the bytes of each number reversed.
    auto reversed = [](std::string s) { return std::string(s.rbegin(), s.rend()); };
    g.decode(GeometryKind::point, hex(std::string(1, '\0') + reversed(bytes<std::uint32_t>(1)) +
                                      reversed(bytes(7.25)) + reversed(bytes(8.5))));
    EXPECT_EQ(g.x, 7.25);
    EXPECT_EQ(g.y, 8.5);
    const double nan = std::nan("");
    g.decode(GeometryKind::point, hex("\x01" + bytes<std::uint32_t>(1) + bytes(nan) + bytes(nan)));
    EXPECT_EQ(g.problem, "empty geometry");
}

TEST(DecodedGeometry, PolygonsBecomeIsoWkbAndWhatIsWrongIsSaid) {
    DecodedGeometry g;
    std::string polygon =
        "\x01" + bytes<std::uint32_t>(3) + bytes<std::uint32_t>(1) + bytes<std::uint32_t>(4);
    for (auto [x, y] : {std::pair{0.0, 0.0}, {1.0, 0.0}, {0.0, 1.0}, {0.0, 0.0}})
        polygon += bytes(x) + bytes(y);
    const std::string parts = bytes<std::uint32_t>(1) + polygon;
    g.decode(GeometryKind::polygon,
             hex("\x01" + bytes<std::uint32_t>(0x20000006) + bytes<std::uint32_t>(4547) + parts));
    EXPECT_EQ(g.wkb, "\x01" + bytes<std::uint32_t>(6) + parts) << "the SRID dropped, the type made ISO";
    EXPECT_TRUE(g.problem.empty());
    EXPECT_TRUE(std::isnan(g.x));

    // Big-endian (XDR), with an SRID: the type's flag is in its first byte.
    auto be = [](std::uint32_t v) {
        std::string b = bytes<std::uint32_t>(v);
        return std::string(b.rbegin(), b.rend());
    };
    const std::string be_body = be(1) + be(1) + be(0);
    g.decode(GeometryKind::polygon, hex(std::string(1, '\0') + be(0x20000003) + be(4547) + be_body));
    EXPECT_EQ(g.wkb, std::string(1, '\0') + be(3) + be_body);
    EXPECT_TRUE(g.problem.empty());

    g.decode(GeometryKind::polygon, std::nullopt);
    EXPECT_EQ(g.problem, "no geometry");
    EXPECT_TRUE(g.wkb.empty()) << "nothing is kept from the row before";
    g.decode(GeometryKind::polygon, hex("\x01" + bytes<std::uint32_t>(6) + bytes<std::uint32_t>(0)));
    EXPECT_EQ(g.problem, "empty geometry");
    g.decode(GeometryKind::polygon, "0106");
    EXPECT_EQ(g.problem, "unreadable geometry");
    g.decode(GeometryKind::point, hex("\x01" + bytes<std::uint32_t>(1) + bytes(1.0)));
    EXPECT_EQ(g.problem, "unreadable geometry") << "a point without its y";
}

} // namespace
