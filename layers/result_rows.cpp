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

bool Workspace::scan_table(const std::string& name, const std::optional<RowFilter>& filter,
                           const std::function<void(const std::vector<ResultTable::Column>&)>& columns,
                           const std::function<void(std::span<const std::string_view>)>& row) {
    auto t = table(name, filter);
    if (!t) return false;
    columns(t->columns);
    std::vector<std::string_view> values;
    for (const auto& r : t->rows) {
        values.assign(r.begin(), r.end());
        row(values);
    }
    return true;
}

} // namespace wangge::layers
