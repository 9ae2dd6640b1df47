// The counting rules a region's, a person's and a department's grade depend on (domain.md §2,
// §5–§7), each with its figures worked out by hand in the comments.

#include "geo/error.hpp"
#include "layers/dates.hpp"
#include "src/assess/assessment.hpp"
#include "src/rules/calendar.hpp"
#include "src/rules/rules.hpp"
#include "tests/src/assess/assess_support.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

using namespace wangge;
using namespace wangge::assess;
using wangge::test::calendar;
using wangge::test::default_rules;
using wangge::test::t;

namespace {

rules::Rules rules_with(const std::string& key, const std::string& value) {
    std::string text = test::read_file(test::data_dir() + "/rules.json");
    std::string from = "\"" + key + "\": ";
    auto at = text.find(from);
    EXPECT_NE(at, std::string::npos);
    auto end = text.find(',', at);
    text.replace(at + from.size(), end - at - from.size(), value);
    test::TempDir dir;
    test::write_file(dir.file("rules.json"), text);
    return rules::Rules::load(dir.file("rules.json"));
}

Case make_case(long long filed, long long deadline, long long closed) {
    Case c;
    c.grid = 0;
    c.source = Source::collector;
    c.reported = filed - 600;
    c.filed = filed;
    c.dispatched = filed + 600;
    c.deadline = deadline;
    c.closed = closed;
    return c;
}

CaseLog one_grid(std::vector<Case> cases) {
    CaseLog log;
    log.grids = {{"440303001001001", false}};
    log.cases = std::move(cases);
    return log;
}

RegionResult grid_of(const Assessment& a) {
    for (const auto& r : a.regions)
        if (r.level == layers::Level::grid) return r;
    throw std::runtime_error("no grid");
}

} // namespace

TEST(CountingRules, AnOverdueCaseStaysDueUntilClosed) {
    // Filed 5 September, due 10 September, still open at the end of October.
    CaseLog log = one_grid({make_case(t("2026-09-05T10:00:00"), t("2026-09-10T18:00:00"), 0)});
    const RegionResult r = grid_of(assess::assess(log, parse_period("2026-10"), default_rules(), calendar()));
    EXPECT_EQ(r.counts.overdue_open, 1);
    EXPECT_EQ(r.counts.carried_over, 1);
    EXPECT_EQ(r.counts.due, 1);
    // closure 0/1 and on time 0/1 score 0; nothing filed in October (filed score 100), no public
    // report (100): composite = 10 % × 100 + 20 % × 100 + 0 + 0 = 30.00, grade E (< 40).
    EXPECT_EQ(r.rates.closure_rate, 0.0);
    EXPECT_DOUBLE_EQ(r.scores.composite, 30.0);
    EXPECT_EQ(r.grade, "E");
    // Closed on 3 November it is closed in November, late, and no longer due in December.
    log.cases[0].closed = log.cases[0].disposed = t("2026-11-03T10:00:00");
    const RegionResult nov =
        grid_of(assess::assess(log, parse_period("2026-11"), default_rules(), calendar()));
    EXPECT_EQ(nov.counts.closed, 1);
    EXPECT_EQ(nov.counts.closed_on_time, 0);
    EXPECT_EQ(nov.counts.carried_over, 0);
    const RegionResult dec =
        grid_of(assess::assess(log, parse_period("2026-12"), default_rules(), calendar()));
    EXPECT_EQ(dec.counts.due, 0);
    // The old rule, some cities' bulletins: only deadlines inside the period count.
    log.cases[0].closed = log.cases[0].disposed = 0;
    const RegionResult old = grid_of(
        assess::assess(log, parse_period("2026-10"), rules_with("carry_over_overdue", "false"), calendar()));
    EXPECT_EQ(old.counts.due, 0);
    EXPECT_EQ(old.grade, "A");
}

