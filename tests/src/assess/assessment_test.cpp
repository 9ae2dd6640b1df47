#include "geo/error.hpp"
#include "layers/codes.hpp"
#include "layers/dates.hpp"
#include "src/assess/assessment.hpp"
#include "src/assess/assessment_table.hpp"
#include "src/rules/calendar.hpp"
#include "src/rules/rules.hpp"
#include "tests/src/assess/assess_support.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using namespace wangge;
using namespace wangge::assess;
using wangge::test::calendar;
using wangge::test::default_rules;
using wangge::test::t;

namespace {

/// A case filed in October 2026, closed on `closed` (0: open), due at `deadline`.
Case filed_case(int grid, long long closed, long long deadline, long long disposed = 0) {
    Case c;
    c.grid = grid;
    c.source = Source::collector;
    c.reported = t("2026-10-05T09:00:00");
    c.filed = t("2026-10-05T09:20:00");
    c.dispatched = t("2026-10-05T09:40:00");
    c.deadline = deadline;
    c.disposed = disposed;
    c.closed = closed;
    return c;
}

const RegionResult& region(const Assessment& a, const std::string& code) {
    for (const auto& r : a.regions)
        if (r.code == code) return r;
    throw std::runtime_error("no region " + code);
}

} // namespace

TEST(Periods, FormsAndEdges) {
    Period m = parse_period("2026-10");
    EXPECT_EQ(m.start, t("2026-10-01T00:00:00"));
    EXPECT_EQ(m.end, t("2026-11-01T00:00:00"));
    EXPECT_EQ(m.start_iso(), "2026-10-01T00:00:00+08:00");
    EXPECT_EQ(m.months, 1);
    Period q = parse_period("2026-Q4");
    EXPECT_EQ(q.end, t("2027-01-01T00:00:00"));
    EXPECT_EQ(q.months, 3);
    EXPECT_EQ(parse_period("2026-H1").end, t("2026-07-01T00:00:00"));
    EXPECT_EQ(parse_period("2026").months, 12);
    Period r = parse_period("2026-10-01..2026-10-15");
    EXPECT_EQ(r.end, t("2026-10-16T00:00:00"));
    EXPECT_NEAR(r.months, 15 / 30.436875, 1e-9);
    EXPECT_EQ(m.kind, Period::Kind::month);
    EXPECT_EQ(q.kind, Period::Kind::quarter);
    EXPECT_EQ(parse_period("2026-H1").kind, Period::Kind::half_year);
    EXPECT_EQ(parse_period("2026").kind, Period::Kind::year);
    EXPECT_EQ(r.kind, Period::Kind::range);
    EXPECT_FALSE(m.contains(t("2026-11-01T00:00:00"))); // half-open
    EXPECT_TRUE(m.contains(t("2026-10-31T23:59:59")));
    for (const char* bad :
         {"2026-13", "2026-Q5", "Oct 2026", "2026-10-15..2026-10-01", "26-10", "2026-H3", ""})
        EXPECT_THROW(parse_period(bad), UsageError) << bad;
}

// A city's published bulletin (domain.md §5.2): filed 996, due 972, closed 911, on time 737.
TEST(Assessment, ReproducesThePublishedBulletin) {
    CaseLog log;
    log.grids = {{"440303001001001", false}};
    const long long deadline = t("2026-10-20T18:00:00");
    for (int i = 0; i < 737; ++i) log.cases.push_back(filed_case(0, t("2026-10-15T10:00:00"), deadline));
    for (int i = 0; i < 911 - 737; ++i)
        log.cases.push_back(filed_case(0, t("2026-10-25T10:00:00"), deadline));
    for (int i = 0; i < 972 - 911; ++i) log.cases.push_back(filed_case(0, 0, deadline));
    // Filed but due only next month.
    for (int i = 0; i < 996 - 972; ++i) log.cases.push_back(filed_case(0, 0, t("2026-11-03T18:00:00")));
    Assessment a = assess::assess(log, parse_period("2026-10"), default_rules(), calendar());
    const RegionResult& d = region(a, "440303");
    EXPECT_EQ(d.counts.filed, 996);
    EXPECT_EQ(d.counts.due, 972);
    EXPECT_EQ(d.counts.closed, 911);
    EXPECT_EQ(d.counts.closed_on_time, 737);
    EXPECT_EQ(d.counts.overdue_open, 61);
    EXPECT_NEAR(*d.rates.closure_rate, 0.9372, 0.00005);
    EXPECT_NEAR(*d.rates.on_time_rate, 0.7582, 0.00005);
}

