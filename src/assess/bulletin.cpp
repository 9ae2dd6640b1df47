#include "src/assess/bulletin.hpp"

#include "geo/error.hpp"
#include "layers/codes.hpp"
#include "layers/dates.hpp"
#include "layers/text.hpp"
#include "layers/xlsx_book.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <numeric>

namespace wangge::assess {
namespace {

using layers::Level;

struct LevelInfo {
    const char* chinese;
    Level level;
};
constexpr LevelInfo levels[] = {
    {"区", Level::district}, {"街道", Level::street}, {"社区", Level::community}, {"单元网格", Level::grid}};

std::uint32_t rgb(const std::string& hex) {
    return static_cast<std::uint32_t>(std::stoul(hex.substr(1), nullptr, 16));
}

using layers::fixed;

/// The cell formats of one workbook.
class Formats {
public:
    explicit Formats(layers::XlsxBook& book) : m_book(book) {
        header = book.header();
        format_set_align(header, LXW_ALIGN_CENTER);
        format_set_align(header, LXW_ALIGN_VERTICAL_CENTER);
        // The tables' cells are ruled, as a printed bulletin's are.
        cell = add([](lxw_format*) {});
        rank = add([](lxw_format* f) { format_set_align(f, LXW_ALIGN_CENTER); });
        text = add([](lxw_format* f) { format_set_num_format(f, "@"); });
        percent = add([](lxw_format* f) { format_set_num_format(f, "0.0%"); });
        score = add([](lxw_format* f) { format_set_num_format(f, "0.00"); });
        up = add([](lxw_format* f) { format_set_font_color(f, 0x1A9641); });
        down = add([](lxw_format* f) { format_set_font_color(f, 0xD7191C); });
        title = add_plain([](lxw_format* f) {
            format_set_bold(f);
            format_set_font_size(f, 16);
            format_set_align(f, LXW_ALIGN_CENTER);
        });
        note = add_plain([](lxw_format* f) {
            format_set_text_wrap(f);
            format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
        });
        bold = add_plain([](lxw_format* f) { format_set_bold(f); });
    }

    /// A grade cell: filled with the grade's colour, white text on dark fills.
    lxw_format* grade(const std::string& colour) {
        auto [it, fresh] = m_grades.emplace(colour, nullptr);
        if (fresh) {
            std::uint32_t c = rgb(colour);
            double luma = 0.299 * ((c >> 16) & 255) + 0.587 * ((c >> 8) & 255) + 0.114 * (c & 255);
            it->second = add([&](lxw_format* f) {
                format_set_bg_color(f, c);
                format_set_align(f, LXW_ALIGN_CENTER);
                if (luma < 128) format_set_font_color(f, LXW_COLOR_WHITE);
            });
        }
        return it->second;
    }

    /// Table cells (ruled): plain, a rank (centred), text kept as text, rates, scores, a change
    /// up or down. Outside the tables: the title, the notes, a bold caption.
    lxw_format *header, *cell, *rank, *text, *percent, *score, *up, *down, *title, *note, *bold;

private:
    /// A table cell's format: ruled.
    lxw_format* add(const std::function<void(lxw_format*)>& set) {
        lxw_format* f = add_plain(set);
        format_set_border(f, LXW_BORDER_THIN);
        return f;
    }
    lxw_format* add_plain(const std::function<void(lxw_format*)>& set) {
        lxw_format* f = workbook_add_format(m_book.get());
        set(f);
        return f;
    }
    layers::XlsxBook& m_book;
    std::map<std::string, lxw_format*> m_grades;
};

/// 良（B）: the rules' label with the grade; 未评价 when not assessed.
std::string grade_text(const std::optional<std::string>& grade, const rules::Rules& rules) {
    if (!grade) return "未评价";
    for (const rules::GradeBand& b : rules.grades)
        if (b.grade == *grade) return b.label.empty() ? b.grade : b.label + "（" + b.grade + "）";
    return *grade;
}

/// `items` best first by `score`, ties in their given order, with their shared ranks.
template <class T, class Score>
std::vector<std::pair<const T*, int>> ranked(const std::vector<const T*>& items, Score score) {
    std::vector<double> scores;
    scores.reserve(items.size());
    for (const T* item : items) scores.push_back(score(*item));
    std::vector<int> ranks = shared_ranks(scores);
    std::vector<std::pair<const T*, int>> out;
    out.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) out.emplace_back(items[i], ranks[i]);
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& x, const auto& y) { return x.second < y.second; });
    return out;
}

