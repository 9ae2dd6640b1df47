#include "geo/error.hpp"
#include "layers/text.hpp"
#include "layers/xlsx_book.hpp"
#include "src/assess/assessment_output.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>

namespace wangge::assess {
namespace {

std::string num(double v, int digits) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}
std::string opt(const std::optional<double>& v) {
    return v ? num(*v, 4) : "";
}

const char* level_names[][2] = {
    {"district", "区"}, {"street", "街道"}, {"community", "社区"}, {"grid", "单元网格"}};

struct Column {
    const char* header;
    std::function<std::string(const RegionResult&)> value;
    bool numeric;
};

const std::vector<Column>& region_columns() {
    static const std::vector<Column> cols = [] {
        std::vector<Column> c = {
            {"区域代码 code", [](const RegionResult& r) { return r.code; }, false},
            {"区域名称 name", [](const RegionResult& r) { return r.name; }, false},
            {"网格数 grids", [](const RegionResult& r) { return std::to_string(r.grids); }, true},
        };
        // Every count and rate of the JSON contract, in its order, named in Chinese and English.
        static std::vector<std::string> headers;
        headers.reserve(std::size(count_fields) + std::size(rate_fields));
        for (const CountField& f : count_fields) {
            headers.push_back(std::string(f.chinese) + " " + f.name);
            c.push_back({headers.back().c_str(),
                         [m = f.member](const RegionResult& r) { return std::to_string(r.counts.*m); },
                         true});
        }
        for (const RateField& f : rate_fields) {
            headers.push_back(std::string(f.chinese) + " " + f.name);
            c.push_back({headers.back().c_str(),
                         [m = f.member](const RegionResult& r) { return opt(r.rates.*m); }, true});
        }
        c.push_back({"监督举报分值 public_report_score",
                     [](const RegionResult& r) { return num(r.scores.public_report_score, 2); }, true});
        c.push_back({"立案数分值 filed_score",
                     [](const RegionResult& r) { return num(r.scores.filed_score, 2); }, true});
        c.push_back({"结案率分值 closure_score",
                     [](const RegionResult& r) { return num(r.scores.closure_score, 2); }, true});
        c.push_back({"按期结案率分值 on_time_score",
                     [](const RegionResult& r) { return num(r.scores.on_time_score, 2); }, true});
        c.push_back(
            {"综合指标值 composite", [](const RegionResult& r) { return num(r.scores.composite, 2); }, true});
        c.push_back({"等级 grade", [](const RegionResult& r) { return r.grade.value_or("未评价"); }, false});
        return c;
    }();
    return cols;
}

std::uint32_t rgb(const std::string& hex) {
    return static_cast<std::uint32_t>(std::stoul(hex.substr(1), nullptr, 16));
}

/// A bulletin is printed: A4 landscape, one page wide, the header row (two lines: Chinese, then
/// the field name) on every page.
void print_setup(lxw_worksheet* ws) {
    worksheet_set_row(ws, 0, 30, nullptr);
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); // A4
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_repeat_rows(ws, 0, 0);
}

} // namespace

void write_assessment_csv(const Assessment& a, const std::optional<std::string>& level,
                          const std::string& path) {
    std::ofstream out(path, std::ios::binary);
    if (!out) throw InputError(path + ": cannot write");
    out << "\xEF\xBB\xBF"
        << "level,period";
    for (const Column& c : region_columns()) out << "," << layers::csv_field(c.header);
    out << ",colour\r\n";
    for (const RegionResult& r : a.regions) {
        if (level && *level != "all" && r.level != *level) continue;
        out << r.level << "," << a.period.id;
        for (const Column& c : region_columns()) out << "," << layers::csv_field(c.value(r));
        out << "," << r.colour.value_or("") << "\r\n";
    }
    out.close();
    if (out.fail()) throw BackendError(path + ": write failed");
}

