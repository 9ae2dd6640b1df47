// The platform scorecard as JSON and as the workbook a city sends its districts.
#include "geo/error.hpp"
#include "layers/text.hpp"
#include "layers/xlsx_book.hpp"
#include "src/assess/platform.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <string>

namespace wangge::assess {
namespace {

constexpr const char* table_names[] = {"平台建设与日常管理", "运行管理"};

std::string figures_text(const ItemScore& s) {
    std::string out;
    for (const Figure& f : s.figures) {
        double whole = std::round(f.value);
        std::string v =
            std::fabs(f.value - whole) < 1e-9 ? layers::fixed(f.value, 0) : layers::fixed(f.value, 4);
        out += (out.empty() ? "" : "；") + figure_label(f.name) + " " + v;
    }
    return out;
}

} // namespace

std::string platform_json(const PlatformScore& p) {
    using nlohmann::json;
    json items = json::array();
    for (const ItemScore& s : p.items) {
        json figures = json::object(), labels = json::object();
        for (const Figure& f : s.figures) {
            figures[f.name] = f.value;
            labels[f.name] = figure_label(f.name);
        }
        json item = {{"id", s.item.id},
                     {"table", s.item.table},
                     {"name", s.item.name},
                     {"source", s.item.computed ? "computed" : "checklist"},
                     {"max_points", s.item.max_points},
                     {"points", s.points}};
        if (s.item.target) item["target"] = *s.item.target;
        if (s.item.computed) {
            item["figures"] = figures;
            item["figure_labels"] = labels;
        }
        if (!s.note.empty()) item["note"] = s.note;
        items.push_back(item);
    }
    json tables = json::array();
    for (int t = 0; t < 2; ++t)
        tables.push_back({{"table", t + 1},
                          {"name", table_names[t]},
                          {"points", p.table_points[t]},
                          {"max_points", p.table_max[t]}});
    json root = {{"platform", p.platform}, {"name", p.name},   {"level", p.level},
                 {"period", p.period},     {"total", p.total}, {"max_points", p.max_total},
                 {"score", p.score},       {"grade", p.grade}, {"colour", p.colour},
                 {"label", p.label},       {"tables", tables}, {"items", items}};
    return root.dump(2);
}

void write_platform_xlsx(const PlatformScore& p, const std::string& path) {
    layers::XlsxBook book(path);
    lxw_workbook* wb = book.get();
    lxw_format* header = book.header();
    lxw_format* text = book.text();
    lxw_format* points = workbook_add_format(wb);
    format_set_num_format(points, "0.00");
    lxw_format* wrap = workbook_add_format(wb);
    format_set_text_wrap(wrap);
    format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    format_set_num_format(bold, "0.00");
    lxw_format* title = workbook_add_format(wb);
    format_set_bold(title);
    format_set_font_size(title, 16);
    lxw_format* grade = workbook_add_format(wb);
    format_set_bold(grade);
    format_set_align(grade, LXW_ALIGN_CENTER);
    if (p.colour.size() == 7)
        format_set_bg_color(grade, static_cast<lxw_color_t>(std::stoul(p.colour.substr(1), nullptr, 16)));

    lxw_worksheet* ws = workbook_add_worksheet(wb, "平台考核");
    std::string heading = (p.name.empty() ? p.platform : p.name + "（" + p.platform + "）") +
                          (p.level == "city" ? "市级平台" : "区级平台") + "考核 " + p.period;
    worksheet_write_string(ws, 0, 0, heading.c_str(), title);
    worksheet_write_string(ws, 1, 0, "总分", bold);
    worksheet_write_number(ws, 1, 1, p.total, bold);
    worksheet_write_string(
        ws, 1, 2, ("满分 " + layers::fixed(p.max_total, 0) + "，得分率 " + layers::fixed(p.score, 2)).c_str(),
        nullptr);
    worksheet_write_string(ws, 1, 3, "等级", bold);
    worksheet_write_string(ws, 1, 4, (p.grade + " " + p.label).c_str(), grade);

    const char* headers[] = {"表",   "项目",     "项目代码", "来源",    "满分",
                             "得分", "依据数据", "说明",     "评分方法"};
    const double widths[] = {16, 26, 28, 8, 7, 7, 48, 40, 60};
    for (lxw_col_t c = 0; c < 9; ++c) {
        worksheet_write_string(ws, 3, c, headers[c], header);
        worksheet_set_column(ws, c, c, widths[c], nullptr);
    }
    lxw_row_t row = 4;
    for (int t = 0; t < 2; ++t) {
        for (const ItemScore& s : p.items) {
            if (s.item.table != t + 1) continue;
            worksheet_set_row(ws, row, 30, nullptr); // two lines of the wrapped columns
            worksheet_write_string(ws, row, 0, table_names[t], text);
            worksheet_write_string(ws, row, 1, s.item.name.c_str(), text);
            worksheet_write_string(ws, row, 2, s.item.id.c_str(), text);
            worksheet_write_string(ws, row, 3, s.item.computed ? "数据计算" : "清单填报", text);
            worksheet_write_number(ws, row, 4, s.item.max_points, points);
            worksheet_write_number(ws, row, 5, s.points, points);
            worksheet_write_string(ws, row, 6, figures_text(s).c_str(), wrap);
            worksheet_write_string(ws, row, 7, s.note.c_str(), wrap);
            worksheet_write_string(ws, row, 8, s.item.how.c_str(), wrap);
            ++row;
        }
        worksheet_write_string(ws, row, 1, (std::string(table_names[t]) + " 小计").c_str(), bold);
        worksheet_write_number(ws, row, 4, p.table_max[t], bold);
        worksheet_write_number(ws, row, 5, p.table_points[t], bold);
        row += 2;
    }
    worksheet_freeze_panes(ws, 4, 0);
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    book.close();
}

} // namespace wangge::assess
