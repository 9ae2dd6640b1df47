#include "geo/json_writer.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <random>
#include <stdexcept>

using wangge::JsonWriter;

TEST(JsonWriter, EscapesQuotesBackslashesAndControlCharacters) {
    std::string out;
    JsonWriter w(out);
    w.string("a\"b\\c\nd\te\r\x01\x1f/");
    w.finish();
    EXPECT_EQ(out, R"("a\"b\\c\nd\te\r\u0001\u001f/")");
    EXPECT_EQ(nlohmann::json::parse(out).get<std::string>(), "a\"b\\c\nd\te\r\x01\x1f/");
}

TEST(JsonWriter, KeepsUtf8AndReplacesWhatIsNotUtf8) {
    std::string out;
    JsonWriter w(out);
    w.begin_array();
    w.string("福田区 😀"); // two-, three- and four-byte sequences kept
    w.string(std::string("a\xff"
                         "b\xc3",
                         4)); // a stray byte and a cut sequence
    w.string("\xed\xa0\x80"); // a UTF-16 surrogate encoded in UTF-8
    w.string("\xc0\xaf");     // an overlong '/'
    w.end_array();
    w.finish();
    auto j = nlohmann::json::parse(out); // throws on invalid UTF-8
    EXPECT_EQ(j[0], "福田区 😀");
    EXPECT_EQ(j[1], "a\xEF\xBF\xBD"
                    "b\xEF\xBF\xBD");
    EXPECT_EQ(j[2], "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    EXPECT_EQ(j[3], "\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(JsonWriter, WritesNanAndInfinityAsNull) {
    std::string out;
    JsonWriter w(out);
    w.begin_object();
    w.key("nan").number(std::nan(""));
    w.key("inf").rounded(std::numeric_limits<double>::infinity(), 2);
    w.key("none").rounded(std::optional<double>{}, 4);
    w.key("half").rounded(std::optional<double>{0.123456}, 4);
    w.end_object();
    w.finish();
    EXPECT_EQ(out, R"({"nan":null,"inf":null,"none":null,"half":0.1235})");
}

TEST(JsonWriter, NumbersReadBackAndMatchNlohmannWhereItIsShortest) {
    auto text = [](double v) {
        std::string out;
        JsonWriter w(out);
        w.number(v);
        w.finish();
        return out;
    };
    // Figures as the outputs hold them (rounded to 2 or 4 places) and the layouts' edges: the same
    // text as nlohmann::json (whose Grisu2 may take a 17th digit where 16 suffice, so random
    // doubles are only read back).
    std::vector<double> same = {
        0.0,     -0.0,   1.0,    100.0, 0.1,      0.0001, 0.00001, 87.5, 1e15, 1e16, 123456789012345.0,
        -2.5e-7, 5e-324, 0.8333, 33.33, 12345.678};
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> unit(0, 1);
    for (int i = 0; i < 2000; ++i) {
        same.push_back(std::round(unit(rng) * 10000) / 10000);
        same.push_back(std::round(unit(rng) * 10000) / 100);
    }
    for (double v : same) EXPECT_EQ(text(v), nlohmann::json(v).dump()) << v;
    for (int i = 0; i < 5000; ++i) {
        double v = std::ldexp(unit(rng), static_cast<int>(rng() % 200) - 100);
        std::string t = text(v);
        EXPECT_EQ(std::strtod(t.c_str(), nullptr), v) << t;
        EXPECT_LE(t.size(), nlohmann::json(v).dump().size()) << t;
    }
}

TEST(JsonWriter, LaysContainersOutOnLinesOrCompact) {
    std::string out;
    JsonWriter w(out);
    w.begin_object(JsonWriter::Layout::lines);
    w.key("period").begin_object().key("id").string("2026-10").end_object();
    w.key("regions").begin_array(JsonWriter::Layout::lines);
    w.begin_object().key("n").integer(1).end_object();
    w.begin_object().key("n").integer(-2).key("ok").boolean(true).end_object();
    w.end_array();
    w.key("empty").begin_array(JsonWriter::Layout::lines).end_array();
    w.key("raw").raw("[1,2]");
    w.end_object();
    w.finish();
    EXPECT_EQ(out, "{\n  \"period\": {\"id\":\"2026-10\"},\n  \"regions\": [\n    {\"n\":1},\n    "
                   "{\"n\":-2,\"ok\":true}\n  ],\n  \"empty\": [\n  ],\n  \"raw\": [1,2]\n}");
    EXPECT_TRUE(nlohmann::json::accept(out));
}

TEST(JsonWriter, StreamsInPiecesToItsSink) {
    std::vector<std::size_t> pieces;
    std::string all;
    JsonWriter w(
        [&](std::string_view piece) {
            pieces.push_back(piece.size());
            all.append(piece);
        },
        1024);
    w.begin_array();
    for (int i = 0; i < 10000; ++i) w.begin_object().key("i").integer(i).end_object();
    w.end_array();
    w.finish();
    ASSERT_GT(pieces.size(), 50u);
    for (std::size_t k = 0; k + 1 < pieces.size(); ++k) EXPECT_LT(pieces[k], 1100u);
    auto j = nlohmann::json::parse(all);
    ASSERT_EQ(j.size(), 10000u);
    EXPECT_EQ(j[9999]["i"], 9999);
}

TEST(JsonWriter, RefusesMisuse) {
    std::string out;
    JsonWriter w(out);
    w.begin_object();
    EXPECT_THROW(w.integer(1), std::logic_error); // no key
    EXPECT_THROW(w.end_array(), std::logic_error);
    EXPECT_THROW(w.finish(), std::logic_error); // still open
    w.end_object();
    EXPECT_NO_THROW(w.finish());
}