TEST(Assessment, SmallCityAtEveryLevel) {
    CaseLog log;
    // Two communities in one street, a second street, a second district.
    log.grids = {{"440303001001001", false},
                 {"440303001001002", false},
                 {"440303001002001", true},
                 {"440303002001001", false},
                 {"440304001001001", false}};
    log.region_names = {{"440303", "罗湖区"}, {"440304", "福田区"}};
    const long long due = t("2026-10-20T18:00:00");
    // Grid 0: closed on time (disposed before the deadline, closed after it: disposal counts).
    log.cases.push_back(filed_case(0, t("2026-10-22T10:00:00"), due, t("2026-10-20T17:00:00")));
    // Grid 0: closed late, reworked, satisfied public report verified in October.
    Case pub = filed_case(0, t("2026-10-25T10:00:00"), due, t("2026-10-24T10:00:00"));
    pub.source = Source::public_report;
    pub.verified = t("2026-10-05T09:10:00");
    pub.rework = 1;
    pub.feedback = Feedback::satisfied;
    log.cases.push_back(pub);
    // Grid 1: open and overdue; voided case counts as a report only.
    log.cases.push_back(filed_case(1, 0, due));
    Case voided = filed_case(1, 0, due);
    voided.voided = true;
    log.cases.push_back(voided);
    // Grid 2: closed at exactly 00:00 of November: next month's.
    log.cases.push_back(filed_case(2, t("2026-11-01T00:00:00"), t("2026-11-05T18:00:00")));
    // Grid 3: closed, unsatisfied feedback.
    Case un = filed_case(3, t("2026-10-10T10:00:00"), due);
    un.feedback = Feedback::unsatisfied;
    log.cases.push_back(un);
    // A case on no grid counts nowhere.
    log.cases.push_back(filed_case(-1, t("2026-10-10T10:00:00"), due));

    Assessment a = assess::assess(log, parse_period("2026-10"), default_rules(), calendar());
    const RegionResult& g0 = region(a, "440303001001001");
    EXPECT_EQ(g0.level, layers::Level::grid);
    EXPECT_EQ(g0.counts.reports, 2);
    EXPECT_EQ(g0.counts.filed, 2);
    EXPECT_EQ(g0.counts.closed, 2);
    EXPECT_EQ(g0.counts.closed_on_time, 1);
    EXPECT_EQ(g0.counts.public_verified, 1);
    EXPECT_EQ(g0.counts.reworked, 1);
    EXPECT_EQ(g0.counts.rated, 1);
    EXPECT_DOUBLE_EQ(*g0.rates.public_report_rate, 0.5);
    EXPECT_DOUBLE_EQ(*g0.rates.rework_rate, 0.5);
    EXPECT_DOUBLE_EQ(*g0.rates.satisfaction_rate, 1.0);
    EXPECT_DOUBLE_EQ(g0.scores.public_report_score, 50);
    EXPECT_DOUBLE_EQ(g0.scores.filed_score, 90); // 2 filed on 1 grid: ≤ 2
    EXPECT_DOUBLE_EQ(g0.scores.composite, 0.1 * 50 + 0.2 * 90 + 0.3 * 100 + 0.4 * 50);

    const RegionResult& g1 = region(a, "440303001001002");
    EXPECT_EQ(g1.counts.reports, 2); // the voided one is reported
    EXPECT_EQ(g1.counts.filed, 1);
    EXPECT_EQ(g1.counts.overdue_open, 1);
    EXPECT_EQ(g1.counts.due, 1);
    EXPECT_DOUBLE_EQ(*g1.rates.closure_rate, 0.0);
    EXPECT_FALSE(g1.rates.rework_rate); // nothing closed: null
    EXPECT_DOUBLE_EQ(g1.scores.closure_score, 0);

    const RegionResult& g2 = region(a, "440303001002001");
    EXPECT_EQ(g2.counts.closed, 0);
    EXPECT_EQ(g2.counts.due, 0);
    EXPECT_FALSE(g2.rates.closure_rate);
    EXPECT_EQ(region(a, "440303001002001").counts.filed, 1);
    Assessment nov = assess::assess(log, parse_period("2026-11"), default_rules(), calendar());
    EXPECT_EQ(region(nov, "440303001002001").counts.closed, 1);

    const RegionResult& community = region(a, "440303001001");
    EXPECT_EQ(community.level, layers::Level::community);
    EXPECT_EQ(community.grids, 2);
    EXPECT_EQ(community.counts.filed, 3);
    EXPECT_EQ(community.counts.due, 3);
    const RegionResult& street = region(a, "440303001");
    EXPECT_EQ(street.grids, 3);
    EXPECT_EQ(street.counts.filed, 4);
    EXPECT_FALSE(street.busy); // one 二类 grid of three
    const RegionResult& district = region(a, "440303");
    EXPECT_EQ(district.name, "罗湖区");
    EXPECT_EQ(district.grids, 4);
    EXPECT_EQ(district.counts.reports, 6);
    EXPECT_EQ(district.counts.closed, 3);
    EXPECT_EQ(district.counts.rated, 2);
    EXPECT_DOUBLE_EQ(*district.rates.satisfaction_rate, 0.5);
    // A district with a grid but no case is graded A with every score 100.
    const RegionResult& quiet = region(a, "440304");
    EXPECT_EQ(quiet.grade, "A");
    EXPECT_DOUBLE_EQ(quiet.scores.composite, 100);
    EXPECT_EQ(a.unlocated_cases, 1);
    // Districts are listed first, best composite first.
    EXPECT_EQ(a.regions[0].code, "440304");
}

