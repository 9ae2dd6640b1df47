// Platform assessment (domain.md §10): every computed item on a small log with a known answer, and
// the checklist and items files refused with file and line.

#include "geo/error.hpp"
#include "src/assess/case_log.hpp"
#include "src/assess/platform.hpp"
#include "tests/src/assess/assess_support.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace wangge;
using namespace wangge::assess;
using wangge::test::default_rules;
using wangge::test::t;

namespace {

const std::vector<PlatformItem>& items() {
    static auto all = load_platform_items(test::data_dir() + "/platform_items.txt");
    return all;
}

const ItemScore& item(const PlatformScore& s, const std::string& id) {
    for (const auto& i : s.items)
        if (i.item.id == id) return i;
    throw std::runtime_error("no item " + id);
}

double figure(const ItemScore& s, const std::string& name) {
    for (const auto& f : s.figures)
        if (f.name == name) return f.value;
    throw std::runtime_error("no figure " + name + " in " + s.item.id);
}

/// Two districts of four grids each; collectors C1 (440303's grids) and C2 (440304's); operators
/// O1 and O2 on the night shift, O3 by day.
CaseLog small_log() {
    CaseLog log;
    for (const char* code : {"440303001001001", "440303001001002", "440303001001003", "440303001001004",
                             "440304001001001", "440304001001002", "440304001001003", "440304001001004"})
        log.grids.push_back({code, false});
    log.region_names["440303"] = "罗湖区";
    log.region_names["440300"] = "深圳市";
    log.ids = {"", "C1", "C2", "O1", "O2", "O3"};
    log.roster = {{"C1", "采集员1", Role::collector, {0, 1, 2, 3}, "08:00-21:00"},
                  {"C2", "采集员2", Role::collector, {4, 5, 6, 7}, "08:00-21:00"},
                  {"O1", "操作员1", Role::operator_, {}, "night"},
                  {"O2", "操作员2", Role::operator_, {}, "21:00-08:00"},
                  {"O3", "操作员3", Role::operator_, {}, "day"}};
    return log;
}

/// A collector's report in `grid`, filed by `filer` and dispatched by `dispatcher` some minutes later.
Case reported(int grid, const char* when, std::uint32_t filer, long long file_after_min,
              std::uint32_t dispatcher, long long dispatch_after_min) {
    Case c;
    c.grid = grid;
    c.source = Source::collector;
    c.reporter = grid < 4 ? 1 : 2;
    c.reported = t(when);
    c.filer = filer;
    c.filed = c.reported + file_after_min * 60;
    c.dispatcher = dispatcher;
    c.dispatched = c.filed + dispatch_after_min * 60;
    return c;
}

Checklist checklist_for(const std::string& platform) {
    Checklist c;
    c.platform = platform;
    c.points = {{"organisation", 5}, {"training", 3.5}};
    return c;
}

} // namespace

TEST(Platform, NightShiftNeedsTwoOperatorsAndNoNightAlone) {
    CaseLog log = small_log();
    Period oct = parse_period("2026-10");
    // Night of 3 October: O1 and O2 both act. Night of 5 October: O1 alone (22:00 and 02:00).
    log.cases = {
        reported(0, "2026-10-03T22:00:00", 3, 5, 4, 5), reported(1, "2026-10-05T22:00:00", 3, 5, 3, 5),
        reported(2, "2026-10-06T02:00:00", 3, 5, 3, 5), reported(3, "2026-10-07T10:00:00", 5, 5, 5, 5)};
    CensusFacts census;
    auto s = assess_platform(log, oct, default_rules(), items(), checklist_for("440300"), census);
    const ItemScore& duty = item(s, "operator_duty");
    EXPECT_EQ(figure(duty, "night_shift_operators"), 2);
    EXPECT_EQ(figure(duty, "nights_with_operations"), 2);
    EXPECT_EQ(figure(duty, "nights_one_operator_alone"), 1);
    EXPECT_DOUBLE_EQ(duty.points, duty.item.max_points / 2);
    // A roster whose night shift has one operator fails the item.
    log.roster[3].shift = "day";
    auto one = assess_platform(log, oct, default_rules(), items(), checklist_for("440300"), census);
    EXPECT_EQ(item(one, "operator_duty").points, 0);
    EXPECT_NE(item(one, "operator_duty").note.find("夜班操作员 1 人"), std::string::npos);
    EXPECT_TRUE(is_night_shift("夜班"));
    EXPECT_TRUE(is_night_shift("Night"));
    EXPECT_FALSE(is_night_shift("08:00-14:30"));
}

