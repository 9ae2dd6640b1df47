#pragma once

// The read model the map draws from: one workspace's regions in Web Mercator with a spatial index
// per level, its stored assessment results, census coverage and case locations, read once and
// never changed. Readers share it through shared_ptr<const MapSnapshot>; when the workspace
// changes (an import or assess in another process), a new snapshot replaces it (MapModel).

#include "geo/crs.hpp"
#include "geo/envelope_index.hpp"
#include "geo/polygon.hpp"
#include "layers/codes.hpp"

#include <array>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace wangge::tiles {
class PropertyTable;
}

namespace wangge::engine {

struct MapRegion {
    std::int64_t fid = 0;
    std::string code, name;
    geo::PolygonRings shape; ///< EPSG:3857
    geo::XY label_at;        ///< EPSG:3857, inside the region
};

struct LevelMap {
    std::vector<MapRegion> regions;
    std::unordered_map<std::string, std::size_t> by_code;
    std::unique_ptr<geo::EnvelopeIndex> index;

    const MapRegion* find(const std::string& code) const;
    /// The regions whose boxes meet `box` (EPSG:3857).
    std::vector<const MapRegion*> in(const geo::Box& box) const;
};

/// One period's stored results (table assessment_results), compact: text columns as strings,
/// numbers as doubles with NaN for null.
struct PeriodResults {
    struct Row {
        layers::Level level;
        std::string code, name, region_class, grade, colour, hotspot_class;
        std::vector<double> numbers;
    };
    std::string period;
    std::vector<std::string> numeric_columns; ///< in table order: grids, counts, rates, scores
    std::vector<Row> rows;

    const Row* find(layers::Level level, const std::string& code) const;
    /// A level's rows ranked as the assessment ranks them, whatever order the store keeps them
    /// in: those graded first, then by composite from the highest, ties in code order.
    std::vector<const Row*> ranked(layers::Level level) const;
    /// The row of the region at `index` in the snapshot's LevelMap (a direct look-up for tiles).
    const Row* row_of_region(layers::Level level, std::size_t index) const {
        const auto& rows_of = m_row_of_region[static_cast<std::size_t>(level)];
        if (index >= rows_of.size() || rows_of[index] < 0) return nullptr;
        return &rows[static_cast<std::size_t>(rows_of[index])];
    }
    /// A numeric column of a row; nullopt when null or when the table lacks the column.
    std::optional<double> number(const Row& row, std::string_view column) const;
    /// The position of a numeric column, for number_at in loops over many rows.
    std::optional<std::size_t> column(std::string_view name) const;
    static std::optional<double> number_at(const Row& row, std::optional<std::size_t> column) {
        if (!column || std::isnan(row.numbers[*column])) return std::nullopt;
        return row.numbers[*column];
    }

private:
    friend class MapSnapshot;
    struct TextHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };
    std::array<std::unordered_map<std::string, std::size_t>, 4> m_by_code; ///< per level
    std::array<std::vector<std::int32_t>, 4> m_row_of_region;              ///< per level, -1: none
    std::unordered_map<std::string, std::size_t, TextHash, std::equal_to<>> m_column;
};

struct GridCoverage {
    std::string grid_code, district, status, colour, as_of;
    long long components = 0, classes = 0, stale = 0;
    double stale_share = 0;
};

/// A census finding of the last whole-city validation, placed in its grid.
struct MapFinding {
    std::string rule, severity, district, code, other_code, message;
    std::optional<double> area_m2;
    std::optional<geo::XY> lonlat;
    std::string grid; ///< the grid it concerns or lies in; empty when none
};

struct MapCase {
    geo::XY at;                ///< EPSG:3857
    long long reported_at = 0; ///< Asia/Shanghai local seconds
    long long filed_at = 0;    ///< 0 when never filed
};

/// What a snapshot reads: all of it for the service; one tile, only what its layer draws from
/// (a grid tile of a city of three million cases need not read them).
struct SnapshotScope {
    std::array<bool, 4> levels{true, true, true, true}; ///< by layers::Level
    bool cases = true;
    bool census = true; ///< coverage, the stored census report and findings

    static SnapshotScope nothing() { return {{false, false, false, false}, false, false}; }
};

class MapSnapshot {
public:
    /// Reads a workspace, what `scope` asks for (the parts left out read as empty). Throws
    /// InputError / BackendError as open_workspace does.
    static std::shared_ptr<const MapSnapshot> load(const std::string& workspace, double wait_seconds = 5,
                                                   const SnapshotScope& scope = {});

    const std::string& workspace() const noexcept { return m_workspace; }
    /// Identifies the workspace contents this snapshot was read from (layers::workspace_version).
    const std::string& version() const noexcept { return m_version; }

