#include "src/assess/assessment_table.hpp"

#include <cstdio>

namespace wangge::assess {
namespace {

using Type = layers::ResultTable::Type;

std::string real(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

} // namespace

layers::ResultTable assessment_rows(const Assessment& a) {
    layers::ResultTable t;
    t.name = results_table;
    t.columns = {{"period", Type::text}, {"level", Type::text},    {"code", Type::text},
                 {"name", Type::text},   {"grids", Type::integer}, {"region_class", Type::text}};
    for (const CountField& f : count_fields) t.columns.push_back({f.name, Type::integer});
    for (const RateField& f : rate_fields) t.columns.push_back({f.name, Type::real});
    for (const char* s :
         {"public_report_score", "filed_score", "closure_score", "on_time_score", "composite"})
        t.columns.push_back({s, Type::real});
    t.columns.push_back({"grade", Type::text});
    t.columns.push_back({"colour", Type::text});
    t.columns.push_back({"hotspot_z", Type::real});
    t.columns.push_back({"hotspot_class", Type::text});
    t.rows.reserve(a.regions.size());
    for (const RegionResult& r : a.regions) {
        std::vector<std::string> row = {a.period.id,
                                        std::string(layers::level_name(r.level)),
                                        r.code,
                                        r.name,
                                        std::to_string(r.grids),
                                        r.busy ? "二类" : "一类"};
        for (const CountField& f : count_fields) row.push_back(std::to_string(r.counts.*f.member));
        for (const RateField& f : rate_fields) {
            const auto& v = r.rates.*f.member;
            row.push_back(v ? real(*v) : "");
        }
        for (double s : {r.scores.public_report_score, r.scores.filed_score, r.scores.closure_score,
                         r.scores.on_time_score, r.scores.composite})
            row.push_back(real(s));
        row.push_back(r.grade.value_or(""));
        row.push_back(r.colour.value_or(""));
        row.push_back(r.hotspot_z ? real(*r.hotspot_z) : "");
        row.push_back(r.hotspot_class);
        t.rows.push_back(std::move(row));
    }
    return t;
}

} // namespace wangge::assess