TEST(Platform, ACensusThirteenMonthsOldFailsTheUpdateItem) {
    CaseLog log = small_log();
    log.cases = {reported(0, "2026-10-03T10:00:00", 5, 5, 5, 5)};
    CensusFacts census;
    census.validated = true;
    census.districts = {{"440303", 95.0, 90.0, "2025-09-20T10:00:00"},
                        {"440304", 85.0, 90.0, "2026-10-15T09:00:00"}};
    Period oct = parse_period("2026-10"); // ends 2026-11-01: 440303's census is 13 months old
    auto city = assess_platform(log, oct, default_rules(), items(), checklist_for("440300"), census);
    const ItemScore& updated = item(city, "census_updated");
    EXPECT_EQ(figure(updated, "districts"), 2);
    EXPECT_EQ(figure(updated, "districts_updated"), 1);
    EXPECT_DOUBLE_EQ(updated.points, updated.item.max_points / 2);
    auto district = assess_platform(log, oct, default_rules(), items(), checklist_for("440303"), census);
    EXPECT_EQ(item(district, "census_updated").points, 0);
    EXPECT_EQ(district.level, "district");
    EXPECT_EQ(district.name, "罗湖区");
    auto fresh = assess_platform(log, oct, default_rules(), items(), checklist_for("440304"), census);
    EXPECT_EQ(item(fresh, "census_updated").points, item(fresh, "census_updated").item.max_points);
    // Completeness: the mean of the districts' scores against the target (90).
    const ItemScore& done = item(city, "census_done");
    EXPECT_DOUBLE_EQ(figure(done, "completeness_score"), 90);
    EXPECT_DOUBLE_EQ(done.points, done.item.max_points);
    EXPECT_NEAR(item(fresh, "census_done").points, item(fresh, "census_done").item.max_points * 85 / 90,
                0.005);
    // No census report: no points, and the note says what to run.
    auto none = assess_platform(log, oct, default_rules(), items(), checklist_for("440300"), CensusFacts{});
    EXPECT_EQ(item(none, "census_done").points, 0);
    EXPECT_NE(item(none, "census_done").note.find("wangge validate"), std::string::npos);
}

TEST(Platform, OperationsSupervisionAndSuspendedCases) {
    CaseLog log = small_log();
    Period oct = parse_period("2026-10");
    std::vector<Case> cases;
    // Ten cases: filing 5 min after the report, dispatch 10 min after filing; two filed late
    // (45 min > 30), one voided, one reworked, three supervised of which two closed, one
    // suspended and open.
    for (int i = 0; i < 10; ++i) {
        char when[32];
        std::snprintf(when, sizeof when, "2026-10-%02dT10:00:00", i + 1);
        cases.push_back(reported(i % 8, when, 5, i < 2 ? 45 : 5, 5, 10));
    }
    cases[2].voided = true;
    cases[3].rework = 1;
    for (int i : {4, 5, 6}) cases[static_cast<std::size_t>(i)].supervised = true;
    cases[4].closed = t("2026-10-20T10:00:00");
    cases[5].closed = t("2026-10-21T10:00:00");
    cases[7].suspended = true;
    log.cases = cases;
    auto s = assess_platform(log, oct, default_rules(), items(), checklist_for("440300"), CensusFacts{});
    const ItemScore& accuracy = item(s, "operation_accuracy");
    EXPECT_EQ(figure(accuracy, "operations"), 20);
    EXPECT_DOUBLE_EQ(figure(accuracy, "accuracy"), 18.0 / 20);
    EXPECT_NEAR(accuracy.points, std::round(8 * (0.9 / 0.95) * 100) / 100, 1e-9);
    const ItemScore& timeouts = item(s, "operation_timeouts");
    EXPECT_DOUBLE_EQ(figure(timeouts, "timeout_rate"), 2.0 / 20);
    EXPECT_DOUBLE_EQ(timeouts.points, 0); // at the target of 10 % late: none
    const ItemScore& supervision = item(s, "supervision");
    EXPECT_EQ(figure(supervision, "supervised"), 3);
    EXPECT_NEAR(supervision.points, std::round(6 * 2.0 / 3 * 100) / 100, 1e-9);
    const ItemScore& suspended = item(s, "suspended");
    EXPECT_EQ(figure(suspended, "filed"), 9); // the voided case is not filed work
    EXPECT_EQ(figure(suspended, "suspended_open"), 1);
    EXPECT_EQ(suspended.points, 0); // 11 % open and suspended, over the 5 % target
    // Collection: 2 collectors for 8 grids; reports on 10 of 31 days at 10:00.
    const ItemScore& per_grid = item(s, "collectors_per_grid");
    EXPECT_EQ(figure(per_grid, "grids_per_collector"), 4);
    EXPECT_EQ(per_grid.points, per_grid.item.max_points);
    const ItemScore& hours = item(s, "collection_hours");
    EXPECT_EQ(figure(hours, "days"), 31);
    EXPECT_EQ(figure(hours, "hours_with_reports"), 10);
    EXPECT_NEAR(hours.points, std::round(5 * (10.0 / (31 * 13)) / 0.9 * 100) / 100, 1e-9);
    const ItemScore& volume = item(s, "collection_volume");
    EXPECT_DOUBLE_EQ(figure(volume, "reports_per_collector_per_day"), 10.0 / 2 / 31);
    // The district platform sees its own grids' cases only.
    auto d = assess_platform(log, oct, default_rules(), items(), checklist_for("440304"), CensusFacts{});
    EXPECT_EQ(figure(item(d, "operation_accuracy"), "operations"), 8); // four cases in grids 4–7
    EXPECT_EQ(figure(item(d, "collectors_per_grid"), "collectors"), 1);
    // Checklist points as given, a missing item scores 0 with a note; the total adds up.
    EXPECT_EQ(item(s, "organisation").points, 5);
    EXPECT_EQ(item(s, "training").points, 3.5);
    EXPECT_EQ(item(s, "meetings").points, 0);
    EXPECT_EQ(item(s, "meetings").note, "清单未填报");
    double sum = 0;
    for (const auto& i : s.items) sum += i.points;
    EXPECT_NEAR(s.total, sum, 1e-9);
    EXPECT_EQ(s.max_total, 100);
    EXPECT_EQ(s.grade, default_rules().grade_of(s.score).grade);
}