TEST(Assessment, EachLevelIsRankedWithTiesInCodeOrderAndTheUnassessedLast) {
    CaseLog log;
    // Grids out of code order; one code twice (its grids make one result); a district loaded
    // without grids (not assessed).
    log.grids = {{"440303001001003", false},
                 {"440303001001001", false},
                 {"440303001001002", false},
                 {"440303001001001", true},
                 {"440304001001001", false}};
    log.region_names = {{"440303", "罗湖区"}, {"440305", "南山区"}, {"440303001001002", "二号网格"}};
    const long long due = t("2026-10-20T18:00:00");
    log.cases.push_back(filed_case(2, 0, due)); // grid …002 left open past its deadline
    log.cases.push_back(filed_case(3, 0, due)); // the second grid of …001 too
    for (int i = 0; i < 3; ++i) log.cases.push_back(filed_case(2, 0, due));

    Assessment a = assess::assess(log, parse_period("2026-10"), default_rules(), calendar());
    std::vector<std::string> codes;
    for (const RegionResult& r : a.regions) codes.push_back(r.code);
    EXPECT_EQ(codes, (std::vector<std::string>{// districts: 440304 has no case, 440305 no grid
                                               "440304", "440303", "440305",
                                               // streets, communities
                                               "440304001", "440303001", "440304001001", "440303001001",
                                               // grids: the two untouched ones tie at 100, in code order
                                               "440303001001003", "440304001001001", "440303001001001",
                                               "440303001001002"}));
    EXPECT_FALSE(region(a, "440305").grade);
    EXPECT_EQ(region(a, "440305").name, "南山区");
    EXPECT_EQ(region(a, "440303001001002").name, "二号网格");
    EXPECT_EQ(region(a, "440303001001003").name, "");
    EXPECT_EQ(region(a, "440303001001001").grids, 2);
    EXPECT_EQ(region(a, "440303001001001").counts.filed, 1);
    for (const RegionResult& r : a.regions) {
        if (r.level == layers::Level::grid) {
            EXPECT_TRUE(r.hotspot_z) << r.code;
        }
    }
}