/// The regions of a level, ranked by composite.
std::vector<std::pair<const RegionResult*, int>> ranked_regions(const Assessment& a, Level level) {
    std::vector<const RegionResult*> rows;
    for (const RegionResult& r : a.regions)
        if (r.level == level) rows.push_back(&r);
    return ranked(rows, [](const RegionResult& r) { return r.scores.composite; });
}

/// One column of a level sheet.
struct SheetColumn {
    std::string header;
    enum Kind { text, integer, percent, score, grade } kind;
    std::function<std::optional<std::string>(const RegionResult&)> text_of;
    std::function<std::optional<double>(const RegionResult&)> number_of;
};

/// Columns of a level: rank, code, name, the parents', then the figures a bulletin prints, then
/// every other count, rate and score. `printed` is set to the number of printed columns.
std::vector<SheetColumn> level_columns(const LevelInfo& info, const std::map<std::string, std::string>& names,
                                       const rules::Rules& rules, std::size_t& printed) {
    std::vector<SheetColumn> c;
    c.push_back({"代码", SheetColumn::text, [](const RegionResult& r) { return r.code; }, {}});
    c.push_back({"名称", SheetColumn::text, [](const RegionResult& r) { return r.name; }, {}});
    for (const LevelInfo& parent : levels) {
        if (parent.level >= info.level) break;
        auto code_of = [level = parent.level](const RegionResult& r) {
            return layers::parent_code(r.code, level);
        };
        c.push_back({std::string("所属") + parent.chinese + "代码", SheetColumn::text, code_of, {}});
        c.push_back({std::string("所属") + parent.chinese,
                     SheetColumn::text,
                     [code_of, &names](const RegionResult& r) -> std::optional<std::string> {
                         auto code = code_of(r);
                         if (!code) return std::nullopt;
                         auto it = names.find(*code);
                         return it == names.end() ? std::nullopt : std::optional<std::string>(it->second);
                     },
                     {}});
    }
    c.push_back({"网格数", SheetColumn::integer, {}, [](const RegionResult& r) { return double(r.grids); }});
    auto count = [&](const char* name) {
        for (const CountField& f : count_fields)
            if (std::string_view(f.name) == name)
                c.push_back({f.chinese, SheetColumn::integer, {}, [m = f.member](const RegionResult& r) {
                                 return std::optional<double>(double(r.counts.*m));
                             }});
    };
    auto rate = [&](const char* name) {
        for (const RateField& f : rate_fields)
            if (std::string_view(f.name) == name)
                c.push_back({f.chinese, SheetColumn::percent, {}, [m = f.member](const RegionResult& r) {
                                 return r.rates.*m;
                             }});
    };
    const char* printed_counts[] = {"filed", "due", "closed", "closed_on_time"};
    for (const char* n : printed_counts) count(n);
    rate("closure_rate");
    rate("on_time_rate");
    c.push_back({"综合指标值", SheetColumn::score, {}, [](const RegionResult& r) {
                     return std::optional<double>(r.scores.composite);
                 }});
    c.push_back({"等级",
                 SheetColumn::grade,
                 [&rules](const RegionResult& r) { return grade_text(r.grade, rules); },
                 {}});
    printed = c.size() + 1; // and the rank before them
    for (const CountField& f : count_fields)
        if (std::find_if(std::begin(printed_counts), std::end(printed_counts), [&](const char* n) {
                return std::string_view(n) == f.name;
            }) == std::end(printed_counts))
            count(f.name);
    for (const RateField& f : rate_fields)
        if (std::string_view(f.name) != "closure_rate" && std::string_view(f.name) != "on_time_rate")
            rate(f.name);
    const std::pair<const char*, double Scores::*> scores[] = {{"监督举报分值", &Scores::public_report_score},
                                                               {"立案数分值", &Scores::filed_score},
                                                               {"结案率分值", &Scores::closure_score},
                                                               {"按期结案率分值", &Scores::on_time_score}};
    for (auto [name, member] : scores)
        c.push_back({name, SheetColumn::score, {}, [m = member](const RegionResult& r) {
                         return std::optional<double>(r.scores.*m);
                     }});
    return c;
}

