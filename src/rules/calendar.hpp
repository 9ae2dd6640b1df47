#pragma once

#include "src/rules/rules.hpp"

#include <map>
#include <string>
#include <vector>

namespace wangge::rules {

/// The working calendar (domain.md §6): Monday–Friday are working days, except public holidays;
/// adjusted working weekends (调休) are working days. One CSV file per year with rows
/// `date,type,name`, type `holiday` or `workday`.
class WorkingCalendar {
public:
    /// Loads every `*.csv` of a folder, or one file. Throws InputError naming file and line for a
    /// bad date, an unknown type, a date listed twice, a holiday on a weekend-only workday, or a
    /// date outside the year the file is named after.
    static WorkingCalendar load(const std::string& path);

    /// `date` is YYYY-MM-DD.
    bool is_working_day(const std::string& date) const;
    /// Days since 1970-01-01.
    bool is_working_day(long long day) const;

    /// Adds `hours` of working time (within `spans` of working days) to a local time given in
    /// seconds since 1970-01-01 00:00 Asia/Shanghai. The clock stops outside working time.
    long long add_working_hours(long long local_seconds, double hours,
                                const std::vector<WorkingSpan>& spans) const;

    /// Working seconds between two local times (0 when `to` is not after `from`).
    long long working_seconds(long long from, long long to, const std::vector<WorkingSpan>& spans) const;

    /// Years the calendar has files for.
    const std::vector<int>& years() const noexcept { return m_years; }
    /// Whether every year from `first` to `last` has its file.
    bool covers(int first, int last) const;
    /// The file or folder loaded, for messages.
    const std::string& source() const noexcept { return m_source; }
    std::size_t size() const noexcept { return m_days.size(); }

private:
    void load_file(const std::string& file);
    std::map<long long, bool> m_days; ///< exceptions to the weekly rule: day → working
    std::vector<int> m_years;
    std::string m_source;
};

/// Seconds between two local times (seconds since 1970-01-01 00:00 Asia/Shanghai) that fall in
/// `spans` of every day of the week, holidays included: the collectors' clock (domain.md §6).
long long daily_seconds(long long from, long long to, const std::vector<WorkingSpan>& spans);

} // namespace wangge::rules
