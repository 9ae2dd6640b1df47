// The platform scorecard (wangge platform): the checklist and the items file read, the computed
// items from the workspace's case log and census, the outputs written.
#include "geo/error.hpp"
#include "layers/codes.hpp"
#include "layers/output_file.hpp"
#include "layers/store.hpp"
#include "layers/text.hpp"
#include "src/assess/case_log.hpp"
#include "src/engine/engine.hpp"
#include "src/rules/calendar.hpp"
#include "src/rules/catalog.hpp"
#include "src/rules/rules.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <map>

namespace wangge::engine {
namespace {

/// Each district's census as validate stored it, and its last components import.
assess::CensusFacts census_facts(layers::Workspace& ws) {
    assess::CensusFacts facts;
    std::map<std::string, std::string> submitted;
    for (const layers::Submission& s : ws.submissions())
        if (s.layer == "components" && !s.district.empty() && s.submitted_at > submitted[s.district])
            submitted[s.district] = s.submitted_at;
    std::map<std::string, assess::CensusFacts::District> districts;
    for (const auto& [code, when] : submitted) districts[code] = {code, std::nullopt, std::nullopt, when};
    if (auto doc = ws.document("census")) {
        auto report = nlohmann::json::parse(*doc, nullptr, false);
        if (!report.is_discarded() && report.contains("districts")) {
            facts.validated = true;
            for (const auto& d : report["districts"]) {
                auto& f = districts[d.value("code", "")];
                f.code = d.value("code", "");
                if (d.contains("completeness_score") && d["completeness_score"].is_number())
                    f.completeness_score = d["completeness_score"].get<double>();
                if (d.contains("timeliness_score") && d["timeliness_score"].is_number())
                    f.timeliness_score = d["timeliness_score"].get<double>();
            }
        }
    }
    for (auto& [code, d] : districts)
        if (!code.empty()) facts.districts.push_back(std::move(d));
    return facts;
}

} // namespace

assess::PlatformScore platform(const PlatformRequest& rq) {
    std::vector<layers::OutputPath> outputs;
    if (rq.json) outputs.push_back({{"--json", *rq.json}, {}});
    if (rq.xlsx) outputs.push_back({{"--xlsx", *rq.xlsx}, {}});
    const std::string items_path = rq.items.value_or(data_dir() + "/platform_items.txt");
    layers::check_outputs(outputs, {{"the workspace", rq.workspace},
                                    {"the checklist", rq.checklist.empty() ? items_path : rq.checklist},
                                    {"the platform items", items_path},
                                    {"the rules file", rq.files.rules}});
    auto items = assess::load_platform_items(items_path);
    assess::Checklist checklist;
    if (!rq.checklist.empty()) {
        checklist = assess::load_checklist(rq.checklist, items);
    } else {
        checklist.platform = rq.platform.value_or("");
        if (checklist.platform.size() != 6 || !layers::all_digits(checklist.platform))
            throw UsageError("platform must be a 6-digit city or district code, not '" +
                             layers::printable(checklist.platform) + "'");
    }
    if (checklist.period) {
        std::string id;
        try {
            id = assess::parse_period(*checklist.period).id;
        } catch (const UsageError& e) {
            throw InputError(rq.checklist + ":" + std::to_string(checklist.period_line) + ": " + e.what());
        }
        if (id != rq.period.id)
            throw InputError(rq.checklist + ": the checklist is for period " + *checklist.period + ", not " +
                             rq.period.id);
    }
    auto rules = rules::Rules::load(rq.files.rules);
    auto catalog = rules::Catalog::load(rq.files.catalog);
    auto calendar = rules::WorkingCalendar::load(rq.files.calendar);
    auto ws = layers::open_workspace(rq.workspace, {rq.wait_seconds});
    assess::CaseLog log = assess::CaseLog::load(*ws, catalog, calendar, rules);
    assess::PlatformScore score =
        assess::assess_platform(log, rq.period, rules, items, checklist, census_facts(*ws));
    if (rq.json) layers::write_text_output(*rq.json, assess::platform_json(score));
    if (rq.xlsx)
        layers::write_output(*rq.xlsx,
                             [&](const std::string& tmp) { assess::write_platform_xlsx(score, tmp); });
    return score;
}

std::optional<std::string> find_checklist(const std::string& dir, const std::string& platform,
                                          const std::string& period,
                                          const std::optional<std::string>& items) {
    auto all = assess::load_platform_items(items.value_or(data_dir() + "/platform_items.txt"));
    std::vector<std::string> files;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec))
        if (e.is_regular_file() && e.path().extension() == ".txt") files.push_back(e.path().string());
    if (ec) throw InputError(dir + ": cannot read the checklists folder: " + ec.message());
    std::sort(files.begin(), files.end());
    std::optional<std::string> any_period;
    for (const std::string& f : files) {
        assess::Checklist c = assess::load_checklist(f, all);
        if (c.platform != platform) continue;
        std::optional<std::string> id;
        if (c.period) try {
                id = assess::parse_period(*c.period).id;
            } catch (const UsageError& e) {
                throw InputError(f + ":" + std::to_string(c.period_line) + ": " + e.what());
            }
        if (id && *id == period) return f;
        if (!c.period && !any_period) any_period = f;
    }
    return any_period;
}

} // namespace wangge::engine