double width_of(const std::string& text) {
    return std::clamp(static_cast<double>(layers::display_width(text)) + 2, 8.0, 40.0);
}

/// A4 landscape, `columns` wide on one page, the header repeated.
void print_one_page_wide(lxw_worksheet* ws, std::size_t columns, lxw_row_t header_row) {
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_repeat_rows(ws, header_row, header_row);
    worksheet_print_area(ws, 0, 0, LXW_ROW_MAX - 1, static_cast<lxw_col_t>(columns - 1));
    worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
}

void level_sheet(layers::XlsxBook& book, Formats& f, const Assessment& a, const LevelInfo& info,
                 const std::map<std::string, std::string>& names, const rules::Rules& rules) {
    const auto rows = ranked_regions(a, info.level);
    std::size_t printed = 0;
    std::vector<SheetColumn> cols = level_columns(info, names, rules, printed);
    lxw_worksheet* ws = workbook_add_worksheet(book.get(), info.chinese);
    if (!ws) throw BackendError(std::string("cannot add the sheet ") + info.chinese);
    std::vector<double> widths(cols.size() + 1, 0);
    worksheet_write_string(ws, 0, 0, "排名", f.header);
    widths[0] = 6;
    for (std::size_t c = 0; c < cols.size(); ++c) {
        worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c + 1), cols[c].header.c_str(), f.header);
        widths[c + 1] = width_of(cols[c].header);
    }
    worksheet_set_row(ws, 0, 32, nullptr); // rows go out one by one: set before the next begins
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto [region, rank] = rows[i];
        const RegionResult& r = *region;
        auto row = static_cast<lxw_row_t>(i + 1);
        worksheet_write_number(ws, row, 0, rank, f.rank);
        for (std::size_t c = 0; c < cols.size(); ++c) {
            auto col = static_cast<lxw_col_t>(c + 1);
            const SheetColumn& k = cols[c];
            if (k.text_of) {
                std::optional<std::string> v = k.text_of(r);
                if (!v) {
                    worksheet_write_blank(ws, row, col, f.cell);
                    continue;
                }
                lxw_format* format =
                    k.kind == SheetColumn::grade ? (r.colour ? f.grade(*r.colour) : f.cell) : f.text;
                worksheet_write_string(ws, row, col, v->c_str(), format);
                widths[c + 1] = std::max(widths[c + 1], width_of(*v));
            } else if (std::optional<double> v = k.number_of(r)) {
                lxw_format* format = k.kind == SheetColumn::percent ? f.percent
                                     : k.kind == SheetColumn::score ? f.score
                                                                    : f.cell;
                worksheet_write_number(ws, row, col, *v, format);
            } else {
                worksheet_write_blank(ws, row, col, f.cell);
            }
        }
    }
    for (std::size_t c = 0; c < widths.size(); ++c)
        worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), widths[c], nullptr);
    worksheet_freeze_panes(ws, 1, 3);
    worksheet_autofilter(ws, 0, 0, rows.empty() ? 1 : static_cast<lxw_row_t>(rows.size()),
                         static_cast<lxw_col_t>(cols.size()));
    // District and street sheets are printed and sent; the community and grid sheets are for
    // filtering on screen.
    if (info.level == Level::district || info.level == Level::street) print_one_page_wide(ws, printed, 0);
}

