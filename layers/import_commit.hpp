#pragma once

#include "layers/region_derivation.hpp"
#include "layers/store.hpp"

#include <future>
#include <map>
#include <string>
#include <vector>

namespace wangge::layers {

/// What the end of an import needs from a store, inside the store's open import transaction.
/// SQL is the dialect GeoPackage (SQLite) and PostGIS share; `$1`, `$2`, … stand for `params`,
/// which the store binds (PostGIS) or quotes in (SQLite).
class ImportBackend {
public:
    virtual ~ImportBackend() = default;
    virtual void exec(const std::string& sql, const std::vector<std::string>& params = {}) = 0;
    virtual long long count(const std::string& sql, const std::vector<std::string>& params = {}) = 0;
    /// Every row of a layer as the transaction sees it.
    virtual void for_each(LayerKind kind, const std::function<void(const Record&)>& visit) = 0;
    /// Adds rows derived from the grids (no submission, `derived` set).
    virtual void write_derived(LayerKind kind, const std::vector<RegionShape>& shapes) = 0;
    virtual void write_submission(const Submission& submission) = 0;
};

/// The rules of design.md "The workspace" for ending an import, the same on every store: rows
/// relabelled with the importing district, earlier rows replaced, upper levels derived afresh from
/// the grids, the submission recorded.
class ImportCommit {
public:
    ImportCommit(ImportBackend& backend, const ImportPlan& plan, long long submission);

    /// ReplaceMode::districts: the import's rows that name another district, or none, get `home`.
    void label_districts(const CommitOptions& options);
    /// Deletes the rows this import takes the place of; returns how many.
    long long replace_rows(const CommitOptions& options);
    /// Whether the import changes what the upper levels are derived from.
    bool derives() const;
    /// Drops the derived rows and reads what the derivation needs (`fresh_grids`: the import's
    /// own grids when they are all the layer holds, else read back), then derives on another
    /// thread, so that the store can rebuild an index meanwhile.
    std::future<std::map<Level, std::vector<RegionShape>>>
    start_derivation(std::vector<RegionShape> fresh_grids, bool use_fresh);
    /// Writes the derived levels; returns the tables written.
    std::vector<std::string> write_derived(const std::map<Level, std::vector<RegionShape>>& derived);
    /// Records the submission: one row per district for a district import.
    void record_submission(const CommitOptions& options, long long rows);

private:
    ImportBackend& m_backend;
    const ImportPlan& m_plan;
    std::string m_table;
    long long m_submission;
};

/// `$1, $2, …` from `first` for `n` parameters: an IN list.
std::string placeholders(std::size_t first, std::size_t n);

} // namespace wangge::layers
