#include "src/assess/period.hpp"

#include "geo/error.hpp"
#include "layers/codes.hpp"
#include "layers/dates.hpp"

#include <cstdio>

namespace wangge::assess {
namespace {

long long day_start(int y, int m, int d) {
    return layers::days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)) * 86400;
}

bool digits(const std::string& s, std::size_t pos, std::size_t n) {
    return s.size() >= pos + n && layers::all_digits(std::string_view(s).substr(pos, n));
}

[[noreturn]] void bad(const std::string& text) {
    throw UsageError(
        "period '" + text +
        "' is not a month (2026-10), quarter (2026-Q4), half year (2026-H2), year (2026) or range "
        "(2026-10-01..2026-10-15)");
}

Period months_from(const std::string& id, Period::Kind kind, int year, int first_month, int count) {
    Period p;
    p.id = id;
    p.kind = kind;
    p.start = day_start(year, first_month, 1);
    int end_month = first_month + count;
    p.end = end_month > 12 ? day_start(year + 1, end_month - 12, 1) : day_start(year, end_month, 1);
    p.months = count;
    return p;
}

std::string iso(long long t) {
    return layers::format_local(t) + "+08:00";
}

} // namespace

std::string Period::start_iso() const {
    return iso(start);
}
std::string Period::end_iso() const {
    return iso(end);
}

Period parse_period(const std::string& text) {
    if (!digits(text, 0, 4)) bad(text);
    int year = std::stoi(text.substr(0, 4));
    if (year < 1990 || year > 2999)
        throw UsageError("period '" + text + "': the year " + std::to_string(year) +
                         " is out of range; periods of 1990 to 2999 are supported");
    if (text.size() == 4) return months_from(text, Period::Kind::year, year, 1, 12);
    if (text.size() == 7 && text[4] == '-' && text[5] == 'Q' && text[6] >= '1' && text[6] <= '4')
        return months_from(text, Period::Kind::quarter, year, (text[6] - '1') * 3 + 1, 3);
    if (text.size() == 7 && text[4] == '-' && text[5] == 'H' && (text[6] == '1' || text[6] == '2'))
        return months_from(text, Period::Kind::half_year, year, text[6] == '1' ? 1 : 7, 6);
    if (text.size() == 7 && text[4] == '-' && digits(text, 5, 2)) {
        int m = std::stoi(text.substr(5, 2));
        if (m < 1 || m > 12) bad(text);
        return months_from(text, Period::Kind::month, year, m, 1);
    }
    if (auto dots = text.find(".."); dots != std::string::npos) {
        auto from = layers::parse_date(text.substr(0, dots));
        auto to = layers::parse_date(text.substr(dots + 2));
        if (!from || !to || text.substr(0, dots) != *from || text.substr(dots + 2) != *to) bad(text);
        Period p;
        p.id = text;
        p.kind = Period::Kind::range;
        p.start = layers::local_seconds(*from);
        p.end = layers::local_seconds(*to) + 86400; // the last day is included
        if (p.end <= p.start) throw UsageError("period " + text + " ends before it starts");
        p.months = static_cast<double>(p.end - p.start) / 86400.0 / (365.2425 / 12.0);
        return p;
    }
    bad(text);
}

std::string month_of(long long local_seconds) {
    return layers::format_local(local_seconds).substr(0, 7);
}

} // namespace wangge::assess
