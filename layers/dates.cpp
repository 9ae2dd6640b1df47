#include "layers/dates.hpp"

#include "layers/text.hpp"

#include <chrono>
#include <cstdio>

namespace wangge::layers {
namespace {

constexpr int shanghai_offset_seconds = 8 * 3600;

bool read_int(std::string_view s, std::size_t pos, std::size_t len, int& out) {
    if (pos + len > s.size()) return false;
    int v = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
        char c = s[i];
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    out = v;
    return true;
}

bool leap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool valid_date(int y, int m, int d) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) return false;
    int max = days[m - 1] + (m == 2 && leap(y) ? 1 : 0);
    return d <= max;
}

struct Civil {
    int y = 0, m = 0, d = 0, hh = 0, mm = 0, ss = 0;
};

// Returns the number of characters the date used, 0 when there is no date.
std::size_t read_date(std::string_view s, Civil& c) {
    if (read_int(s, 0, 4, c.y) && read_int(s, 4, 2, c.m) && read_int(s, 6, 2, c.d) &&
        (s.size() == 8 || s[8] == ' ' || s[8] == 'T'))
        return valid_date(c.y, c.m, c.d) ? 8 : 0;
    if (s.size() < 8 || (s[4] != '-' && s[4] != '/')) return 0;
    char sep = s[4];
    if (!read_int(s, 0, 4, c.y)) return 0;
    // Month and day may have one or two digits (2026/3/7 is common in spreadsheets).
    std::size_t pos = 5;
    auto read_part = [&](int& out) {
        std::size_t len = (pos + 1 < s.size() && s[pos + 1] >= '0' && s[pos + 1] <= '9') ? 2 : 1;
        if (!read_int(s, pos, len, out)) return false;
        pos += len;
        return true;
    };
    if (!read_part(c.m) || pos >= s.size() || s[pos] != sep) return 0;
    ++pos;
    if (!read_part(c.d)) return 0;
    return valid_date(c.y, c.m, c.d) ? pos : 0;
}

std::string format(const Civil& c, bool with_time) {
    char buf[32];
    if (with_time)
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", c.y, c.m, c.d, c.hh, c.mm, c.ss);
    else
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.y, c.m, c.d);
    return buf;
}

// civil_from_days after H. Hinnant's date algorithms.
Civil civil_from_seconds(long long t) {
    long long z = (t >= 0 ? t : t - 86399) / 86400;
    long long secs = t - z * 86400;
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = static_cast<unsigned>(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long y = static_cast<long long>(yoe) + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    Civil c;
    c.y = static_cast<int>(y + (m <= 2));
    c.m = static_cast<int>(m);
    c.d = static_cast<int>(d);
    c.hh = static_cast<int>(secs / 3600);
    c.mm = static_cast<int>(secs % 3600 / 60);
    c.ss = static_cast<int>(secs % 60);
    return c;
}

long long local_now_seconds() {
    auto now = std::chrono::system_clock::now();
    return std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count() +
           shanghai_offset_seconds;
}

} // namespace

long long days_from_civil(int y, unsigned m, unsigned d) {
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = static_cast<unsigned>(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long long>(doe) - 719468;
}

std::optional<std::string> parse_date(std::string_view text) {
    text = trim(text);
    Civil c;
    if (read_date(text, c) == 0) return std::nullopt;
    return format(c, false);
}

std::optional<std::string> parse_timestamp(std::string_view text) {
    text = trim(text);
    Civil c;
    std::size_t pos = read_date(text, c);
    if (pos == 0) return std::nullopt;
    if (pos < text.size() && (text[pos] == 'T' || text[pos] == ' ')) {
        ++pos;
        // Spreadsheets write the hour with one digit (2026/10/5 9:05).
        std::size_t hour_digits = pos + 1 < text.size() && text[pos + 1] == ':' ? 1 : 2;
        if (!read_int(text, pos, hour_digits, c.hh) || pos + hour_digits >= text.size() ||
            text[pos + hour_digits] != ':' || !read_int(text, pos + hour_digits + 1, 2, c.mm))
            return std::nullopt;
        pos += hour_digits + 3;
        if (pos < text.size() && text[pos] == ':') {
            if (!read_int(text, pos + 1, 2, c.ss)) return std::nullopt;
            pos += 3;
            if (pos < text.size() && text[pos] == '.') {
                ++pos;
                while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
            }
        }
        // One rule for the end of a day: 23:59:59 is its last second; neither 24:00:00 nor a leap
        // second 23:59:60 is a time a case log records.
        if (c.hh > 23 || c.mm > 59 || c.ss > 59) return std::nullopt;
    }
    if (pos == text.size()) return format(c, true);
    // An explicit zone: convert to Asia/Shanghai.
    int offset = 0;
    std::string_view zone = text.substr(pos);
    if (zone == "Z") {
        offset = 0;
    } else if (zone[0] == '+' || zone[0] == '-') {
        int zh = 0, zm = 0;
        if (!read_int(zone, 1, 2, zh)) return std::nullopt;
        std::size_t p = 3;
        if (p < zone.size() && zone[p] == ':') ++p;
        if (p < zone.size() && !read_int(zone, p, 2, zm)) return std::nullopt;
        if (p < zone.size() && p + 2 != zone.size()) return std::nullopt;
        offset = (zh * 3600 + zm * 60) * (zone[0] == '-' ? -1 : 1);
    } else {
        return std::nullopt;
    }
    long long t = days_from_civil(c.y, static_cast<unsigned>(c.m), static_cast<unsigned>(c.d)) * 86400 +
                  c.hh * 3600 + c.mm * 60 + c.ss - offset + shanghai_offset_seconds;
    return format(civil_from_seconds(t), true);
}

long long local_seconds(std::string_view iso) {
    Civil c;
    read_int(iso, 0, 4, c.y);
    read_int(iso, 5, 2, c.m);
    read_int(iso, 8, 2, c.d);
    if (iso.size() >= 19) {
        read_int(iso, 11, 2, c.hh);
        read_int(iso, 14, 2, c.mm);
        read_int(iso, 17, 2, c.ss);
    }
    return days_from_civil(c.y, static_cast<unsigned>(c.m), static_cast<unsigned>(c.d)) * 86400 +
           c.hh * 3600 + c.mm * 60 + c.ss;
}

std::string format_local(long long seconds, char sep) {
    std::string s = format(civil_from_seconds(seconds), true);
    s[10] = sep;
    return s;
}

std::string today_local() {
    return format(civil_from_seconds(local_now_seconds()), false);
}
std::string now_local() {
    return format(civil_from_seconds(local_now_seconds()), true);
}

int year_of(long long local_seconds) {
    using namespace std::chrono;
    long long day = local_seconds / 86400 - (local_seconds % 86400 < 0);
    return static_cast<int>(year_month_day{sys_days{days{day}}}.year());
}

} // namespace wangge::layers
