#include "src/census/findings_table.hpp"

#include "geo/polygon.hpp"

#include <cstdio>

namespace wangge::census {
namespace {

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", v);
    return buf;
}

} // namespace

layers::ResultTable findings_table_columns() {
    using T = layers::ResultTable::Type;
    layers::ResultTable t;
    t.name = findings_table_name;
    t.columns = {{"rule", T::text},    {"severity", T::text},   {"district", T::text},
                 {"code", T::text},    {"other_code", T::text}, {"area_m2", T::real},
                 {"message", T::text}, {"x", T::real},          {"y", T::real}};
    return t;
}

layers::RowSource findings_rows(const FindingSpool& findings) {
    return [&findings](const layers::RowEmitter& emit) {
        std::vector<std::string> row;
        findings.for_each([&](const Finding& f) {
            std::string x, y;
            if (f.is_point) {
                x = number(f.x), y = number(f.y);
            } else if (!f.wkb.empty()) {
                try {
                    geo::XY p = geo::PolygonRings::from_wkb(f.wkb).interior_point();
                    x = number(p.x), y = number(p.y);
                } catch (const std::exception&) {
                    // a finding about a geometry that cannot be read has no place to show
                }
            }
            row = {f.rule,
                   severity_name(f.severity),
                   f.district,
                   f.code,
                   f.other_code,
                   f.area_m2 ? number(*f.area_m2) : "",
                   f.message,
                   x,
                   y};
            layers::emit_text_row(emit, row);
        });
    };
}

} // namespace wangge::census
