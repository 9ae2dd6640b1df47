#include "layers/dates.hpp"

#include <gtest/gtest.h>

using namespace wangge::layers;

TEST(Dates, AcceptsTheCensusForms) {
    EXPECT_EQ(parse_date("20261027"), "2026-10-27");
    EXPECT_EQ(parse_date("2026-10-27"), "2026-10-27");
    EXPECT_EQ(parse_date("2026/10/27"), "2026-10-27");
    EXPECT_EQ(parse_date("2026/3/7"), "2026-03-07");
    EXPECT_EQ(parse_date(" 2026-10-27 08:30:00 "), "2026-10-27");
}

TEST(Dates, RejectsWhatIsNotACalendarDate) {
    for (const char* bad :
         {"2026-02-29", "2026-13-01", "20261301", "27/10/2026", "2026.10.27", "soon", "2026-10"})
        EXPECT_FALSE(parse_date(bad)) << bad;
    EXPECT_EQ(parse_date("2024-02-29"), "2024-02-29");
}

TEST(Dates, TimestampsAreShanghaiLocal) {
    EXPECT_EQ(parse_timestamp("2026-10-31 23:59:59"), "2026-10-31T23:59:59");
    EXPECT_EQ(parse_timestamp("2026-10-31T16:00:00Z"), "2026-11-01T00:00:00");
    EXPECT_EQ(parse_timestamp("2026-10-31T12:00:00+08:00"), "2026-10-31T12:00:00");
    EXPECT_EQ(parse_timestamp("2026-10-31T12:00:00-0500"), "2026-11-01T01:00:00");
    EXPECT_EQ(parse_timestamp("2026/10/5 9:05"), "2026-10-05T09:05:00"); // as spreadsheets write it
    EXPECT_EQ(parse_timestamp("2026/10/31 9:5"), std::nullopt);
    EXPECT_EQ(parse_timestamp("2026/10/31 09:05"), "2026-10-31T09:05:00");
    EXPECT_EQ(parse_timestamp("20261031"), "2026-10-31T00:00:00");
    EXPECT_EQ(parse_timestamp("2026-10-31 10:00:00.250"), "2026-10-31T10:00:00");
    EXPECT_FALSE(parse_timestamp("2026-10-31 25:00"));
    EXPECT_FALSE(parse_timestamp("2026-10-31 10:00 CST"));
}

TEST(Dates, LocalSecondsRoundTrip) {
    long long t = local_seconds("2026-11-27T08:30:15");
    EXPECT_EQ(format_local(t), "2026-11-27T08:30:15");
    EXPECT_EQ(format_local(t, ' '), "2026-11-27 08:30:15");
    EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
    EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
}

TEST(Dates, TheLastSecondOfADayIs235959) {
    EXPECT_EQ(parse_timestamp("2026-10-01 23:59:59"), "2026-10-01T23:59:59");
    // Neither a leap second nor ISO's 24:00 is a time a case log records: one rule, both refused.
    EXPECT_FALSE(parse_timestamp("2026-10-01 23:59:60"));
    EXPECT_FALSE(parse_timestamp("2026-10-01 24:00:00"));
    EXPECT_FALSE(parse_timestamp("2026-10-01 24:00"));
}