TEST(CountingRules, SuspendedSupervisedNoDeadlineAndValidReports) {
    std::vector<Case> cases;
    // 1: suspended (挂账), open, deadline passed: not due, counted as suspended.
    cases.push_back(make_case(t("2026-10-05T10:00:00"), t("2026-10-08T18:00:00"), 0));
    cases.back().suspended = true;
    // 2: supervised (督办), closed on time.
    cases.push_back(make_case(t("2026-10-06T10:00:00"), t("2026-10-09T18:00:00"), t("2026-10-08T10:00:00")));
    cases.back().supervised = true;
    // 3: supervised, still open, not yet due.
    cases.push_back(make_case(t("2026-10-28T10:00:00"), t("2026-11-03T18:00:00"), 0));
    cases.back().supervised = true;
    // 4: closed with no deadline (its class unknown): on time, and counted apart.
    cases.push_back(make_case(t("2026-10-07T10:00:00"), 0, t("2026-10-20T10:00:00")));
    // 5: reported, never filed; 6: filed then voided.
    Case unfiled;
    unfiled.grid = 0;
    unfiled.source = Source::collector;
    unfiled.reported = t("2026-10-10T10:00:00");
    cases.push_back(unfiled);
    cases.push_back(make_case(t("2026-10-11T10:00:00"), t("2026-10-15T18:00:00"), 0));
    cases.back().voided = true;
    const RegionResult r =
        grid_of(assess::assess(one_grid(cases), parse_period("2026-10"), default_rules(), calendar()));
    EXPECT_EQ(r.counts.suspended, 1);
    EXPECT_EQ(r.counts.overdue_open, 0);
    EXPECT_EQ(r.counts.supervised, 2);
    EXPECT_EQ(r.counts.supervised_closed, 1);
    EXPECT_EQ(r.counts.no_deadline, 1);
    EXPECT_EQ(r.counts.closed, 2);
    EXPECT_EQ(r.counts.closed_on_time, 2);
    EXPECT_EQ(r.counts.due, 2);
    // Reports 6 (voided included); valid: filed and not voided, cases 1–4 → 4/6 = 0.6667.
    EXPECT_EQ(r.counts.reports, 6);
    EXPECT_EQ(r.counts.valid_reports, 4);
    EXPECT_EQ(r.rates.valid_report_rate, 0.6667);
    // Filed 4 in one grid: ≤ 4 scores 75. Closure and on time 2/2: composite
    // = 10 + 0.2 × 75 + 30 + 40 = 95.00, A (the suspended case no longer makes it an E).
    EXPECT_DOUBLE_EQ(r.scores.filed_score, 75);
    EXPECT_DOUBLE_EQ(r.scores.composite, 95.0);
    EXPECT_EQ(r.grade, "A");
}

TEST(CountingRules, TheGradeIsReadFromThePublishedComposite) {
    // Filed in September, all due in October: 6 closed on time, 1 overdue open.
    std::vector<Case> cases;
    for (int i = 0; i < 6; ++i)
        cases.push_back(
            make_case(t("2026-09-28T10:00:00"), t("2026-10-09T18:00:00"), t("2026-10-08T10:00:00")));
    cases.push_back(make_case(t("2026-09-28T10:00:00"), t("2026-10-09T18:00:00"), 0));
    const RegionResult r =
        grid_of(assess::assess(one_grid(cases), parse_period("2026-10"), default_rules(), calendar()));
    // 6/7 = 0.857142… is published 0.8571, scoring 85.71 for closure and on time; nothing filed in
    // October (100), no public report (100): 10 + 20 + 0.3 × 85.71 + 0.4 × 85.71 = 89.997, which
    // is published 90.00: an A, never a B.
    EXPECT_EQ(r.rates.closure_rate, 0.8571);
    EXPECT_DOUBLE_EQ(r.scores.closure_score, 85.71);
    EXPECT_DOUBLE_EQ(r.scores.composite, 90.0);
    EXPECT_EQ(r.grade, "A");
    EXPECT_DOUBLE_EQ(published(89.995, 2), 90.0);
    EXPECT_DOUBLE_EQ(published(-0.125, 2), -0.13);
}

TEST(CountingRules, CalendarsOfPastYearsAndMissingOnes) {
    // 2024 National Day: filed Monday 30 September 16:00 with 4 working hours: 2 that day
    // (16:00–18:00), 1–7 October off, then 2 on Tuesday 8 October: due 11:00.
    const auto& cal = calendar();
    EXPECT_EQ(cal.add_working_hours(t("2024-09-30T16:00:00"), 4, default_rules().working_hours),
              t("2024-10-08T11:00:00"));
    // Saturday 12 October 2024 was a working day (调休).
    EXPECT_TRUE(cal.is_working_day("2024-10-12"));
    for (int year = 2019; year <= 2026; ++year) EXPECT_TRUE(cal.covers(year, year)) << year;
    // A period in a year without a file is refused, naming the file to add.
    CaseLog log = one_grid({make_case(t("2018-10-05T10:00:00"), t("2018-10-09T18:00:00"), 0)});
    try {
        assess::assess(log, parse_period("2018-10"), default_rules(), cal);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("add 2018.csv"), std::string::npos) << e.what();
    }
    // A deadline that runs into such a year is warned of.
    log.cases = {make_case(t("2026-12-31T17:00:00"), 0, 0)};
    log.cases[0].deadline = t("2027-01-04T10:00:00");
    log.cases[0].deadline_assumed = true;
    Assessment a = assess::assess(log, parse_period("2026-12"), default_rules(), cal);
    ASSERT_EQ(a.warnings.size(), 1u);
    EXPECT_NE(a.warnings[0].find("1 deadlines run into a year without a calendar file"), std::string::npos);
}

