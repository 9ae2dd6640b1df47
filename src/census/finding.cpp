#include "src/census/finding.hpp"

#include <cmath>

namespace wangge::census {

const std::vector<RuleInfo>& census_rules() {
    static const std::vector<RuleInfo> rules = {
        {"grid.invalid_geometry", Severity::error, "网格几何无效"},
        {"grid.bad_code", Severity::error, "网格编码错误"},
        {"grid.duplicate_code", Severity::error, "网格编码重复"},
        {"grid.legacy_code", Severity::warning, "网格编码为旧标准"},
        {"grid.outside_parent", Severity::error, "网格超出上级区域"},
        {"grid.overlap", Severity::error, "网格重叠"},
        {"grid.gap", Severity::error, "网格缝隙"},
        {"grid.sliver", Severity::error, "网格碎片"},
        {"grid.area_out_of_range", Severity::warning, "网格面积异常"},
        {"component.bad_code", Severity::error, "部件编码错误"},
        {"component.duplicate_code", Severity::error, "部件编码重复"},
        {"component.unknown_class", Severity::error, "部件小类未知"},
        {"component.district_mismatch", Severity::error, "部件所在区不符"},
        {"component.missing_attribute", Severity::error, "部件属性缺失"},
        {"component.unknown_grid", Severity::error, "部件所属网格不存在"},
        {"component.misplaced", Severity::error, "部件位置偏离网格"},
        {"component.bad_date", Severity::error, "部件日期错误"},
        {"component.invalid_geometry", Severity::error, "部件几何无效"},
        {"component.stale", Severity::warning, "部件超期未更新"},
    };
    return rules;
}

const char* rule_name(const std::string& rule) {
    for (const RuleInfo& r : census_rules())
        if (rule == r.id) return r.name;
    return "";
}

const char* severity_name(Severity s) {
    return s == Severity::error ? "error" : "warning";
}

void locate_finding(Finding& f) {
    if (f.at) return;
    if (f.is_point) {
        if (std::isfinite(f.x) && std::isfinite(f.y)) f.at = geo::XY{f.x, f.y};
    } else if (!f.wkb.empty()) {
        geo::PolygonRings rings = geo::PolygonRings::from_wkb(f.wkb);
        if (!rings.empty()) f.at = rings.interior_point();
    }
}

} // namespace wangge::census
