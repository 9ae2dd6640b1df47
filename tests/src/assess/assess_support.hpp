#pragma once

#include "layers/dates.hpp"
#include "src/rules/calendar.hpp"
#include "src/rules/rules.hpp"
#include "tests/support/test_support.hpp"

namespace wangge::test {

/// Seconds of a local time "YYYY-MM-DDTHH:MM:SS", as the case log holds them.
inline long long t(const char* iso) {
    return layers::local_seconds(iso);
}

/// The shipped rules and calendars, loaded once.
inline const rules::Rules& default_rules() {
    static rules::Rules r = rules::Rules::load(data_dir() + "/rules.json");
    return r;
}
inline const rules::WorkingCalendar& calendar() {
    static rules::WorkingCalendar c = rules::WorkingCalendar::load(data_dir() + "/calendar");
    return c;
}

} // namespace wangge::test
