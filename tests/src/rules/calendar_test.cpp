#include "geo/error.hpp"
#include "layers/dates.hpp"
#include "src/rules/calendar.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

using namespace wangge;
using namespace wangge::rules;

namespace {

std::string deadline(const WorkingCalendar& cal, const char* start, double hours) {
    std::vector<WorkingSpan> spans{{9 * 60, 12 * 60}, {14 * 60, 18 * 60}};
    return layers::format_local(cal.add_working_hours(layers::local_seconds(start), hours, spans));
}

} // namespace

TEST(Calendar, HolidaysAndAdjustedWorkdays) {
    WorkingCalendar cal = WorkingCalendar::load(test::data_dir() + "/calendar");
    EXPECT_FALSE(cal.is_working_day("2026-10-01")); // National Day, Thursday
    EXPECT_TRUE(cal.is_working_day("2026-10-10"));  // adjusted working Saturday
    EXPECT_FALSE(cal.is_working_day("2026-10-11")); // ordinary Sunday
    EXPECT_TRUE(cal.is_working_day("2026-10-12"));  // ordinary Monday
    EXPECT_TRUE(cal.is_working_day("2026-02-14"));  // Spring Festival adjusted Saturday
    EXPECT_FALSE(cal.is_working_day("2026-02-17"));
    EXPECT_GE(cal.years().size(), 2u);
}

TEST(Calendar, WorkingHoursSkipLunchNightsWeekendsAndHolidays) {
    WorkingCalendar cal = WorkingCalendar::load(test::data_dir() + "/calendar");
    EXPECT_EQ(deadline(cal, "2026-10-13T11:00:00", 2), "2026-10-13T15:00:00");   // across lunch
    EXPECT_EQ(deadline(cal, "2026-10-13T17:00:00", 2), "2026-10-14T10:00:00");   // across the night
    EXPECT_EQ(deadline(cal, "2026-10-16T17:00:00", 2), "2026-10-19T10:00:00");   // Friday → Monday
    EXPECT_EQ(deadline(cal, "2026-09-30T17:00:00", 2), "2026-10-08T10:00:00");   // National Day week
    EXPECT_EQ(deadline(cal, "2026-10-09T17:30:00", 1), "2026-10-10T09:30:00");   // adjusted Saturday
    EXPECT_EQ(deadline(cal, "2026-10-13T07:00:00", 7), "2026-10-13T18:00:00");   // starts before work
    EXPECT_EQ(deadline(cal, "2026-10-13T12:30:00", 0.5), "2026-10-13T14:30:00"); // starts at lunch
}

TEST(Calendar, BadFilesNameFileAndLine) {
    test::TempDir dir;
    struct Case {
        std::string rows, expected;
    } cases[] = {
        {"2026-10-01,holiday,国庆\n2026-10-0x,holiday,国庆\n", "is not a date"},
        {"2026-10-01,holiday,国庆\n2026-10-02,vacation,国庆\n", "neither holiday nor workday"},
        {"2026-10-01,holiday,国庆\n2026-10-01,holiday,国庆\n", "listed twice"},
        {"2026-10-01,holiday,国庆\n2026-10-09,workday,调休\n", "only a weekend day"},
        {"2026-10-01,holiday,国庆\n2025-10-01,holiday,国庆\n", "is not in 2026"},
    };
    for (const auto& c : cases) {
        test::write_file(dir.file("2026.csv"), "date,type,name\n" + c.rows);
        try {
            WorkingCalendar::load(dir.file("2026.csv"));
            ADD_FAILURE() << c.rows;
        } catch (const InputError& e) {
            std::string msg = e.what();
            EXPECT_NE(msg.find("2026.csv line 3"), std::string::npos) << msg;
            EXPECT_NE(msg.find(c.expected), std::string::npos) << msg;
        }
    }
}
