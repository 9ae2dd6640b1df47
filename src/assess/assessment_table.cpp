#include "src/assess/assessment_table.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <string_view>

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

/// The number "%.10g" writes, read back: what a z-score is stored as.
double ten_digits(double v) {
    char buf[32];
    auto end = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 10).ptr;
    double out = v;
    std::from_chars(buf, end, out);
    return out;
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

/// The regions in key order (level name, then code), as std::string compares them. Sorted on
/// the codes' first 16 bytes as two big-endian numbers, the rest compared only where those tie:
/// a big city's 229,000 codes share their first 9 digits, which a string comparison reads again
/// at every step (0.06 s of the store's time; this takes a third of that).
std::vector<const RegionResult*> key_order(const std::vector<RegionResult>& regions) {
    struct Key {
        std::uint64_t level, high, low;
        const RegionResult* region;
    };
    auto big_endian = [](std::string_view s, std::size_t from) {
        std::uint64_t v = 0;
        for (std::size_t i = from; i < from + 8; ++i)
            v = v << 8 | (i < s.size() ? static_cast<unsigned char>(s[i]) : 0u);
        return v;
    };
    // The level names' own order: community, district, grid, street.
    std::vector<layers::Level> level_order;
    for (const RegionResult& r : regions)
        if (std::find(level_order.begin(), level_order.end(), r.level) == level_order.end())
            level_order.push_back(r.level);
    std::sort(level_order.begin(), level_order.end(),
              [](layers::Level x, layers::Level y) { return layers::level_name(x) < layers::level_name(y); });
    std::vector<Key> keys;
    keys.reserve(regions.size());
    for (const RegionResult& r : regions) {
        const auto rank = static_cast<std::uint64_t>(
            std::find(level_order.begin(), level_order.end(), r.level) - level_order.begin());
        keys.push_back({rank, big_endian(r.code, 0), big_endian(r.code, 8), &r});
    }
    std::sort(keys.begin(), keys.end(), [](const Key& x, const Key& y) {
        if (x.level != y.level) return x.level < y.level;
        if (x.high != y.high) return x.high < y.high;
        if (x.low != y.low) return x.low < y.low;
        // A tie on 16 bytes: a longer code, or bytes 0 padded against real 0 bytes.
        return x.region->code < y.region->code;
    });
    std::vector<const RegionResult*> out;
    out.reserve(keys.size());
    for (const Key& k : keys) out.push_back(k.region);
    return out;
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
    using layers::Cell;
    return [&a](const layers::RowEmitter& emit) {
        // In key order (level, code), not ranked: the store's key index then grows at one end
        // instead of everywhere (226,000 rows of a big city: a third of the store's time).
        const std::vector<const RegionResult*> in_key_order = key_order(a.regions);
        std::vector<Cell> row;
        for (const RegionResult* region : in_key_order) {
            const RegionResult& r = *region;
            row.clear();
            row.push_back(Cell::of(std::string_view(a.period.id)));
            row.push_back(Cell::of(std::string_view(layers::level_name(r.level))));
            row.push_back(Cell::of(std::string_view(r.code)));
            row.push_back(Cell::of(std::string_view(r.name)));
            row.push_back(Cell::of(r.grids));
            row.push_back(Cell::of(std::string_view(r.busy ? "二类" : "一类")));
            for (const CountField& f : count_fields) row.push_back(Cell::of(r.counts.*f.member));
            // Rates and scores are published rounded (4 and 2 decimals): stored as they are.
            for (const RateField& f : rate_fields) row.push_back(Cell::of(r.rates.*f.member));
            for (double s : {r.scores.public_report_score, r.scores.filed_score, r.scores.closure_score,
                             r.scores.on_time_score, r.scores.composite})
                row.push_back(Cell::of(s));
            row.push_back(Cell::of(std::string_view(r.grade ? *r.grade : std::string_view())));
            row.push_back(Cell::of(std::string_view(r.colour ? *r.colour : std::string_view())));
            row.push_back(r.hotspot_z ? Cell::of(ten_digits(*r.hotspot_z)) : Cell{});
            row.push_back(Cell::of(std::string_view(r.hotspot_class)));
            emit(row);
        }
    };
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