TEST(Platform, APlatformTheWorkspaceDoesNotHoldIsNamed) {
    CaseLog log = small_log();
    try {
        assess_platform(log, parse_period("2026-10"), default_rules(), items(), checklist_for("440399"), {});
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        std::string m = e.what();
        EXPECT_NE(m.find("440399"), std::string::npos) << m;
        EXPECT_NE(m.find("440300"), std::string::npos) << m;
        EXPECT_NE(m.find("440303, 440304"), std::string::npos) << m;
    }
}

TEST(PlatformChecklist, MalformedFilesAreRefusedNamingFileAndLine) {
    test::TempDir d;
    auto refused = [&](const std::string& text, const std::string& expected) {
        test::write_file(d.file("c.txt"), text);
        try {
            load_checklist(d.file("c.txt"), items());
            ADD_FAILURE() << "accepted:\n" << text;
        } catch (const InputError& e) {
            std::string m = e.what();
            EXPECT_NE(m.find(expected), std::string::npos) << m;
        }
    };
    refused("platform = 440303\norganisation = 5\nmeetingz = 3\n", "c.txt:3: unknown item 'meetingz'");
    refused("platform = 440303\n\n# 培训\ntraining = 6\n",
            "c.txt:4: training: 6 points over the item's maximum of 4");
    refused("organisation = 5\n", "c.txt: no `platform = CODE` line");
    refused("platform = 440303\noperator_duty = 5\n", "c.txt:2: operator_duty is computed");
    refused("platform = 440303\norganisation = 5\norganisation = 4\n",
            "c.txt:3: organisation is given twice");
    refused("platform = 440303\norganisation five\n", "c.txt:2: expected `item = points`");
    refused("platform = 4403\n", "c.txt:1: platform must be a 6-digit");
    refused("platform = 440303\norganisation = -1\n", "c.txt:2: organisation: points below 0");
    test::write_file(
        d.file("ok.txt"),
        "\xEF\xBB\xBFplatform = 440303  # 罗湖区\nperiod = 2026-Q3\norganisation = 4.5 # 文件\n");
    Checklist ok = load_checklist(d.file("ok.txt"), items());
    EXPECT_EQ(ok.platform, "440303");
    EXPECT_EQ(ok.period, "2026-Q3");
    EXPECT_EQ(ok.points.at("organisation"), 4.5);
    EXPECT_EQ(ok.lines.at("organisation"), 3);
}

TEST(PlatformChecklist, TheItemsFileIsCheckedToo) {
    test::TempDir d;
    auto refused = [&](const std::string& text, const std::string& expected) {
        test::write_file(d.file("items.txt"), text);
        try {
            load_platform_items(d.file("items.txt"));
            ADD_FAILURE() << "accepted:\n" << text;
        } catch (const InputError& e) {
            std::string m = e.what();
            EXPECT_NE(m.find(expected), std::string::npos) << m;
        }
    };
    refused("a | 1 | 5 | checklist | | 甲\n", "items.txt:1: expected 7 fields");
    refused("a | 3 | 5 | checklist | | 甲 | x\n", "items.txt:1: a: table must be 1");
    refused("# c\na | 1 | 5 | computed | 1 | 甲 | x\n",
            "items.txt:2: a: wangge computes no item of that name");
    refused("suspended | 2 | 6 | computed | | 挂账 | x\n", "items.txt:1: suspended: needs a target");
    refused("a | 1 | 5 | checklist | | 甲 | x\na | 1 | 5 | checklist | | 甲 | x\n",
            "items.txt:2: item a is given twice");
    // The shipped default: 100 points, both tables, every computed item known.
    double sum = 0;
    int computed = 0;
    for (const auto& i : items()) {
        sum += i.max_points;
        computed += i.computed;
    }
    EXPECT_EQ(sum, 100);
    EXPECT_EQ(computed, static_cast<int>(computed_platform_items().size()));
}