std::string weight_text(const rules::Rules& rules) {
    const rules::CompositeWeights& w = rules.composite_weights;
    const std::pair<const char*, double> parts[] = {{"监督举报分值", w.public_report_score},
                                                    {"立案数分值", w.filed_score},
                                                    {"结案率分值", w.closure_score},
                                                    {"按期结案率分值", w.on_time_score}};
    std::string out = "综合指标值 = ";
    bool first = true;
    for (auto [name, weight] : parts) {
        out += (first ? "" : " + ") + std::string(name) + " × " + fixed(weight, 0) + "%";
        first = false;
    }
    return out;
}

std::string band_text(const rules::Rules& rules) {
    std::string out = "等级：";
    double upper = 100;
    for (std::size_t i = 0; i < rules.grades.size(); ++i) {
        const rules::GradeBand& b = rules.grades[i];
        out += (i ? "；" : "") + (b.label.empty() ? b.grade : b.label + "（" + b.grade + "）") + " " +
               (i == 0 ? "≥ " + fixed(b.min, 0) : fixed(b.min, 0) + "–" + fixed(upper, 0));
        upper = b.min;
    }
    return out + "（综合指标值，满分 100）";
}

void summary_sheet(layers::XlsxBook& book, Formats& f, const Assessment& a, const BulletinContext& ctx) {
    lxw_worksheet* ws = workbook_add_worksheet(book.get(), "通报");
    const rules::Rules& rules = *ctx.rules;
    const lxw_col_t last = 11;
    std::string title = period_title(a.period.id) + "数字城管区域考核通报";
    worksheet_merge_range(ws, 0, 0, 0, last, title.c_str(), f.title);
    worksheet_set_row(ws, 0, 30, nullptr);
    std::string end = layers::format_local(a.period.end - 86400, ' ').substr(0, 10);
    std::string meta = "发布单位：" + ctx.issuer + "    发布日期：" + ctx.issued_on + "    考核周期：" +
                       a.period.start_iso().substr(0, 10) + " 至 " + end;
    worksheet_merge_range(ws, 1, 0, 1, last, meta.c_str(), nullptr);
    std::string method =
        "考核方法：按 DB4403/T 14—2019 与 GB/T 30428 的指标，以单元网格为单位统计案件，逐级汇总到"
        "社区、街道、区。" +
        weight_text(rules) + "。" + band_text(rules) + "。排名按综合指标值，分值相同者并列。";
    worksheet_merge_range(ws, 2, 0, 2, last, method.c_str(), f.note);
    worksheet_set_row(ws, 2, 48, nullptr);

    const auto districts = ranked_regions(a, Level::district);
    // The previous period's ranks among the districts it holds.
    std::vector<double> before_scores;
    for (const auto& [code, composite] : ctx.previous_composite) before_scores.push_back(composite);
    std::vector<int> before_ranks = shared_ranks(before_scores);
    std::map<std::string, int> rank_before;
    std::size_t k = 0;
    for (const auto& [code, composite] : ctx.previous_composite) rank_before[code] = before_ranks[k++];

    const lxw_row_t head = 4;
    std::string previous = ctx.previous_period.empty() ? "上期" : "上期（" + ctx.previous_period + "）";
    const std::string headers[] = {"排名",
                                   "区代码",
                                   "区名称",
                                   "立案数",
                                   "结案率",
                                   "按期结案率",
                                   "综合指标值",
                                   "等级",
                                   previous + "排名",
                                   "排名变化",
                                   previous + "综合指标值",
                                   "综合指标值变化"};
    worksheet_write_string(ws, head - 1, 0, "各区考核结果", f.bold);
    for (lxw_col_t c = 0; c <= last; ++c) worksheet_write_string(ws, head, c, headers[c].c_str(), f.header);
    worksheet_set_row(ws, head, 32, nullptr);
    for (std::size_t i = 0; i < districts.size(); ++i) {
        const auto [region, rank] = districts[i];
        const RegionResult& r = *region;
        auto row = static_cast<lxw_row_t>(head + 1 + i);
        for (lxw_col_t c = 0; c <= last; ++c) worksheet_write_blank(ws, row, c, f.cell); // ruled when empty
        worksheet_write_number(ws, row, 0, rank, f.rank);
        worksheet_write_string(ws, row, 1, r.code.c_str(), f.text);
        worksheet_write_string(ws, row, 2, r.name.c_str(), f.cell);
        worksheet_write_number(ws, row, 3, static_cast<double>(r.counts.filed), f.cell);
        if (r.rates.closure_rate) worksheet_write_number(ws, row, 4, *r.rates.closure_rate, f.percent);
        if (r.rates.on_time_rate) worksheet_write_number(ws, row, 5, *r.rates.on_time_rate, f.percent);
        worksheet_write_number(ws, row, 6, r.scores.composite, f.score);
        worksheet_write_string(ws, row, 7, grade_text(r.grade, rules).c_str(),
                               r.colour ? f.grade(*r.colour) : f.cell);
        auto rb = rank_before.find(r.code);
        auto cb = ctx.previous_composite.find(r.code);
        if (rb != rank_before.end()) {
            worksheet_write_number(ws, row, 8, rb->second, f.rank);
            int change = rb->second - rank; // up the table is better
            std::string arrow = change > 0   ? "↑" + std::to_string(change)
                                : change < 0 ? "↓" + std::to_string(-change)
                                             : "—";
            worksheet_write_string(ws, row, 9, arrow.c_str(),
                                   change > 0   ? f.up
                                   : change < 0 ? f.down
                                                : f.cell);
        }
        if (cb != ctx.previous_composite.end()) {
            worksheet_write_number(ws, row, 10, cb->second, f.score);
            double change = std::round((r.scores.composite - cb->second) * 100) / 100;
            std::string arrow = change > 0   ? "↑" + fixed(change, 2)
                                : change < 0 ? "↓" + fixed(-change, 2)
                                             : "—";
            worksheet_write_string(ws, row, 11, arrow.c_str(),
                                   change > 0   ? f.up
                                   : change < 0 ? f.down
                                                : f.cell);
        }
    }
    const double widths[] = {6, 10, 14, 9, 9, 11, 11, 10, 14, 9, 16, 14};
    for (lxw_col_t c = 0; c <= last; ++c) worksheet_set_column(ws, c, c, widths[c], nullptr);
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);
    worksheet_fit_to_pages(ws, 1, 1);
    worksheet_center_horizontally(ws);
    worksheet_activate(ws);
}

