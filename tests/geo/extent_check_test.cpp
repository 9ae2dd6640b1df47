#include "geo/extent_check.hpp"

#include <gtest/gtest.h>

using namespace wangge::geo;

TEST(ExtentCheck, ShenzhenInGaussKrugerFits) {
    CrsInfo gk = describe_crs("EPSG:4547");
    ASSERT_TRUE(gk.area_of_use);
    EXPECT_EQ(judge_extent(gk, {480000, 2480000, 520000, 2520000}), ExtentVerdict::fits);
    EXPECT_EQ(judge_extent(gk, {2480000, 480000, 2520000, 520000}), ExtentVerdict::swapped);
    EXPECT_EQ(judge_extent(gk, {3480000, 2480000, 3520000, 2520000}), ExtentVerdict::outside);
}

TEST(ExtentCheck, LongitudeAndLatitude) {
    CrsInfo cgcs = describe_crs("EPSG:4490");
    EXPECT_EQ(judge_extent(cgcs, {113.8, 22.4, 114.6, 22.9}), ExtentVerdict::fits);
    EXPECT_EQ(judge_extent(cgcs, {22.4, 113.8, 22.9, 114.6}), ExtentVerdict::swapped);
    // Projected metres declared as degrees.
    EXPECT_EQ(judge_extent(cgcs, {480000, 2480000, 520000, 2520000}), ExtentVerdict::outside);
}

TEST(ExtentCheck, ACrsWithoutAreaAcceptsAnything) {
    CrsInfo local = describe_crs("+proj=tmerc +lon_0=114 +ellps=GRS80 +units=m +type=crs");
    EXPECT_FALSE(local.area_of_use);
    EXPECT_EQ(judge_extent(local, {0, 0, 1, 1}), ExtentVerdict::fits);
}
