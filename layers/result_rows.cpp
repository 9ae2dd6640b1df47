#include "layers/store.hpp"

#include <charconv>

namespace wangge::layers {

std::string cell_text(const Cell& cell) {
    char buf[32];
    switch (cell.kind) {
    case Cell::Kind::integer:
        return std::string(buf, std::to_chars(buf, buf + sizeof buf, cell.integer).ptr);
    case Cell::Kind::real:
        return std::string(buf,
                           std::to_chars(buf, buf + sizeof buf, cell.real, std::chars_format::general).ptr);
    case Cell::Kind::text:
        return std::string(cell.text);
    case Cell::Kind::null:
        break;
    }
    return {};
}

void emit_text_row(const RowEmitter& emit, const std::vector<std::string>& row) {
    std::vector<Cell> cells;
    cells.reserve(row.size());
    for (const std::string& value : row) cells.push_back(Cell::of(std::string_view(value)));
    emit(cells);
}

} // namespace wangge::layers