void departments_sheet(layers::XlsxBook& book, Formats& f, const Assessment& a, const BulletinContext& ctx) {
    lxw_worksheet* ws = workbook_add_worksheet(book.get(), "部门评价");
    const char* headers[] = {"排名",       "部门代码", "部门名称",   "立案数", "应结案数",   "结案数",
                             "按期结案数", "结案率",   "按期结案率", "返工率", "综合指标值", "等级"};
    for (lxw_col_t c = 0; c < std::size(headers); ++c) worksheet_write_string(ws, 0, c, headers[c], f.header);
    worksheet_set_row(ws, 0, 32, nullptr);
    std::vector<const DepartmentResult*> departments;
    for (const DepartmentResult& d : a.departments) departments.push_back(&d);
    const auto rows = ranked(departments, [](const DepartmentResult& d) { return d.composite; });
    double name_width = 12;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto [department, rank] = rows[i];
        const DepartmentResult& d = *department;
        auto row = static_cast<lxw_row_t>(i + 1);
        worksheet_write_number(ws, row, 0, rank, f.rank);
        worksheet_write_string(ws, row, 1, d.dept_code.c_str(), f.text);
        if (auto it = ctx.department_names.find(d.dept_code); it != ctx.department_names.end()) {
            worksheet_write_string(ws, row, 2, it->second.c_str(), f.cell);
            name_width = std::max(name_width, width_of(it->second));
        } else {
            worksheet_write_blank(ws, row, 2, f.cell);
        }
        const long long counts[] = {d.counts.filed, d.counts.due, d.counts.closed, d.counts.closed_on_time};
        for (lxw_col_t c = 0; c < 4; ++c)
            worksheet_write_number(ws, row, 3 + c, static_cast<double>(counts[c]), f.cell);
        const std::optional<double> rates[] = {d.rates.closure_rate, d.rates.on_time_rate,
                                               d.rates.rework_rate};
        for (lxw_col_t c = 0; c < 3; ++c) {
            if (rates[c])
                worksheet_write_number(ws, row, 7 + c, *rates[c], f.percent);
            else
                worksheet_write_blank(ws, row, 7 + c, f.cell);
        }
        worksheet_write_number(ws, row, 10, d.composite, f.score);
        worksheet_write_string(ws, row, 11, grade_text(d.grade, *ctx.rules).c_str(), f.grade(d.colour));
    }
    worksheet_set_column(ws, 0, 11, 11, nullptr);
    worksheet_set_column(ws, 0, 0, 6, nullptr);
    worksheet_set_column(ws, 2, 2, name_width, nullptr);
    worksheet_freeze_panes(ws, 1, 3);
    print_one_page_wide(ws, std::size(headers), 0);
}

