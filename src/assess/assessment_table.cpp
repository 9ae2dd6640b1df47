#include "src/assess/assessment_table.hpp"

#include <charconv>

namespace wangge::assess {
namespace {

using Type = layers::ResultTable::Type;

/// Ten significant digits, as "%.10g" writes them (std::to_chars is that, without the locale
/// and format parsing of printf: a city's rows are millions of numbers).
std::string real(double v) {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 10);
    return std::string(buf, r.ptr);
}

std::string real(const std::optional<double>& v) {
    return v ? real(*v) : "";
}

/// The columns of every count and rate, as regions and departments have them.
void add_count_and_rate_columns(layers::ResultTable& t) {
    for (const CountField& f : count_fields) t.columns.push_back({f.name, Type::integer});
    for (const RateField& f : rate_fields) t.columns.push_back({f.name, Type::real});
}

void add_counts_and_rates(std::vector<std::string>& row, const Counts& counts, const Rates& rates) {
    for (const CountField& f : count_fields) row.push_back(std::to_string(counts.*f.member));
    for (const RateField& f : rate_fields) row.push_back(real(rates.*f.member));
}

} // namespace

layers::ResultTable assessment_columns() {
    layers::ResultTable t;
    t.name = results_table;
    t.columns = {{"period", Type::text}, {"level", Type::text},    {"code", Type::text},
                 {"name", Type::text},   {"grids", Type::integer}, {"region_class", Type::text}};
    add_count_and_rate_columns(t);
    for (const char* s :
         {"public_report_score", "filed_score", "closure_score", "on_time_score", "composite"})
        t.columns.push_back({s, Type::real});
    t.columns.push_back({"grade", Type::text});
    t.columns.push_back({"colour", Type::text});
    t.columns.push_back({"hotspot_z", Type::real});
    t.columns.push_back({"hotspot_class", Type::text});
    return t;
}

layers::RowSource assessment_row_source(const Assessment& a) {
    return [&a](const layers::RowEmitter& emit) {
        std::vector<std::string> row;
        for (const RegionResult& r : a.regions) {
            row = {a.period.id,
                   std::string(layers::level_name(r.level)),
                   r.code,
                   r.name,
                   std::to_string(r.grids),
                   r.busy ? "二类" : "一类"};
            add_counts_and_rates(row, r.counts, r.rates);
            for (double s : {r.scores.public_report_score, r.scores.filed_score, r.scores.closure_score,
                             r.scores.on_time_score, r.scores.composite})
                row.push_back(real(s));
            row.push_back(r.grade.value_or(""));
            row.push_back(r.colour.value_or(""));
            row.push_back(r.hotspot_z ? real(*r.hotspot_z) : "");
            row.push_back(r.hotspot_class);
            emit(row);
        }
    };
}

layers::ResultTable assessment_rows(const Assessment& a) {
    layers::ResultTable t = assessment_columns();
    t.rows.reserve(a.regions.size());
    assessment_row_source(a)([&](const std::vector<std::string>& row) { t.rows.push_back(row); });
    return t;
}

layers::ResultTable department_rows(const Assessment& a) {
    layers::ResultTable t;
    t.name = department_table;
    t.columns = {{"period", Type::text}, {"dept_code", Type::text}};
    add_count_and_rate_columns(t);
    for (const char* s : {"closure_score", "on_time_score", "rework_score", "composite"})
        t.columns.push_back({s, Type::real});
    t.columns.push_back({"grade", Type::text});
    t.columns.push_back({"colour", Type::text});
    for (const DepartmentResult& d : a.departments) {
        std::vector<std::string> row = {a.period.id, d.dept_code};
        add_counts_and_rates(row, d.counts, d.rates);
        for (double v : {d.closure_score, d.on_time_score, d.rework_score, d.composite})
            row.push_back(real(v));
        row.push_back(d.grade);
        row.push_back(d.colour);
        t.rows.push_back(std::move(row));
    }
    return t;
}

layers::ResultTable staff_rows(const Assessment& a) {
    layers::ResultTable t;
    t.name = staff_table;
    t.columns = {{"period", Type::text},
                 {"person_id", Type::text},
                 {"name", Type::text},
                 {"role", Type::text},
                 {"reports", Type::integer},
                 {"valid_reports", Type::integer},
                 {"valid_report_rate", Type::real},
                 {"missed_rate", Type::real},
                 {"verify_on_time_rate", Type::real},
                 {"check_on_time_rate", Type::real},
                 {"operations", Type::integer},
                 {"filings", Type::integer},
                 {"dispatches", Type::integer},
                 {"accuracy", Type::real},
                 {"timeout_rate", Type::real},
                 {"inspections", Type::integer},
                 {"problems_found", Type::integer},
                 {"composite", Type::real}};
    for (const StaffResult& s : a.staff) {
        const bool collector = s.role == Role::collector, op = s.role == Role::operator_,
                   inspector = s.role == Role::inspector;
        auto count = [](bool mine, long long v) { return mine ? std::to_string(v) : std::string(); };
        auto rate = [](bool mine, const std::optional<double>& v) { return mine ? real(v) : std::string(); };
        t.rows.push_back({a.period.id, s.person_id, s.name, role_key(s.role), count(collector, s.reports),
                          count(collector, s.valid_reports), rate(collector, s.valid_report_rate),
                          rate(collector, s.missed_rate), rate(collector, s.verify_on_time_rate),
                          rate(collector, s.check_on_time_rate), count(op, s.operations),
                          count(op, s.filings), count(op, s.dispatches), rate(op, s.accuracy),
                          rate(op, s.timeout_rate), count(inspector, s.inspections),
                          count(inspector, s.problems_found), real(s.composite)});
    }
    return t;
}

} // namespace wangge::assess
