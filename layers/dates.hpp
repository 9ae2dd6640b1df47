#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace wangge::layers {

/// Parses a date written as YYYYMMDD, YYYY-MM-DD or YYYY/MM/DD (a trailing time is ignored) into
/// YYYY-MM-DD. Nullopt when it is not a real calendar date.
std::optional<std::string> parse_date(std::string_view text);

/// Parses a timestamp (a date as above, then optionally "T" or " " and HH:MM[:SS[.fff]], then
/// optionally "Z" or ±HH[:MM]) into YYYY-MM-DDTHH:MM:SS in Asia/Shanghai local time (UTC+8, no
/// daylight saving). A value without a zone is already local.
std::optional<std::string> parse_timestamp(std::string_view text);

/// Days since 1970-01-01 of a valid civil date (proleptic Gregorian).
long long days_from_civil(int y, unsigned m, unsigned d);

/// Seconds since 1970-01-01 00:00 local of a YYYY-MM-DD[THH:MM:SS] text from parse_date or
/// parse_timestamp, and back ("YYYY-MM-DDTHH:MM:SS", or with `sep` between date and time).
long long local_seconds(std::string_view iso);
std::string format_local(long long local_seconds, char sep = 'T');
/// The year of a local time in seconds since 1970-01-01 00:00.
int year_of(long long local_seconds);

/// Today's date in Asia/Shanghai as YYYY-MM-DD, and the current local time as a timestamp.
std::string today_local();
std::string now_local();

} // namespace wangge::layers
