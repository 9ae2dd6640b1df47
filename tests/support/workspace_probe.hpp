#pragma once

// What a workspace holds, read through the Workspace interface as any command reads it, so that a
// test says what it expects of the workspace and not of one store's tables.

#include "layers/store.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wangge::test {

class WorkspaceProbe {
public:
    explicit WorkspaceProbe(std::string uri) : m_uri(std::move(uri)) {}

    long long rows(layers::LayerKind kind) const;
    /// Rows whose value of `column` is `value`.
    long long rows_where(layers::LayerKind kind, const std::string& column, const std::string& value) const;
    /// Rows for which `keep(column value…)` holds; `columns` names the values it is given.
    long long rows_if(layers::LayerKind kind, const std::vector<std::string>& columns,
                      const std::function<bool(const std::vector<std::string>&)>& keep) const;
    /// Rows per value of `column` ("" for none).
    std::map<std::string, long long> rows_by(layers::LayerKind kind, const std::string& column) const;
    std::vector<layers::Submission> submissions() const;
    /// The districts of the latest import, in the order recorded.
    std::vector<std::string> latest_submission_districts() const;
    std::optional<layers::ResultTable>
    table(const std::string& name, const std::optional<layers::RowFilter>& filter = std::nullopt) const;
    /// The sum of a result table's column over its rows (nulls count 0); nullopt without the table.
    std::optional<double> table_sum(const std::string& name, const std::string& column) const;
    std::optional<std::string> document(const std::string& key) const;

private:
    std::string m_uri;
};

} // namespace wangge::test
