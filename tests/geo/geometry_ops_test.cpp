#include "geo/error.hpp"
#include "geo/geometry_ops.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

using namespace wangge;
using test::polygon_wkb;
using test::rect_wkb;

TEST(GeometryOps, AreaOfRectangle) {
    EXPECT_DOUBLE_EQ(geo::area(rect_wkb(0, 0, 100, 50)), 5000.0);
}

TEST(GeometryOps, UnionOfNeighboursHasNoInnerEdge) {
    std::vector<std::string> parts{rect_wkb(0, 0, 100, 100), rect_wkb(100, 0, 200, 100)};
    std::string u = geo::union_polygons(parts);
    EXPECT_NEAR(geo::area(u), 20000.0, 1e-6);
    EXPECT_TRUE(geo::is_valid(u));
}

TEST(GeometryOps, UnionRepairsBowtieInsteadOfFailing) {
    // A bowtie: two triangles of 2500 m² each meeting at (50, 50); the east one touches the square.
    std::string bowtie = polygon_wkb({0, 0, 100, 100, 100, 0, 0, 100});
    EXPECT_FALSE(geo::is_valid(bowtie));
    std::vector<std::string> parts{bowtie, rect_wkb(100, 0, 200, 100)};
    std::string u = geo::union_polygons(parts);
    EXPECT_NEAR(geo::area(u), 15000.0, 1e-6);
}

TEST(GeometryOps, MalformedWkbIsBackendErrorWithGeosMessage) {
    std::string junk = "\x01\x03\x00\x00\x00\xff\xff";
    try {
        geo::area(junk);
        FAIL() << "expected BackendError";
    } catch (const BackendError& e) {
        std::string msg = e.what();
        EXPECT_NE(msg.find("WKB read"), std::string::npos) << msg;
        EXPECT_GT(msg.size(), std::string("GEOS WKB read failed: ").size()) << msg;
    }
}
