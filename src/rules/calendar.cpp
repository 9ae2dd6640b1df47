#include "src/rules/calendar.hpp"

#include "geo/error.hpp"
#include "layers/dates.hpp"
#include "src/rules/csv_reader.hpp"

#include <algorithm>
#include <filesystem>

namespace wangge::rules {
namespace {

namespace fs = std::filesystem;

long long day_number(const std::string& iso) {
    return layers::days_from_civil(std::stoi(iso.substr(0, 4)),
                                   static_cast<unsigned>(std::stoi(iso.substr(5, 2))),
                                   static_cast<unsigned>(std::stoi(iso.substr(8, 2))));
}

// 1970-01-01 was a Thursday.
bool weekend(long long day) {
    long long wd = ((day % 7) + 7 + 3) % 7; // 0 = Monday
    return wd >= 5;
}

} // namespace

bool WorkingCalendar::covers(int first, int last) const {
    for (int y = first; y <= last; ++y)
        if (std::find(m_years.begin(), m_years.end(), y) == m_years.end()) return false;
    return true;
}

WorkingCalendar WorkingCalendar::load(const std::string& path) {
    WorkingCalendar cal;
    cal.m_source = path;
    if (fs::is_directory(path)) {
        std::vector<std::string> files;
        for (const auto& entry : fs::directory_iterator(path))
            if (entry.path().extension() == ".csv") files.push_back(entry.path().string());
        std::sort(files.begin(), files.end());
        if (files.empty()) throw InputError(path + ": no calendar files (YYYY.csv) in the folder");
        for (const auto& f : files) cal.load_file(f);
    } else {
        cal.load_file(path);
    }
    return cal;
}

void WorkingCalendar::load_file(const std::string& file) {
    CsvTable t = read_csv(file);
    const std::size_t c_date = t.column("date"), c_type = t.column("type");
    std::string stem = fs::path(file).stem().string();
    int year = (stem.size() == 4 && std::all_of(stem.begin(), stem.end(), ::isdigit)) ? std::stoi(stem) : 0;
    for (const auto& row : t.rows) {
        auto fail = [&](const std::string& why) {
            throw InputError(file + " line " + std::to_string(row.line) + ": " + why);
        };
        auto date = layers::parse_date(row.cells[c_date]);
        if (!date) fail("'" + row.cells[c_date] + "' is not a date");
        if (year && std::stoi(date->substr(0, 4)) != year) fail(*date + " is not in " + std::to_string(year));
        long long day = day_number(*date);
        const std::string& type = row.cells[c_type];
        bool working;
        if (type == "holiday")
            working = false;
        else if (type == "workday")
            working = true;
        else
            fail("type '" + type + "' is neither holiday nor workday");
        if (working && !weekend(day))
            fail(*date + " is a weekday; only a weekend day can be an adjusted workday");
        if (!m_days.emplace(day, working).second) fail(*date + " is listed twice");
    }
    if (year) m_years.push_back(year);
}

bool WorkingCalendar::is_working_day(long long day) const {
    if (auto it = m_days.find(day); it != m_days.end()) return it->second;
    return !weekend(day);
}

long long WorkingCalendar::add_working_hours(long long local_seconds, double hours,
                                             const std::vector<WorkingSpan>& spans) const {
    long long remaining = static_cast<long long>(hours * 3600.0 + 0.5);
    long long t = local_seconds;
    constexpr int max_days = 3700; // ten years of searching means the calendar has no working time
    for (int i = 0; i < max_days; ++i) {
        long long day = t >= 0 ? t / 86400 : (t - 86399) / 86400;
        if (is_working_day(day)) {
            for (const WorkingSpan& s : spans) {
                long long start = day * 86400 + s.start * 60LL, end = day * 86400 + s.end * 60LL;
                if (t >= end) continue;
                long long from = std::max(t, start);
                if (remaining <= end - from) return from + remaining;
                remaining -= end - from;
                t = end;
            }
        }
        t = (day + 1) * 86400;
    }
    throw InputError("the working calendar has no working time to count a time limit on");
}

long long WorkingCalendar::working_seconds(long long from, long long to,
                                           const std::vector<WorkingSpan>& spans) const {
    long long total = 0;
    for (long long day = (from >= 0 ? from : from - 86399) / 86400; day * 86400 < to; ++day) {
        if (!is_working_day(day)) continue;
        for (const WorkingSpan& s : spans) {
            long long a = std::max(from, day * 86400 + s.start * 60LL),
                      b = std::min(to, day * 86400 + s.end * 60LL);
            if (b > a) total += b - a;
        }
    }
    return total;
}

bool WorkingCalendar::is_working_day(const std::string& date) const {
    return is_working_day(day_number(date));
}

long long daily_seconds(long long from, long long to, const std::vector<WorkingSpan>& spans) {
    if (to <= from) return 0;
    constexpr long long day = 86400;
    long long total = 0;
    for (long long d = from / day - (from % day < 0); d * day < to; ++d)
        for (const WorkingSpan& s : spans) {
            long long a = std::max(from, d * day + s.start * 60LL), b = std::min(to, d * day + s.end * 60LL);
            if (b > a) total += b - a;
        }
    return total;
}

} // namespace wangge::rules