void write_assessment_xlsx(const Assessment& a, const std::string& path) {
    layers::XlsxBook book(path);
    lxw_format* header = book.header();
    lxw_format* text = book.text();
    lxw_format* percent = workbook_add_format(book.get());
    format_set_num_format(percent, "0.00%"); // rates are fractions in the cell, percentages on screen
    format_set_align(header, LXW_ALIGN_CENTER);
    format_set_align(header, LXW_ALIGN_VERTICAL_CENTER);
    std::map<std::string, lxw_format*> grade_fill;
    auto fill = [&](const std::string& colour) {
        auto [it, fresh] = grade_fill.emplace(colour, nullptr);
        if (fresh) {
            it->second = workbook_add_format(book.get());
            format_set_bg_color(it->second, rgb(colour));
            format_set_align(it->second, LXW_ALIGN_CENTER);
            std::uint32_t c = rgb(colour);
            double luma = 0.299 * ((c >> 16) & 255) + 0.587 * ((c >> 8) & 255) + 0.114 * (c & 255);
            if (luma < 128) format_set_font_color(it->second, LXW_COLOR_WHITE);
        }
        return it->second;
    };
    for (auto [level, title] : level_names) {
        std::string sheet_name = std::string(title) + "考核 " + a.period.id;
        lxw_worksheet* ws = workbook_add_worksheet(book.get(), sheet_name.substr(0, 90).c_str());
        if (!ws) throw BackendError(path + ": cannot add sheet " + sheet_name);
        const auto& cols = region_columns();
        worksheet_write_string(ws, 0, 0, "排名 rank", header);
        for (std::size_t c = 0; c < cols.size(); ++c) {
            std::string heading = cols[c].header;
            if (auto space = heading.find(' '); space != std::string::npos) heading[space] = '\n';
            worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c + 1), heading.c_str(), header);
            worksheet_set_column(
                ws, static_cast<lxw_col_t>(c + 1), static_cast<lxw_col_t>(c + 1),
                std::max(10.0,
                         std::min(24.0, static_cast<double>(layers::display_width(cols[c].header)) / 2 + 2)),
                nullptr);
        }
        worksheet_set_column(ws, 1, 1, 18, text);
        worksheet_set_column(ws, 2, 2, 14, nullptr);
        lxw_row_t row = 1;
        for (const RegionResult& r : a.regions) {
            if (r.level != level) continue;
            worksheet_write_number(ws, row, 0, row, nullptr);
            for (std::size_t c = 0; c < cols.size(); ++c) {
                std::string v = cols[c].value(r);
                auto col = static_cast<lxw_col_t>(c + 1);
                bool grade_col = c + 1 == cols.size();
                if (grade_col && r.colour)
                    worksheet_write_string(ws, row, col, v.c_str(), fill(*r.colour));
                else if (cols[c].numeric && !v.empty())
                    worksheet_write_number(ws, row, col, std::stod(v),
                                           std::string_view(cols[c].header).ends_with("_rate") ? percent
                                                                                               : nullptr);
                else
                    worksheet_write_string(ws, row, col, v.c_str(), c == 0 ? text : nullptr);
            }
            ++row;
        }
        worksheet_freeze_panes(ws, 1, 0);
        if (row > 1) worksheet_autofilter(ws, 0, 0, row - 1, static_cast<lxw_col_t>(cols.size()));
        print_setup(ws);
    }
    lxw_worksheet* depts = workbook_add_worksheet(book.get(), "部门评价");
    const char* dh[] = {"排名 rank",          "部门 dept_code",       "立案数 filed",
                        "应结案数 due",       "结案数 closed",        "按期结案数 closed_on_time",
                        "返工率 rework_rate", "综合指标值 composite", "等级 grade"};
    for (lxw_col_t c = 0; c < 9; ++c) worksheet_write_string(depts, 0, c, dh[c], header);
    lxw_row_t row = 1;
    for (const DepartmentResult& d : a.departments) {
        worksheet_write_number(depts, row, 0, row, nullptr);
        worksheet_write_string(depts, row, 1, d.dept_code.c_str(), text);
        worksheet_write_number(depts, row, 2, static_cast<double>(d.counts.filed), nullptr);
        worksheet_write_number(depts, row, 3, static_cast<double>(d.counts.due), nullptr);
        worksheet_write_number(depts, row, 4, static_cast<double>(d.counts.closed), nullptr);
        worksheet_write_number(depts, row, 5, static_cast<double>(d.counts.closed_on_time), nullptr);
        if (d.rates.rework_rate) worksheet_write_number(depts, row, 6, *d.rates.rework_rate, nullptr);
        worksheet_write_number(depts, row, 7, std::round(d.composite * 100) / 100, nullptr);
        worksheet_write_string(depts, row, 8, d.grade.c_str(), fill(d.colour));
        ++row;
    }
    worksheet_set_column(depts, 0, 8, 14, nullptr);
    worksheet_freeze_panes(depts, 1, 0);
    print_setup(depts);
    lxw_worksheet* staff = workbook_add_worksheet(book.get(), "岗位考核");
    const char* sh[] = {"人员 person_id",        "姓名 name",         "岗位 role",  "上报/操作/督查 count",
                        "有效上报率/操作准确率", "漏报率/操作超时率", "按时核实率", "按时核查率",
                        "综合 composite"};
    for (lxw_col_t c = 0; c < 9; ++c) worksheet_write_string(staff, 0, c, sh[c], header);
    row = 1;
    auto put = [&](lxw_col_t c, const std::optional<double>& v) {
        if (v) worksheet_write_number(staff, row, c, std::round(*v * 10000) / 10000, nullptr);
    };
    for (const StaffResult& s : a.staff) {
        worksheet_write_string(staff, row, 0, s.person_id.c_str(), text);
        worksheet_write_string(staff, row, 1, s.name.c_str(), nullptr);
        worksheet_write_string(staff, row, 2, s.role.c_str(), nullptr);
        bool collector = s.role == "collector", op = s.role == "operator";
        worksheet_write_number(staff, row, 3,
                               static_cast<double>(collector ? s.reports
                                                   : op      ? s.operations
                                                             : s.inspections),
                               nullptr);
        put(4, collector ? s.valid_report_rate : s.accuracy);
        put(5, collector ? s.missed_rate : s.timeout_rate);
        if (collector) put(6, s.verify_on_time_rate), put(7, s.check_on_time_rate);
        if (s.composite) worksheet_write_number(staff, row, 8, std::round(*s.composite * 100) / 100, nullptr);
        ++row;
    }
    worksheet_set_column(staff, 0, 8, 14, nullptr);
    worksheet_freeze_panes(staff, 1, 0);
    print_setup(staff);
    book.close();
}

} // namespace wangge::assess