const char* role_name(Role role) {
    switch (role) {
    case Role::collector:
        return "信息采集员";
    case Role::operator_:
        return "操作员";
    case Role::inspector:
        return "督查员";
    case Role::none:
        break;
    }
    return "";
}

void staff_sheet(layers::XlsxBook& book, Formats& f, const Assessment& a) {
    lxw_worksheet* ws = workbook_add_worksheet(book.get(), "岗位考核");
    const char* headers[] = {"岗位排名",
                             "人员编号",
                             "姓名",
                             "岗位",
                             "上报/操作/督查数",
                             "有效上报率/操作准确率",
                             "漏报率/操作超时率",
                             "按时核实率",
                             "按时核查率",
                             "综合得分"};
    for (lxw_col_t c = 0; c < std::size(headers); ++c) worksheet_write_string(ws, 0, c, headers[c], f.header);
    worksheet_set_row(ws, 0, 32, nullptr);
    // Ranked within each role, collectors first: the roles' scores measure different work.
    std::vector<const StaffResult*> rows;
    for (const StaffResult& s : a.staff) rows.push_back(&s);
    auto role_order = [](Role r) { return r == Role::collector ? 0 : r == Role::operator_ ? 1 : 2; };
    std::stable_sort(rows.begin(), rows.end(), [&](auto* x, auto* y) {
        if (role_order(x->role) != role_order(y->role)) return role_order(x->role) < role_order(y->role);
        return x->composite.value_or(-1) > y->composite.value_or(-1);
    });
    lxw_row_t row = 1;
    for (std::size_t i = 0; i < rows.size();) {
        std::size_t j = i;
        std::vector<double> composites;
        while (j < rows.size() && rows[j]->role == rows[i]->role)
            composites.push_back(rows[j++]->composite.value_or(-1));
        std::vector<int> ranks = shared_ranks(composites);
        for (std::size_t k = i; k < j; ++k, ++row) {
            const StaffResult& s = *rows[k];
            for (lxw_col_t c = 0; c < std::size(headers); ++c) worksheet_write_blank(ws, row, c, f.cell);
            if (s.composite) worksheet_write_number(ws, row, 0, ranks[k - i], f.rank);
            worksheet_write_string(ws, row, 1, s.person_id.c_str(), f.text);
            worksheet_write_string(ws, row, 2, s.name.c_str(), f.cell);
            worksheet_write_string(ws, row, 3, role_name(s.role), f.cell);
            bool collector = s.role == Role::collector, op = s.role == Role::operator_;
            worksheet_write_number(ws, row, 4,
                                   static_cast<double>(collector ? s.reports
                                                       : op      ? s.operations
                                                                 : s.inspections),
                                   f.cell);
            auto put = [&](lxw_col_t c, const std::optional<double>& v) {
                if (v) worksheet_write_number(ws, row, c, *v, f.percent);
            };
            put(5, collector ? s.valid_report_rate : s.accuracy);
            put(6, collector ? s.missed_rate : s.timeout_rate);
            if (collector) put(7, s.verify_on_time_rate), put(8, s.check_on_time_rate);
            if (s.composite) worksheet_write_number(ws, row, 9, *s.composite, f.score);
        }
        i = j;
    }
    const double widths[] = {8, 12, 10, 11, 14, 20, 18, 11, 11, 10};
    for (lxw_col_t c = 0; c < std::size(widths); ++c) worksheet_set_column(ws, c, c, widths[c], nullptr);
    worksheet_freeze_panes(ws, 1, 3);
    worksheet_autofilter(ws, 0, 0, row > 1 ? row - 1 : 1, std::size(headers) - 1);
    print_one_page_wide(ws, std::size(headers), 0);
}

} // namespace

