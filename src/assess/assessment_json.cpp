#include "src/assess/assessment_output.hpp"

#include "geo/json_writer.hpp"

#include <cmath>
#include <cstdio>

namespace wangge::assess {
namespace {

/// A rate as published: four places, null when undefined.
void rate(JsonWriter& w, const std::optional<double>& v) {
    v ? void(w.number(std::round(*v * 10000.0) / 10000.0)) : void(w.null());
}

/// A score as published: two places.
void score(JsonWriter& w, double v) {
    w.number(std::round(v * 100.0) / 100.0);
}

void counts_json(JsonWriter& w, const Counts& c) {
    w.begin_object();
    for (const CountField& f : count_fields) w.key(f.name).integer(c.*f.member);
    w.end_object();
}

void rates_json(JsonWriter& w, const Rates& r) {
    w.begin_object();
    for (const RateField& f : rate_fields) rate(w.key(f.name), r.*f.member);
    w.end_object();
}

void region_json(JsonWriter& w, const RegionResult& r) {
    w.begin_object();
    w.key("level").string(layers::level_name(r.level));
    w.key("code").string(r.code);
    w.key("name").string(r.name);
    w.key("grids").integer(r.grids);
    w.key("region_class").string(r.busy ? "二类" : "一类");
    w.key("counts").begin_object();
    for (const CountField& f : count_fields) w.key(f.name).integer(r.counts.*f.member);
    w.end_object();
    w.key("rates").begin_object();
    for (const RateField& f : rate_fields) w.key(f.name).rounded(r.rates.*f.member, 4);
    w.end_object();
    w.key("scores").begin_object();
    w.key("public_report_score").rounded(r.scores.public_report_score, 2);
    w.key("filed_score").rounded(r.scores.filed_score, 2);
    w.key("closure_score").rounded(r.scores.closure_score, 2);
    w.key("on_time_score").rounded(r.scores.on_time_score, 2);
    w.key("composite").rounded(r.scores.composite, 2);
    w.end_object();
    r.grade ? void(w.key("grade").string(*r.grade)) : void(w.key("grade").null());
    r.colour ? void(w.key("colour").string(*r.colour)) : void(w.key("colour").null());
    if (!r.hotspot_class.empty()) {
        w.key("hotspot").begin_object();
        w.key("z").rounded(r.hotspot_z, 4);
        w.key("class").string(r.hotspot_class);
        w.end_object();
    }
    w.end_object();
}

void department_json(JsonWriter& w, const DepartmentResult& d) {
    w.begin_object();
    w.key("dept_code").string(d.dept_code);
    counts_json(w.key("counts"), d.counts);
    rates_json(w.key("rates"), d.rates);
    w.key("scores").begin_object();
    score(w.key("closure_score"), d.closure_score);
    score(w.key("on_time_score"), d.on_time_score);
    score(w.key("rework_score"), d.rework_score);
    score(w.key("composite"), d.composite);
    w.end_object();
    w.key("grade").string(d.grade);
    w.key("colour").string(d.colour);
    w.end_object();
}

void staff_json(JsonWriter& w, const StaffResult& s) {
    w.begin_object();
    w.key("person_id").string(s.person_id);
    w.key("name").string(s.name);
    w.key("role").string(role_key(s.role));
    switch (s.role) {
    case Role::collector:
        w.key("reports").integer(s.reports);
        w.key("valid_reports").integer(s.valid_reports);
        rate(w.key("valid_report_rate"), s.valid_report_rate);
        rate(w.key("missed_rate"), s.missed_rate);
        rate(w.key("verify_on_time_rate"), s.verify_on_time_rate);
        rate(w.key("check_on_time_rate"), s.check_on_time_rate);
        break;
    case Role::operator_:
        w.key("operations").integer(s.operations);
        w.key("filings").integer(s.filings);
        w.key("dispatches").integer(s.dispatches);
        rate(w.key("accuracy"), s.accuracy);
        rate(w.key("timeout_rate"), s.timeout_rate);
        break;
    case Role::inspector:
        w.key("inspections").integer(s.inspections);
        w.key("problems_found").integer(s.problems_found);
        break;
    case Role::none:
        break;
    }
    s.composite ? score(w.key("composite"), *s.composite) : void(w.key("composite").null());
    w.end_object();
}

} // namespace

void write_assessment_json(const Assessment& a, const std::optional<layers::Level>& level, JsonWriter& w) {
    using Layout = JsonWriter::Layout;
    w.begin_object(Layout::lines);
    w.key("period").begin_object();
    w.key("id").string(a.period.id);
    w.key("start").string(a.period.start_iso());
    w.key("end").string(a.period.end_iso());
    w.end_object();
    w.key("regions").begin_array(Layout::lines);
    for (const RegionResult& r : a.regions)
        if (!level || r.level == *level) region_json(w, r);
    w.end_array();
    w.key("unlocated_cases").integer(a.unlocated_cases);
    w.key("grid_mismatch_cases").integer(a.grid_mismatch_cases);
    w.key("warnings").begin_array();
    for (const std::string& warning : a.warnings) w.string(warning);
    w.end_array();
    w.key("departments").begin_array();
    for (const DepartmentResult& d : a.departments) department_json(w, d);
    w.end_array();
    w.key("staff").begin_array();
    for (const StaffResult& s : a.staff) staff_json(w, s);
    w.end_array();
    w.end_object();
    w.finish();
}

} // namespace wangge::assess
