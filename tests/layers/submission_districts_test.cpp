#include "layers/submission_districts.hpp"

#include "geo/error.hpp"

#include <gtest/gtest.h>

using namespace wangge::layers;

TEST(SubmissionDistricts, ADistrictsFileWithAFewStrayCodesReplacesOnlyItself) {
    // 1,923 rows of 440303 over 89 grids (21.6 a grid) and 3 coded 440304: 5 % is 97 rows.
    auto d = decide_submission_districts({{"440303", 1920}, {"440304", 3}}, 1923, 1923.0 / 89, "c303.shp");
    EXPECT_EQ(d.replaced, std::vector<std::string>{"440303"});
    EXPECT_EQ(d.home, "440303");
    EXPECT_EQ(d.foreign, (std::map<std::string, long long>{{"440304", 3}}));
}

TEST(SubmissionDistricts, AWholeCityFileReplacesEveryDistrictItHolds) {
    auto d = decide_submission_districts({{"440303", 900}, {"440304", 1000}, {"440305", 150}, {"", 7}}, 2057,
                                         20.0, "all.shp");
    EXPECT_EQ(d.replaced, (std::vector<std::string>{"440303", "440304", "440305"}));
    EXPECT_EQ(d.home, "440304");
    EXPECT_TRUE(d.foreign.empty());
    EXPECT_EQ(d.unassigned, 7);
}

TEST(SubmissionDistricts, ASmallShareBelowOneGridsWorthIsNotASubmission) {
    // 5 % of 200 rows is 10; one grid's worth is 40 rows: 30 rows of 440305 are not enough.
    auto d = decide_submission_districts({{"440303", 170}, {"440305", 30}}, 200, 40.0, "c.shp");
    EXPECT_EQ(d.replaced, std::vector<std::string>{"440303"});
    EXPECT_EQ(d.foreign.at("440305"), 30);
}

TEST(SubmissionDistricts, AFileOfNoDistrictIsRefused) {
    EXPECT_THROW(decide_submission_districts({{"", 12}}, 12, 1.0, "bad.shp"), wangge::InputError);
}

TEST(SubmissionDistricts, GivenDistrictCountsTheOthers) {
    auto d = given_submission_district("440303", {{"440303", 10}, {"440304", 2}, {"", 1}});
    EXPECT_EQ(d.replaced, std::vector<std::string>{"440303"});
    EXPECT_EQ(d.foreign.at("440304"), 2);
    EXPECT_EQ(d.unassigned, 1);
}