TEST(Assessment, FiledScoreTableBoundsScaleWithThePeriod) {
    const auto& r = default_rules();
    const std::pair<long long, double> first_class[] = {{0, 100}, {2, 90}, {3, 75}, {4, 75}, {5, 60},
                                                        {6, 60},  {7, 40}, {8, 40}, {9, 0}};
    for (auto [filed, score] : first_class)
        EXPECT_DOUBLE_EQ(filed_score(filed, 1, false, 1, r), score) << filed;
    const std::pair<long long, double> second_class[] = {{3, 90}, {4, 75}, {5, 75},
                                                         {7, 60}, {9, 40}, {10, 0}};
    for (auto [filed, score] : second_class)
        EXPECT_DOUBLE_EQ(filed_score(filed, 1, true, 1, r), score) << filed;
    EXPECT_DOUBLE_EQ(filed_score(6, 1, false, 3, r), 90);     // a quarter triples the bounds
    EXPECT_DOUBLE_EQ(filed_score(200, 100, false, 1, r), 90); // per grid
}

TEST(Assessment, GradeBands) {
    const auto& r = default_rules();
    const std::pair<double, const char*> bands[] = {{100, "A"},   {90, "A"}, {89.99, "B"}, {75, "B"},
                                                    {74.99, "C"}, {60, "C"}, {59.99, "D"}, {40, "D"},
                                                    {39.99, "E"}, {0, "E"}};
    for (auto [score, grade] : bands) EXPECT_EQ(r.grade_of(score).grade, grade) << score;
    EXPECT_EQ(r.grade_of(39.99).colour, "#252525");
}

TEST(Assessment, DepartmentsAndStaff) {
    CaseLog log;
    log.grids = {{"440303001001001", false}, {"440303001001002", false}};
    log.ids = {"", "C1", "O1", "GY01", "I1"};
    log.roster = {{"C1", "张三", Role::collector, {0}, ""},
                  {"O1", "李四", Role::operator_, {}, ""},
                  {"I1", "王五", Role::inspector, {}, ""},
                  {"C2", "赵六", Role::collector, {1}, ""}};
    const long long due = t("2026-10-20T18:00:00");
    auto make = [&](int grid, Source src, std::uint32_t reporter) {
        Case c = filed_case(grid, t("2026-10-10T10:00:00"), due);
        c.source = src;
        c.reporter = reporter;
        c.filer = c.dispatcher = 2;
        c.dept = 3;
        return c;
    };
    log.cases.push_back(make(0, Source::collector, 1));
    Case not_filed = make(0, Source::collector, 1);
    not_filed.filed = not_filed.dispatched = not_filed.closed = 0;
    log.cases.push_back(not_filed);
    Case pub = make(0, Source::public_report, 0);
    pub.verifier = pub.checker = 1;
    pub.verify_sent = t("2026-10-05T09:00:00");
    pub.verified = t("2026-10-05T10:30:00"); // 90 minutes: late
    pub.check_sent = t("2026-10-10T09:00:00");
    pub.checked = t("2026-10-10T09:30:00");
    log.cases.push_back(pub);
    Case late_dispatch = make(1, Source::inspector, 4);
    // 09:20 → 15:00 on a Tuesday is 3h40 of working time (October 5 would be a holiday: none).
    late_dispatch.reported = t("2026-10-13T09:00:00");
    late_dispatch.filed = t("2026-10-13T09:20:00");
    late_dispatch.dispatched = t("2026-10-13T15:00:00");
    log.cases.push_back(late_dispatch);
    Assessment a = assess::assess(log, parse_period("2026-10"), default_rules(), calendar());

    ASSERT_EQ(a.departments.size(), 1u);
    EXPECT_EQ(a.departments[0].dept_code, "GY01");
    EXPECT_EQ(a.departments[0].counts.filed, 3);
    auto person = [&](const std::string& id) -> const StaffResult& {
        for (const auto& s : a.staff)
            if (s.person_id == id) return s;
        throw std::runtime_error(id);
    };
    const StaffResult& c1 = person("C1");
    EXPECT_EQ(c1.role, assess::Role::collector);
    EXPECT_EQ(c1.reports, 2);
    EXPECT_DOUBLE_EQ(*c1.valid_report_rate, 0.5);
    EXPECT_DOUBLE_EQ(*c1.missed_rate, 0.5); // of 2 filed in grid 0, 1 was a public report
    EXPECT_DOUBLE_EQ(*c1.verify_on_time_rate, 0.0);
    EXPECT_DOUBLE_EQ(*c1.check_on_time_rate, 1.0);
    EXPECT_DOUBLE_EQ(*c1.composite, 0.4 * 50 + 0.2 * 50 + 0.2 * 0 + 0.2 * 100);
    const StaffResult& o1 = person("O1");
    EXPECT_EQ(o1.operations, 6);
    EXPECT_DOUBLE_EQ(*o1.accuracy, 1.0);
    EXPECT_NEAR(*o1.timeout_rate, 1.0 / 6, 1e-12);
    // On the roster, but no work in the period: listed, not scored.
    const StaffResult& idle = person("C2");
    EXPECT_EQ(idle.name, "赵六");
    EXPECT_FALSE(idle.composite);
    // Grouped by role, best first; the unscored collector after the scored one.
    ASSERT_EQ(a.staff.size(), 4u);
    EXPECT_EQ(a.staff[0].person_id, "C1");
    EXPECT_EQ(a.staff[1].person_id, "C2");
    const StaffResult& i1 = person("I1");
    EXPECT_EQ(i1.inspections, 1);
    EXPECT_EQ(i1.problems_found, 1);
}

