#include "src/assess/assessment_output.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>

namespace wangge::assess {
namespace {

using nlohmann::ordered_json;

ordered_json rate(const std::optional<double>& v) {
    return v ? ordered_json(std::round(*v * 10000.0) / 10000.0) : ordered_json(nullptr);
}
ordered_json score(double v) {
    return std::round(v * 100.0) / 100.0;
}

ordered_json counts_json(const Counts& c) {
    ordered_json out = ordered_json::object();
    for (const CountField& f : count_fields) out[f.name] = c.*f.member;
    return out;
}

ordered_json rates_json(const Rates& r) {
    ordered_json out = ordered_json::object();
    for (const RateField& f : rate_fields) out[f.name] = rate(r.*f.member);
    return out;
}

/// Regions are written by hand: a city has over a hundred thousand of them, and a JSON DOM of
/// that size costs seconds.
class RegionWriter {
public:
    explicit RegionWriter(std::string& out) : m_out(out) {}

    void region(const RegionResult& r) {
        m_out += "{\"level\":";
        str(r.level);
        m_out += ",\"code\":";
        str(r.code);
        m_out += ",\"name\":";
        str(r.name);
        m_out += ",\"grids\":" + std::to_string(r.grids) + ",\"region_class\":";
        str(r.busy ? "二类" : "一类");
        m_out += ",\"counts\":{";
        for (const CountField& f : count_fields)
            m_out += std::string(&f == count_fields ? "" : ",") + "\"" + f.name +
                     "\":" + std::to_string(r.counts.*f.member);
        m_out += "},\"rates\":{";
        for (const RateField& f : rate_fields)
            m_out +=
                std::string(&f == rate_fields ? "" : ",") + "\"" + f.name + "\":" + rate(r.rates.*f.member);
        m_out += "}";
        m_out += ",\"scores\":{\"public_report_score\":" + number(r.scores.public_report_score, 2) +
                 ",\"filed_score\":" + number(r.scores.filed_score, 2) +
                 ",\"closure_score\":" + number(r.scores.closure_score, 2) +
                 ",\"on_time_score\":" + number(r.scores.on_time_score, 2) +
                 ",\"composite\":" + number(r.scores.composite, 2) + "}";
        m_out += ",\"grade\":";
        r.grade ? str(*r.grade) : void(m_out += "null");
        m_out += ",\"colour\":";
        r.colour ? str(*r.colour) : void(m_out += "null");
        if (!r.hotspot_class.empty()) {
            m_out += ",\"hotspot\":{\"z\":" + (r.hotspot_z ? number(*r.hotspot_z, 4) : std::string("null")) +
                     ",\"class\":";
            str(r.hotspot_class);
            m_out += "}";
        }
        m_out += "}";
    }

private:
    void str(const std::string& s) {
        m_out += '"';
        for (char ch : s) {
            auto u = static_cast<unsigned char>(ch);
            if (ch == '"' || ch == '\\')
                m_out += '\\', m_out += ch;
            else if (u < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", u);
                m_out += buf;
            } else
                m_out += ch;
        }
        m_out += '"';
    }
    static std::string number(double v, int digits) {
        double f = std::pow(10.0, digits);
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.12g", std::round(v * f) / f);
        return buf;
    }
    static std::string rate(const std::optional<double>& v) { return v ? number(*v, 4) : "null"; }

    std::string& m_out;
};

} // namespace

std::string assessment_json(const Assessment& a, const std::optional<std::string>& level) {
    std::string out =
        "{\n  \"period\": " +
        ordered_json{{"id", a.period.id}, {"start", a.period.start_iso()}, {"end", a.period.end_iso()}}
            .dump() +
        ",\n  \"regions\": [";
    RegionWriter writer(out);
    bool first = true;
    for (const RegionResult& r : a.regions) {
        if (level && *level != "all" && r.level != *level) continue;
        out += first ? "\n    " : ",\n    ";
        first = false;
        writer.region(r);
    }
    out += "\n  ],\n  \"unlocated_cases\": " + std::to_string(a.unlocated_cases) +
           ",\n  \"grid_mismatch_cases\": " + std::to_string(a.grid_mismatch_cases) +
           ",\n  \"warnings\": " + ordered_json(a.warnings).dump();
    ordered_json departments = ordered_json::array();
    for (const DepartmentResult& d : a.departments)
        departments.push_back({{"dept_code", d.dept_code},
                               {"counts", counts_json(d.counts)},
                               {"rates", rates_json(d.rates)},
                               {"scores",
                                {{"closure_score", score(d.closure_score)},
                                 {"on_time_score", score(d.on_time_score)},
                                 {"rework_score", score(d.rework_score)},
                                 {"composite", score(d.composite)}}},
                               {"grade", d.grade},
                               {"colour", d.colour}});
    ordered_json staff = ordered_json::array();
    for (const StaffResult& s : a.staff) {
        ordered_json p = {{"person_id", s.person_id}, {"name", s.name}, {"role", s.role}};
        if (s.role == "collector") {
            p["reports"] = s.reports;
            p["valid_reports"] = s.valid_reports;
            p["valid_report_rate"] = rate(s.valid_report_rate);
            p["missed_rate"] = rate(s.missed_rate);
            p["verify_on_time_rate"] = rate(s.verify_on_time_rate);
            p["check_on_time_rate"] = rate(s.check_on_time_rate);
        } else if (s.role == "operator") {
            p["operations"] = s.operations;
            p["filings"] = s.filings;
            p["dispatches"] = s.dispatches;
            p["accuracy"] = rate(s.accuracy);
            p["timeout_rate"] = rate(s.timeout_rate);
        } else if (s.role == "inspector") {
            p["inspections"] = s.inspections;
            p["problems_found"] = s.problems_found;
        }
        p["composite"] = s.composite ? score(*s.composite) : ordered_json(nullptr);
        staff.push_back(std::move(p));
    }
    out += ",\n  \"departments\": " + departments.dump() + ",\n  \"staff\": " + staff.dump() + "\n}";
    return out;
}

} // namespace wangge::assess
