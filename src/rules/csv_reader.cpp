#include "src/rules/csv_reader.hpp"

#include "geo/error.hpp"

#include <fstream>
#include <sstream>

namespace wangge::rules {

std::size_t CsvTable::column(const std::string& name) const {
    for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i] == name) return i;
    throw InputError(path + " line 1: no column '" + name + "'");
}

CsvTable read_csv(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot read the file");
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);

    CsvTable table;
    table.path = path;
    std::vector<std::string> cells;
    std::string cell;
    bool quoted = false, any = false;
    int line = 1, row_line = 1;
    auto end_row = [&] {
        cells.push_back(cell);
        cell.clear();
        bool blank = cells.size() == 1 && cells[0].empty() && !any;
        if (!blank) {
            if (table.header.empty()) {
                table.header = cells;
            } else {
                if (cells.size() != table.header.size())
                    throw InputError(path + " line " + std::to_string(row_line) + ": " +
                                     std::to_string(cells.size()) + " fields where the header has " +
                                     std::to_string(table.header.size()));
                table.rows.push_back({row_line, cells});
            }
        }
        cells.clear();
        any = false;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                cell += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                if (c == '\n') ++line;
                cell += c;
            }
            continue;
        }
        switch (c) {
        case '#':
            // A line that starts with # is a comment (a calendar names the notice it follows).
            if (cells.empty() && cell.empty() && !any) {
                while (i + 1 < text.size() && text[i + 1] != '\n') ++i;
                break;
            }
            cell += c, any = true;
            break;
        case '"':
            quoted = any = true;
            break;
        case ',':
            cells.push_back(cell), cell.clear(), any = true;
            break;
        case '\r':
            break;
        case '\n':
            end_row();
            row_line = ++line;
            break;
        default:
            cell += c, any = true;
        }
    }
    if (quoted)
        throw InputError(path + " line " + std::to_string(row_line) + ": a quoted field is not closed");
    if (!cell.empty() || !cells.empty()) end_row();
    if (table.header.empty()) throw InputError(path + ": the file is empty");
    return table;
}

} // namespace wangge::rules