    const LevelMap& level(layers::Level level) const { return m_levels[static_cast<std::size_t>(level)]; }
    /// The grids' extent in longitude/latitude; nullopt for a workspace without grids.
    const std::optional<geo::LonLatBox>& bounds() const noexcept { return m_bounds; }

    /// Periods whose results are stored, oldest first by start (of two that start together, the
    /// longer first): the last is the newest and finest.
    const std::vector<std::string>& stored_periods() const noexcept { return m_stored_periods; }
    /// Months (YYYY-MM) in which cases were filed, oldest first.
    const std::vector<std::string>& case_months() const noexcept { return m_case_months; }
    /// The stored results of a period; nullptr when none are stored. Read once, then kept.
    std::shared_ptr<const PeriodResults> results(const std::string& period) const;

    const std::unordered_map<std::string, GridCoverage>& coverage() const noexcept { return m_coverage; }
    const std::vector<MapCase>& cases() const noexcept { return m_cases; }
    /// Indices of the cases inside `box` (EPSG:3857), in storage order.
    std::vector<std::size_t> cases_in(const geo::Box& box) const;
    const std::vector<MapFinding>& findings() const noexcept { return m_findings; }
    /// Indices into findings() of one grid's findings.
    const std::vector<std::size_t>& findings_of_grid(const std::string& grid) const;
    /// The region of a level holding a Web Mercator point; nullptr when none does.
    const MapRegion* region_at(layers::Level level, geo::XY mercator) const;
    /// The last whole-city census report (validate JSON), when one was stored.
    const std::optional<std::string>& census_json() const noexcept { return m_census_json; }

    /// A number derived from the snapshot, computed once per key (e.g. a heat map's reference
    /// density for a period) and kept while the snapshot lives.
    double memo(const std::string& key, const std::function<double()>& compute) const;
    /// Tile properties derived from the snapshot (a level's regions under one period and
    /// indicator), built once per key and kept while the snapshot lives: the most recently used
    /// up to property_table_bytes in all, and always the last one built.
    std::shared_ptr<const tiles::PropertyTable>
    property_table(const std::string& key, const std::function<tiles::PropertyTable()>& build) const;
    static constexpr std::size_t property_table_bytes = 256u << 20;

    /// Counts for the health route: regions per level, grids, cases.
    std::size_t case_count() const noexcept { return m_cases.size(); }

private:
    MapSnapshot() = default;
    std::string m_workspace, m_version;
    double m_wait_seconds = 5;
    std::array<LevelMap, 4> m_levels;
    std::optional<geo::LonLatBox> m_bounds;
    std::vector<std::string> m_stored_periods, m_case_months;
    std::unordered_map<std::string, GridCoverage> m_coverage;
    std::vector<MapCase> m_cases;
    /// Case indices by the zoom-12 tile holding them (key: x << 32 | y).
    std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> m_case_buckets;
    std::optional<std::string> m_census_json;
    std::vector<MapFinding> m_findings;
    std::unordered_map<std::string, std::vector<std::size_t>> m_findings_by_grid;

    mutable std::mutex m_results_mutex, m_memo_mutex;
    mutable std::map<std::string, double> m_memo;
    mutable std::mutex m_tables_mutex;
    /// Most recently used first.
    mutable std::list<std::pair<std::string, std::shared_ptr<const tiles::PropertyTable>>> m_tables;
    mutable std::map<std::string, std::shared_ptr<const PeriodResults>> m_results;
};

/// Holds the current snapshot of a workspace and replaces it when the workspace has changed
/// since (checked at most every `check_seconds`). Thread-safe; readers keep the snapshot they got
/// for as long as they use it. One thread loads a new version while the others go on with the old
/// one (a big city takes seconds to load: the map must not stop meanwhile); only when there is no
/// snapshot at all do they wait for it.
class MapModel {
public:
    /// How a snapshot is read and a workspace's version found: MapSnapshot::load and
    /// layers::workspace_version, unless a test says otherwise.
    struct Source {
        std::function<std::shared_ptr<const MapSnapshot>(const std::string& workspace)> load;
        std::function<std::string(const std::string& workspace)> version;
    };
    explicit MapModel(std::string workspace, double check_seconds = 1.0, Source source = {});
    std::shared_ptr<const MapSnapshot> current();
    /// Drops the snapshot so that the next current() reads the workspace again.
    void invalidate();
    const std::string& workspace() const noexcept { return m_workspace; }

private:
    std::shared_ptr<const MapSnapshot> load_unlocked(std::unique_lock<std::mutex>& lock);

    std::string m_workspace;
    double m_check_seconds;
    Source m_source;
    std::mutex m_mutex;
    std::condition_variable m_loaded;
    std::shared_ptr<const MapSnapshot> m_snapshot;
    double m_checked_at = 0;
    bool m_loading = false;
};

} // namespace wangge::engine
