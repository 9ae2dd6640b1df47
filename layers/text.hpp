#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace wangge::layers {

/// ASCII lower case; other bytes (Chinese in UTF-8) pass unchanged.
std::string lower_ascii(std::string_view s);

/// Without leading and trailing spaces, tabs and carriage returns.
std::string_view trim(std::string_view s);

/// Columns a UTF-8 text takes on a terminal or in a spreadsheet: CJK characters count two.
std::size_t display_width(std::string_view s);

/// Safe to print on a terminal: control characters (an ESC sequence in a submitted attribute
/// could repaint the screen) become \xNN; line breaks stay.
std::string printable(std::string_view s);

/// A whole number in int range (an optional sign, then digits); nullopt for anything else,
/// never an exception.
std::optional<int> parse_int(std::string_view s);
/// A finite decimal number as a table stores it ("12.5", "-3", "1e-05"); nullopt for anything
/// else, never an exception.
std::optional<double> parse_real(std::string_view s);

/// One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.
std::string csv_field(std::string_view s);

/// A number with `decimals` digits after the point ("%.*f"), as reports print them.
std::string fixed(double v, int decimals);

/// An SQL string literal: in single quotes, each quote doubled.
std::string sql_literal(std::string_view s);

} // namespace wangge::layers