TEST(CountingRules, CollectorsClockAndOperatorsNaturalClock) {
    const auto& hours = default_rules().collector_hours;
    // 20:55 → 21:00 is 5 minutes, 08:00 → 08:05 another 5: 10 minutes, not 11 hours.
    EXPECT_EQ(rules::daily_seconds(t("2026-10-10T20:55:00"), t("2026-10-11T08:05:00"), hours), 600);
    // The collectors work every day, holidays too: 1 October 08:00 → 09:00 is an hour.
    EXPECT_EQ(rules::daily_seconds(t("2026-10-01T08:00:00"), t("2026-10-01T09:00:00"), hours), 3600);

    CaseLog log = one_grid({});
    log.ids = {"", "c1", "op1"};
    Case c = make_case(t("2026-10-12T09:20:00"), t("2026-10-20T18:00:00"), 0);
    c.source = Source::public_report;
    c.reported = t("2026-10-10T10:00:00"); // Saturday
    c.verify_sent = t("2026-10-10T20:55:00");
    c.verified = t("2026-10-11T08:05:00"); // 10 collector minutes: on time (limit 60)
    c.verifier = 1;
    c.filer = 2;                        // filed Monday 09:20: 47 h 20 min after the
    c.filed = t("2026-10-12T09:20:00"); // verification on the operators' 7×24 clock: late
    c.dispatcher = 2;
    c.dispatched = t("2026-10-12T09:40:00"); // 20 minutes: on time (limit 30)
    log.cases.push_back(c);
    Assessment a = assess::assess(log, parse_period("2026-10"), default_rules(), calendar());
    int found = 0;
    for (const StaffResult& s : a.staff) {
        found += s.person_id == "c1" || s.person_id == "op1";
        if (s.person_id == "c1") {
            EXPECT_EQ(s.verify_tasks, 1);
            EXPECT_EQ(s.verify_on_time, 1);
        }
        if (s.person_id == "op1") {
            EXPECT_EQ(s.operations, 2);
            EXPECT_EQ(s.late_operations, 1);
            EXPECT_EQ(s.timeout_rate, 0.5);
        }
    }
    EXPECT_EQ(found, 2);
}

TEST(CountingRules, DepartmentsAreScoredOnWhatTheyDoNotWhatTheyAreGiven) {
    // Department A: 4 due, 3 closed (2 on time, 1 reworked). B: 2 due, 2 closed on time.
    CaseLog log = one_grid({});
    log.ids = {"", "A", "B"};
    auto add = [&](std::uint32_t dept, long long closed, long long disposed, int rework) {
        Case c = make_case(t("2026-10-05T10:00:00"), t("2026-10-10T18:00:00"), closed);
        c.disposed = disposed;
        c.rework = rework;
        c.dept = dept;
        log.cases.push_back(c);
    };
    add(1, t("2026-10-08T10:00:00"), 0, 0);
    add(1, t("2026-10-09T10:00:00"), 0, 1);
    add(1, t("2026-10-15T10:00:00"), t("2026-10-14T10:00:00"), 0);
    add(1, 0, 0, 0);
    add(2, t("2026-10-08T10:00:00"), 0, 0);
    add(2, t("2026-10-08T11:00:00"), 0, 0);
    Assessment a = assess::assess(log, parse_period("2026-10"), default_rules(), calendar());
    ASSERT_EQ(a.departments.size(), 2u);
    // B: 30 % × 100 + 40 % × 100 + 30 % × 100 = 100.00.
    EXPECT_EQ(a.departments[0].dept_code, "B");
    EXPECT_DOUBLE_EQ(a.departments[0].composite, 100.0);
    // A: closure 3/4 = 75, on time 2/4 = 50, rework 1/3 = 0.3333 → 66.67:
    // 0.3 × 75 + 0.4 × 50 + 0.3 × 66.67 = 22.5 + 20 + 20.001 = 62.50.
    const DepartmentResult& d = a.departments[1];
    EXPECT_EQ(d.dept_code, "A");
    EXPECT_EQ(d.counts.filed, 4); // reported, not scored
    EXPECT_DOUBLE_EQ(d.rework_score, 66.67);
    EXPECT_DOUBLE_EQ(d.composite, 62.5);
    EXPECT_EQ(d.grade, "C");
}