std::vector<int> shared_ranks(const std::vector<double>& composites) {
    // Sorted once: a grid sheet ranks 100,000 regions.
    std::vector<long long> key(composites.size());
    for (std::size_t i = 0; i < composites.size(); ++i) key[i] = std::llround(composites[i] * 100);
    std::vector<std::size_t> order(composites.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t x, std::size_t y) { return key[x] > key[y]; });
    std::vector<int> out(composites.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        out[order[i]] =
            i > 0 && key[order[i]] == key[order[i - 1]] ? out[order[i - 1]] : static_cast<int>(i + 1);
    return out;
}

std::string period_title(const std::string& id) {
    if (id.size() == 7 && id[4] == '-' && std::isdigit(static_cast<unsigned char>(id[5])))
        return id.substr(0, 4) + "年" + std::to_string(std::stoi(id.substr(5))) + "月";
    if (id.size() == 7 && id.substr(4, 2) == "-Q") return id.substr(0, 4) + "年第" + id.substr(6) + "季度";
    if (id.size() == 7 && id.substr(4, 2) == "-H")
        return id.substr(0, 4) + (id[6] == '1' ? "年上半年" : "年下半年");
    if (id.size() == 4) return id + "年度";
    if (auto dots = id.find(".."); dots != std::string::npos)
        return id.substr(0, dots) + "至" + id.substr(dots + 2);
    return id;
}

void write_bulletin_xlsx(const Assessment& a, const BulletinContext& ctx, const std::string& path) {
    if (!ctx.rules) throw BackendError("the bulletin needs the rules");
    // A big city's grid sheet is hundreds of thousands of rows: each goes out to a temporary file
    // once the next begins (225,000 grids: 1.3 GB held otherwise).
    layers::XlsxBook book(path, layers::XlsxBook::Memory::by_row);
    Formats formats(book);
    std::map<std::string, std::string> names;
    for (const RegionResult& r : a.regions) names[r.code] = r.name;
    summary_sheet(book, formats, a, ctx);
    for (const LevelInfo& info : levels) level_sheet(book, formats, a, info, names, *ctx.rules);
    departments_sheet(book, formats, a, ctx);
    staff_sheet(book, formats, a);
    book.close();
}

} // namespace wangge::assess
