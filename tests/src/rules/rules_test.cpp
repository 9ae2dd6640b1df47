#include "geo/error.hpp"
#include "src/rules/rules.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>

using namespace wangge;
using namespace wangge::rules;

namespace {

std::string default_rules() {
    return test::read_file(test::data_dir() + "/rules.json");
}

void expect_refused(const std::string& text, const std::string& line, const std::string& reason) {
    test::TempDir dir;
    test::write_file(dir.file("rules.json"), text);
    try {
        Rules::load(dir.file("rules.json"));
        ADD_FAILURE() << "expected InputError";
    } catch (const InputError& e) {
        std::string msg = e.what();
        EXPECT_NE(msg.find("rules.json line " + line), std::string::npos) << msg;
        EXPECT_NE(msg.find(reason), std::string::npos) << msg;
    }
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
    auto pos = s.find(from);
    EXPECT_NE(pos, std::string::npos) << from;
    return s.replace(pos, from.size(), to);
}

} // namespace

TEST(Rules, DefaultsAreTheNationalPractice) {
    Rules r = Rules::load(test::data_dir() + "/rules.json");
    EXPECT_EQ(r.composite_weights.on_time_score, 40);
    EXPECT_EQ(r.filed_bounds.at("二类"), (std::vector<double>{0, 3, 5, 7, 9}));
    EXPECT_EQ(r.grade_of(90).grade, "A");
    EXPECT_EQ(r.grade_of(89.99).grade, "B");
    EXPECT_EQ(r.grade_of(75).colour, "#2b83ba");
    EXPECT_EQ(r.grade_of(59.9).grade, "D");
    EXPECT_EQ(r.grade_of(0).grade, "E");
    ASSERT_EQ(r.working_hours.size(), 2u);
    EXPECT_EQ(r.working_hours[1].start, 14 * 60);
    EXPECT_EQ(r.census.stale_days, 365);
}

TEST(Rules, WeightsThatDoNotAddUpAreRefusedAtTheirLine) {
    std::string text = replace(default_rules(), "\"on_time_score\": 40", "\"on_time_score\": 45");
    expect_refused(text, "2", "add up to 105 %, not 100 %");
}

TEST(Rules, MalformedJsonNamesTheLine) {
    std::string text = replace(default_rules(), "\"operator_weights\": {", "\"operator_weights\": {,");
    int line = 1;
    for (char c : text.substr(0, text.find("{,"))) line += c == '\n';
    expect_refused(text, std::to_string(line), "malformed JSON");
}

TEST(Rules, BandsOutOfOrderAndBadColours) {
    expect_refused(replace(default_rules(), "\"min\": 75", "\"min\": 95"), "", "best first");
    expect_refused(replace(default_rules(), "\"#ffd92f\"", "\"yellow\""), "", "not #rrggbb");
    expect_refused(replace(default_rules(), "[\"14:00\", \"18:00\"]", "[\"11:00\", \"18:00\"]"), "",
                   "not overlap");
    // Values that look nearly right are refused as input, never thrown past it as a library error.
    expect_refused(replace(default_rules(), "\"#ffd92f\"", "\"#ffd9zz\""), "", "not #rrggbb");
    expect_refused(
        replace(default_rules(), "\"not_assessed_colour\": \"#bdbdbd\"", "\"not_assessed_colour\": \"grey\""),
        "", "not #rrggbb");
    expect_refused(replace(default_rules(), "[\"08:00\", \"21:00\"]", "[\"08:0a\", \"21:00\"]"), "",
                   "not a time HH:MM");
    expect_refused(replace(default_rules(), "[\"08:00\", \"21:00\"]", "[\"8\", \"21:00\"]"), "",
                   "not a time HH:MM");
}

TEST(Rules, OutOfRangeThresholdsAreRefusedAtTheirLine) {
    auto line_of = [](const std::string& text, const std::string& key) {
        int line = 1;
        for (char c : text.substr(0, text.find(key))) line += c == '\n';
        return std::to_string(line);
    };
    std::string text = replace(default_rules(), "\"stale_days\": 365", "\"stale_days\": -5");
    expect_refused(text, line_of(text, "stale_days"), "'stale_days' is -5; it must lie between 1 and 36500");
    text = replace(default_rules(), "\"sliver_min_compactness\": 0.05", "\"sliver_min_compactness\": 5");
    expect_refused(text, line_of(text, "sliver_min_compactness"), "between 0 and 1");
    text = replace(default_rules(), "\"area_max_m2\": 200000", "\"area_max_m2\": 500");
    expect_refused(text, line_of(text, "area_min_m2"), "below 'area_max_m2'");
    text = replace(default_rules(), "\"verify\": 60", "\"verify\": 0");
    expect_refused(text, line_of(text, "\"verify\""), "'verify' is 0");
    text = replace(default_rules(), "\"min\": 90", "\"min\": 190");
    expect_refused(text, line_of(text, "190"), "between 0 and 100");
}

TEST(Rules, UnknownKeysAreRefusedNotIgnored) {
    auto line_of = [](const std::string& text, const std::string& key) {
        int line = 1;
        for (char c : text.substr(0, text.find(key))) line += c == '\n';
        return std::to_string(line);
    };
    std::string text =
        replace(default_rules(), "\"stale_days\": 365", "\"stale_day\": 30, \"stale_days\": 365");
    expect_refused(text, line_of(text, "stale_day\""), "unknown key 'stale_day' in census");
    text = replace(default_rules(), "\"census\": {", "\"censsus_extra\": 1, \"census\": {");
    expect_refused(text, line_of(text, "censsus_extra"), "unknown key 'censsus_extra'");
    text = replace(default_rules(), "\"filed_score\": 20,", "\"filed_score\": 20, \"filed\": 0,");
    expect_refused(text, line_of(text, "\"filed\""), "unknown key 'filed' in composite_weights");
}