namespace {

/// A week or month built to a published bulletin's totals: `closed_on_time` + `late` closed in the
/// period, `overdue` still open past their deadline, `reworked` of the closed sent back.
CaseLog bulletin(const char* filed_at, const char* deadline, const char* closed_at, const char* late_at,
                 long long closed_on_time, long long late, long long overdue, long long not_yet_due,
                 long long reworked, const char* due_later) {
    CaseLog log;
    log.grids = {{"320803001001001", false}};
    auto add = [&](long long closed, long long disposed, const char* dl) {
        Case c = make_case(t(filed_at), t(dl), closed);
        c.disposed = disposed;
        log.cases.push_back(c);
    };
    for (long long i = 0; i < closed_on_time; ++i) add(t(closed_at), 0, deadline);
    for (long long i = 0; i < late; ++i) add(t(late_at), t(late_at), deadline);
    for (long long i = 0; i < overdue; ++i) add(0, 0, deadline);
    for (long long i = 0; i < not_yet_due; ++i) add(0, 0, due_later);
    for (long long i = 0; i < reworked; ++i) log.cases[static_cast<std::size_t>(i)].rework = 1;
    return log;
}

} // namespace

TEST(CountingRules, HuaianMay2019) {
    // 立案 15716, 应结案 14173, 结案 13599, 按期结案 13117 → 结案率 95.95 %, 按期结案率 92.55 %.
    // 13599 − 13117 = 482 closed late; 14173 − 13599 = 574 overdue; 15716 − 14173 = 1543 not due.
    CaseLog log = bulletin("2019-05-06T10:00:00", "2019-05-20T18:00:00", "2019-05-15T10:00:00",
                           "2019-05-24T10:00:00", 13117, 482, 574, 1543, 0, "2019-06-10T18:00:00");
    const RegionResult r = grid_of(assess::assess(log, parse_period("2019-05"), default_rules(), calendar()));
    EXPECT_EQ(r.counts.filed, 15716);
    EXPECT_EQ(r.counts.due, 14173);
    EXPECT_EQ(r.counts.closed, 13599);
    EXPECT_EQ(r.counts.closed_on_time, 13117);
    EXPECT_EQ(r.rates.closure_rate, 0.9595); // 13599 / 14173 = 0.95950…
    EXPECT_EQ(r.rates.on_time_rate, 0.9255); // 13117 / 14173 = 0.92549…
}

TEST(CountingRules, ZhengzhouWeekOf8April2019) {
    // 应结案 52434, 结案 43523, 按期 40394, 返工 276 → 83.01 %, 77.04 %, 返工率 0.53 % over due.
    // 43523 − 40394 = 3129 closed late; 52434 − 43523 = 8911 overdue.
    CaseLog log = bulletin("2019-04-08T09:00:00", "2019-04-11T18:00:00", "2019-04-10T10:00:00",
                           "2019-04-13T10:00:00", 40394, 3129, 8911, 0, 276, "2019-04-30T18:00:00");
    Period week = parse_period("2019-04-08..2019-04-14");
    const RegionResult r =
        grid_of(assess::assess(log, week, rules_with("rework_denominator", "\"due\""), calendar()));
    EXPECT_EQ(r.counts.due, 52434);
    EXPECT_EQ(r.counts.closed, 43523);
    EXPECT_EQ(r.counts.closed_on_time, 40394);
    EXPECT_EQ(r.counts.reworked, 276);
    EXPECT_EQ(r.rates.closure_rate, 0.8301); // 0.83005…
    EXPECT_EQ(r.rates.on_time_rate, 0.7704); // 0.77038…
    EXPECT_EQ(r.rates.rework_rate, 0.0053);  // 276 / 52434 = 0.00526…
    // Over closed cases instead (the default): 276 / 43523 = 0.00634….
    const RegionResult d = grid_of(assess::assess(log, week, default_rules(), calendar()));
    EXPECT_EQ(d.rates.rework_rate, 0.0063);
}
