#include "layers/import_commit.hpp"

#include "layers/codes.hpp"
#include "layers/dates.hpp"

namespace wangge::layers {
namespace {

constexpr std::pair<LayerKind, Level> region_levels[] = {{LayerKind::communities, Level::community},
                                                         {LayerKind::streets, Level::street},
                                                         {LayerKind::districts, Level::district}};

std::vector<RegionShape> shapes_of(ImportBackend& backend, LayerKind kind) {
    std::vector<RegionShape> out;
    backend.for_each(kind, [&](const Record& r) {
        const auto& code = r.values[0];
        // A row without a usable polygon (edited by hand) adds nothing to its parents.
        if (code && r.geometry_problem.empty() && !r.wkb.empty() &&
            (kind != LayerKind::grids || is_region_code(*code, Level::grid)))
            out.push_back({*code, r.wkb});
    });
    return out;
}

} // namespace

std::string placeholders(std::size_t first, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += (i ? ", $" : "$") + std::to_string(first + i);
    return out.empty() ? "NULL" : out;
}

ImportCommit::ImportCommit(ImportBackend& backend, const ImportPlan& plan, long long submission)
    : m_backend(backend), m_plan(plan), m_table(schema_of(plan.kind).table), m_submission(submission) {}

void ImportCommit::label_districts(const CommitOptions& options) {
    if (m_plan.mode != ReplaceMode::districts || !options.relabel) return;
    std::vector<std::string> params{options.home};
    params.insert(params.end(), options.districts.begin(), options.districts.end());
    m_backend.exec(
        "UPDATE " + m_table + " SET district = $1 WHERE submission = " + std::to_string(m_submission) +
            " AND (district IS NULL OR district NOT IN (" + placeholders(2, options.districts.size()) + "))",
        params);
}

long long ImportCommit::replace_rows(const CommitOptions& options) {
    const std::string older = " WHERE submission <> " + std::to_string(m_submission);
    std::string where;
    std::vector<std::string> params;
    switch (m_plan.mode) {
    case ReplaceMode::whole_layer:
        where = older;
        break;
    case ReplaceMode::upsert_by_key:
        where = older + " AND case_id IN (SELECT case_id FROM " + m_table +
                " WHERE submission = " + std::to_string(m_submission) + ")";
        break;
    case ReplaceMode::districts:
        where = older + " AND district IN (" + placeholders(1, options.districts.size()) + ")";
        params = options.districts;
        break;
    }
    long long n = m_backend.count("SELECT COUNT(*) FROM " + m_table + where, params);
    if (n) m_backend.exec("DELETE FROM " + m_table + where, params);
    return n;
}

bool ImportCommit::derives() const {
    return m_plan.kind == LayerKind::grids || is_region_layer(m_plan.kind);
}

std::future<std::map<Level, std::vector<RegionShape>>>
ImportCommit::start_derivation(std::vector<RegionShape> fresh_grids, bool use_fresh) {
    std::map<Level, std::vector<RegionShape>> loaded;
    for (auto [kind, level] : region_levels) {
        const std::string& table = schema_of(kind).table;
        m_backend.exec("DELETE FROM " + table + " WHERE derived = TRUE");
        if (m_backend.count("SELECT COUNT(*) FROM " + table) > 0) loaded[level] = shapes_of(m_backend, kind);
    }
    std::vector<RegionShape> grids =
        use_fresh ? std::move(fresh_grids) : shapes_of(m_backend, LayerKind::grids);
    return std::async(std::launch::async, [grids = std::move(grids), loaded = std::move(loaded)]() mutable {
        return derive_missing_levels(std::move(grids), loaded);
    });
}

std::vector<std::string>
ImportCommit::write_derived(const std::map<Level, std::vector<RegionShape>>& derived) {
    std::vector<std::string> names;
    for (auto [kind, level] : region_levels) {
        auto it = derived.find(level);
        if (it == derived.end() || it->second.empty()) continue;
        m_backend.write_derived(kind, it->second);
        names.emplace_back(schema_of(kind).table);
    }
    return names;
}

void ImportCommit::record_submission(const CommitOptions& options, long long rows) {
    std::string when = now_local();
    std::vector<std::string> districts = options.districts;
    if (m_plan.mode != ReplaceMode::districts) districts = {""};
    for (const std::string& d : districts) {
        Submission s;
        s.id = m_submission;
        s.layer = m_table;
        s.district = d;
        s.source = m_plan.source;
        s.rows = m_plan.mode == ReplaceMode::districts
                     ? m_backend.count("SELECT COUNT(*) FROM " + m_table + " WHERE submission = " +
                                           std::to_string(m_submission) + " AND district = $1",
                                       {d})
                     : rows;
        s.submitted_at = when;
        m_backend.write_submission(s);
    }
}

} // namespace wangge::layers
