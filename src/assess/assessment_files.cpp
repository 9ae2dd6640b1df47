#include "geo/error.hpp"
#include "layers/text.hpp"
#include "src/assess/assessment_output.hpp"
#include "src/assess/bulletin.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>

namespace wangge::assess {
namespace {

std::string num(double v, int digits) {
    return layers::fixed(v, digits);
}
std::string opt(const std::optional<double>& v) {
    return v ? num(*v, 4) : "";
}

struct CsvColumn {
    const char* header;
    std::function<std::string(const RegionResult&)> value;
    bool numeric;
};

const std::vector<CsvColumn>& region_columns() {
    static const std::vector<CsvColumn> cols = [] {
        std::vector<CsvColumn> c = {
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

} // namespace

void write_assessment_csv(const Assessment& a, const std::optional<layers::Level>& level,
                          const std::string& path) {
    std::ofstream out(path, std::ios::binary);
    if (!out) throw InputError(path + ": cannot write");
    out << "\xEF\xBB\xBF"
        << "层级 level,考核周期 period,排名 rank";
    for (const CsvColumn& c : region_columns()) out << "," << layers::csv_field(c.header);
    out << ",颜色 colour\r\n";
    // Ranked within each level, ties sharing a rank (as the bulletin ranks them).
    std::map<layers::Level, std::vector<double>> composites;
    for (const RegionResult& r : a.regions) composites[r.level].push_back(r.scores.composite);
    std::map<layers::Level, std::vector<int>> ranks;
    for (const auto& [lvl, c] : composites) ranks[lvl] = shared_ranks(c);
    std::map<layers::Level, std::size_t> seen;
    for (const RegionResult& r : a.regions) {
        int rank = ranks[r.level][seen[r.level]++];
        if (level && r.level != *level) continue;
        out << layers::level_name(r.level) << "," << a.period.id << "," << rank;
        for (const CsvColumn& c : region_columns()) {
            std::string v = c.value(r);
            // Codes quoted: text to a reader that honours quotes (GDAL, LibreOffice), not a number.
            out << "," << (c.numeric ? layers::csv_field(v) : "\"" + v + "\"");
        }
        out << "," << r.colour.value_or("") << "\r\n";
    }
    out.close();
    if (out.fail()) throw BackendError(path + ": write failed");
}

} // namespace wangge::assess
