#pragma once

#include <string>
#include <vector>

namespace wangge::rules {

/// A small RFC 4180 CSV file (UTF-8, optional BOM; lines starting with # are comments) read whole: the header
/// and the rows, each row with the 1-based line it starts on, so that errors can name file and line.
struct CsvTable {
    std::string path;
    std::vector<std::string> header;
    struct Row {
        int line = 0;
        std::vector<std::string> cells;
    };
    std::vector<Row> rows;

    /// Index of a header column; throws InputError naming the file when it is missing.
    std::size_t column(const std::string& name) const;
};

/// Reads a CSV file; throws InputError (file, line) for unreadable files, unterminated quotes and
/// rows whose width differs from the header's.
CsvTable read_csv(const std::string& path);

} // namespace wangge::rules