TEST(Roles, KeysRoundTripAndAnythingElseIsNone) {
    for (Role r : {Role::collector, Role::operator_, Role::inspector}) EXPECT_EQ(role_of(role_key(r)), r);
    EXPECT_STREQ(role_key(Role::operator_), "operator");
    EXPECT_EQ(role_of("leader"), Role::none);
    EXPECT_EQ(role_of(""), Role::none);
    EXPECT_STREQ(role_key(Role::none), "");
}

TEST(AssessmentRows, ComeInKeyOrderWhateverTheRanking) {
    // The store writes the rows in (level name, code) order, as std::string compares codes: its
    // key index then grows at one end. Codes that tie on their first 16 bytes, longer ones, a
    // shorter one that is a prefix of another, non-ASCII bytes and an empty code among them.
    // Each pair that ties on 16 bytes comes in the wrong order, so that only the comparison of
    // the whole codes puts it right.
    using layers::Level;
    const std::vector<std::pair<Level, std::string>> regions = {{Level::grid, "44030300100100191"},
                                                                {Level::district, "440304"},
                                                                {Level::grid, "44030300100100190"},
                                                                {Level::street, "440303001"},
                                                                {Level::grid, "4403030010010019"},
                                                                {Level::grid, "440303001001001"},
                                                                {Level::grid, "\u00b0"},
                                                                {Level::grid, "网格甲"},
                                                                {Level::community, "440303001001"},
                                                                {Level::grid, ""},
                                                                {Level::grid, std::string("4403\0", 5)},
                                                                {Level::grid, "4403"},
                                                                {Level::district, "440303"},
                                                                {Level::grid, "Z"}};
    Assessment a;
    a.period.id = "2026-10";
    for (const auto& [level, code] : regions) {
        RegionResult r;
        r.level = level;
        r.code = code;
        a.regions.push_back(r);
    }
    std::vector<std::pair<std::string, std::string>> written, expected;
    assessment_row_source(a)([&](std::span<const layers::Cell> row) {
        written.push_back({std::string(row[1].text), std::string(row[2].text)});
    });
    for (const auto& [level, code] : regions)
        expected.push_back({std::string(layers::level_name(level)), code});
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(written, expected);
}
