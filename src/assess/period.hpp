#pragma once

#include <string>

namespace wangge::assess {

/// An assessment period (考核周期, domain.md §4): half-open [start, end) in Asia/Shanghai local
/// time, as seconds since 1970-01-01 00:00 local.
struct Period {
    enum class Kind { month, quarter, half_year, year, range };
    std::string id; ///< as given: 2026-10, 2026-Q4, 2026-H2, 2026, 2026-10-01..2026-10-15
    Kind kind = Kind::month;
    long long start = 0;
    long long end = 0;
    double months = 1; ///< length in months, to scale monthly score tables
    bool contains(long long t) const { return t != 0 && t >= start && t < end; }
    std::string start_iso() const; ///< 2026-10-01T00:00:00+08:00
    std::string end_iso() const;
};

/// Parses a period; throws UsageError naming the accepted forms.
Period parse_period(const std::string& text);

/// The month (YYYY-MM) that holds a local time.
std::string month_of(long long local_seconds);

} // namespace wangge::assess
