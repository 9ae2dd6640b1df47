#include "src/census/census_report.hpp"

#include <nlohmann/json.hpp>

namespace wangge::census {

std::string census_json(const CensusReport& report) {
    using nlohmann::json;
    auto opt = [](const std::optional<double>& v) { return v ? json(*v) : json(nullptr); };
    json districts = json::array();
    for (const DistrictCensus& d : report.districts) {
        json findings = json::object();
        for (const RuleInfo& r : census_rules()) findings[r.id] = d.findings.at(r.id);
        districts.push_back({{"code", d.code},
                             {"name", d.name},
                             {"grids", d.grids},
                             {"components", d.components},
                             {"findings", findings},
                             {"errors", d.errors},
                             {"warnings", d.warnings},
                             {"gap_area_m2", d.gap_area_m2},
                             {"overlap_area_m2", d.overlap_area_m2},
                             {"grid_coverage", opt(d.grid_coverage)},
                             {"class_coverage", opt(d.class_coverage)},
                             {"attribute_completeness", opt(d.attribute_completeness)},
                             {"fresh_ratio", opt(d.fresh_ratio)},
                             {"completeness_score", d.completeness_score},
                             {"timeliness_score", d.timeliness_score},
                             {"completeness_grade", d.completeness_grade},
                             {"timeliness_grade", d.timeliness_grade}});
    }
    json root = {{"as_of", report.as_of}, {"districts", districts}};
    return root.dump(2);
}

} // namespace wangge::census
