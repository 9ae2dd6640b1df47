#include "src/engine/map_export.hpp"

#include "geo/error.hpp"
#include "layers/temp_files.hpp"
#include "layers/text.hpp"
#include "layers/xlsx_book.hpp"
#include "src/engine/map_json.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace wangge::engine {
namespace {

struct Column {
    const char* title;
    const char* key; // a numeric column, or "" for the text ones
    bool rate;
    double width;
};

const Column columns[] = {
    {"排名", "", false, 6},
    {"代码", "", false, 17},
    {"名称", "", false, 16},
    {"综合指标值", "composite", false, 11},
    {"等级", "", false, 6},
    {"立案数", "filed", false, 9},
    {"应结案数", "due", false, 9},
    {"结案数", "closed", false, 9},
    {"结案率", "closure_rate", true, 9},
    {"按期结案率", "on_time_rate", true, 11},
    {"满意率", "satisfaction_rate", true, 9},
    {"单元网格", "grids", false, 9},
};

} // namespace

std::string ranking_xlsx(const MapSnapshot& snapshot, const PeriodResults& results, layers::Level level) {
    const std::vector<const PeriodResults::Row*> rows = results.ranked(level);
    const std::string path = layers::make_temp_file("wangge-export", ".xlsx", "the workbook");
    layers::TempFileGuard on_signal(path);
    struct Remove {
        std::string path;
        ~Remove() { std::filesystem::remove(path); }
    } remove_when_done{path};

    // A grid ranking is a row a grid: written out row by row, so that the server does not hold a
    // big city's whole sheet (225,000 grids: a gigabyte) while it serves.
    layers::XlsxBook book(path, layers::XlsxBook::Memory::by_row);
    lxw_workbook* wb = book.get();
    std::string sheet_name = results.period + " " + std::string(layers::level_name(level));
    lxw_worksheet* ws = workbook_add_worksheet(wb, sheet_name.substr(0, 31).c_str());
    lxw_format* head = book.header();
    lxw_format* text = book.text();
    lxw_format* percent = workbook_add_format(wb);
    format_set_num_format(percent, "0.0%");
    lxw_format* score = workbook_add_format(wb);
    format_set_num_format(score, "0.00");
    std::map<std::string, lxw_format*> grade_formats;

    for (std::size_t c = 0; c < std::size(columns); ++c) {
        worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), columns[c].title, head);
        worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), columns[c].width,
                             nullptr);
    }
    worksheet_freeze_panes(ws, 1, 0);
    lxw_row_t r = 1;
    for (const auto* row : rows) {
        const std::string& name = region_name(snapshot, level, *row);
        worksheet_write_number(ws, r, 0, r, nullptr);
        worksheet_write_string(ws, r, 1, row->code.c_str(), text);
        worksheet_write_string(ws, r, 2, name.c_str(), nullptr);
        for (std::size_t c = 3; c < std::size(columns); ++c) {
            auto col = static_cast<lxw_col_t>(c);
            if (std::string(columns[c].title) == "等级") {
                lxw_format*& f = grade_formats[row->colour];
                if (!f) {
                    f = workbook_add_format(wb);
                    unsigned colour = 0xBDBDBD;
                    if (row->colour.size() == 7) std::sscanf(row->colour.c_str() + 1, "%x", &colour);
                    format_set_bg_color(f, colour);
                    format_set_font_color(f, LXW_COLOR_WHITE);
                    format_set_bold(f);
                    format_set_align(f, LXW_ALIGN_CENTER);
                }
                worksheet_write_string(ws, r, col, row->grade.c_str(), f);
                continue;
            }
            auto v = results.number(*row, columns[c].key);
            if (!v) continue;
            worksheet_write_number(ws, r, col, *v,
                                   columns[c].rate                              ? percent
                                   : std::string(columns[c].key) == "composite" ? score
                                                                                : nullptr);
        }
        ++r;
    }
    if (r > 1) worksheet_autofilter(ws, 0, 0, r - 1, static_cast<lxw_col_t>(std::size(columns) - 1));
    book.close();
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

namespace {

/// A number as the page writes it: the shortest decimal that reads back the same; "" for none.
void put_csv_number(std::string& out, std::optional<double> value) {
    if (!value) return;
    char buf[64];
    out.append(buf, std::to_chars(buf, buf + sizeof buf, *value, std::chars_format::fixed).ptr);
}

} // namespace

std::string ranking_csv(const MapSnapshot& snapshot, const PeriodResults& results, layers::Level level,
                        const MapIndicator& indicator, const rules::Rules& rules) {
    const auto composite = results.column("composite"), filed = results.column("filed"),
               closure = results.column("closure_rate"), on_time = results.column("on_time_rate");
    // A byte-order mark and CRLF: what Excel on Chinese Windows needs to read UTF-8.
    std::string out = "\xEF\xBB\xBF";
    const std::string_view head[] = {"排名", "代码",   "名称",   indicator.label, "综合指标值",
                                     "等级", "立案数", "结案率", "按期结案率"};
    for (std::size_t i = 0; i < std::size(head); ++i) {
        if (i) out += ',';
        out += layers::csv_field(head[i]);
    }
    out += "\r\n";
    long long rank = 0;
    for (const RankedRegion& r : ranked_by(snapshot, results, level, indicator, rules)) {
        put_csv_number(out, static_cast<double>(++rank));
        out += ',';
        out += layers::csv_field(r.row->code);
        out += ',';
        out += layers::csv_field(*r.name);
        out += ',';
        put_csv_number(out, r.value);
        out += ',';
        put_csv_number(out, PeriodResults::number_at(*r.row, composite));
        out += ',';
        out += layers::csv_field(r.row->grade);
        out += ',';
        put_csv_number(out, PeriodResults::number_at(*r.row, filed));
        out += ',';
        put_csv_number(out, PeriodResults::number_at(*r.row, closure));
        out += ',';
        put_csv_number(out, PeriodResults::number_at(*r.row, on_time));
        out += "\r\n";
    }
    return out;
}

} // namespace wangge::engine
