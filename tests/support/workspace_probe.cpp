#include "tests/support/workspace_probe.hpp"

#include <algorithm>
#include <cstdlib>

namespace wangge::test {

long long WorkspaceProbe::rows(layers::LayerKind kind) const {
    long long n = 0;
    layers::open_workspace(m_uri)->for_each(kind, [&](const layers::Record&) { ++n; });
    return n;
}

long long WorkspaceProbe::rows_where(layers::LayerKind kind, const std::string& column,
                                     const std::string& value) const {
    return rows_if(kind, {column}, [&](const std::vector<std::string>& v) { return v[0] == value; });
}

long long WorkspaceProbe::rows_if(layers::LayerKind kind, const std::vector<std::string>& columns,
                                  const std::function<bool(const std::vector<std::string>&)>& keep) const {
    const layers::LayerSchema& schema = layers::schema_of(kind);
    long long n = 0;
    std::vector<std::string> values(columns.size());
    layers::open_workspace(m_uri)->for_each(kind, [&](const layers::Record& r) {
        for (std::size_t i = 0; i < columns.size(); ++i) values[i] = r.get(schema, columns[i]).value_or("");
        n += keep(values);
    });
    return n;
}

std::map<std::string, long long> WorkspaceProbe::rows_by(layers::LayerKind kind,
                                                         const std::string& column) const {
    const layers::LayerSchema& schema = layers::schema_of(kind);
    std::map<std::string, long long> out;
    layers::open_workspace(m_uri)->for_each(
        kind, [&](const layers::Record& r) { ++out[r.get(schema, column).value_or("")]; });
    return out;
}

std::vector<layers::Submission> WorkspaceProbe::submissions() const {
    return layers::open_workspace(m_uri)->submissions();
}

std::vector<std::string> WorkspaceProbe::latest_submission_districts() const {
    auto all = submissions();
    long long latest = 0;
    for (const auto& s : all) latest = std::max(latest, s.id);
    std::vector<std::string> out;
    for (const auto& s : all)
        if (s.id == latest) out.push_back(s.district);
    return out;
}

std::optional<layers::ResultTable>
WorkspaceProbe::table(const std::string& name, const std::optional<layers::RowFilter>& filter) const {
    return layers::open_workspace(m_uri)->table(name, filter);
}

std::optional<double> WorkspaceProbe::table_sum(const std::string& name, const std::string& column) const {
    auto t = table(name);
    if (!t) return std::nullopt;
    std::size_t c = 0;
    while (c < t->columns.size() && t->columns[c].name != column) ++c;
    if (c == t->columns.size()) return std::nullopt;
    double sum = 0;
    for (const auto& row : t->rows)
        if (!row[c].empty()) sum += std::strtod(row[c].c_str(), nullptr);
    return sum;
}

std::optional<std::string> WorkspaceProbe::document(const std::string& key) const {
    return layers::open_workspace(m_uri)->document(key);
}

} // namespace wangge::test
