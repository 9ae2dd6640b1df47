#pragma once

#include "layers/store.hpp"
#include "src/census/census_options.hpp"
#include "src/census/finding_spool.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wangge::rules {
class Catalog;
struct Rules;
} // namespace wangge::rules

namespace wangge::census {

/// One district's census result (design.md `validate --json`).
struct DistrictCensus {
    std::string code, name;
    long long grids = 0, components = 0;
    std::map<std::string, long long> findings; ///< every rule id, 0 when none
    long long errors = 0, warnings = 0;
    double gap_area_m2 = 0, overlap_area_m2 = 0;
    std::optional<double> grid_coverage, class_coverage, attribute_completeness, fresh_ratio;
    double completeness_score = 0, timeliness_score = 0;
    std::string completeness_grade, timeliness_grade;
};

/// A grid's census coverage: what a district checks before it submits.
struct GridCoverage {
    long long grid_fid = 0;
    std::string grid_code, district;
    long long components = 0, classes = 0, stale = 0;
    std::string class_counts; ///< "class:count" by class, comma-separated
    std::size_t status = 0;   ///< into coverage_statuses()
};

struct CensusReport {
    std::string as_of;
    std::vector<DistrictCensus> districts;
    FindingSpool findings;                   ///< of the districts reported, in report order
    std::vector<GridCoverage> grid_coverage; ///< every grid's
};

/// The stored coverage per grid (table grid_coverage): its columns (no rows), and the report's rows
/// of it, one at a time.
layers::ResultTable coverage_columns();
layers::RowSource coverage_rows(const CensusReport& report);

/// Runs every census check of domain.md §8 on a workspace and scores each district. With
/// `district`, checks the whole city (neighbours matter) and reports that district only; an
/// unknown district is an InputError.
CensusReport run_census(layers::Workspace& workspace, const CensusOptions& options,
                        const rules::Catalog& catalog, const rules::Rules& rules,
                        const std::optional<std::string>& district);

/// The report as the JSON of design.md.
std::string census_json(const CensusReport& report);

/// Writes findings to FILE.gpkg (layers grid_findings, component_findings and finding_points, with
/// default QGIS styles, Chinese aliases and titles), FILE.geojson (RFC 7946, WGS 84, every
/// property on every feature), FILE.csv (BOM, quoted text, WKT and x/y in the workspace CRS, with
/// .csvt and .prj sidecars) or FILE.xlsx (a sheet per layer). `crs` is the workspace's.
void write_findings(const FindingSpool& findings, const std::string& path, const std::string& crs);
/// The `format` a findings GeoPackage carries in its wangge_meta table, so that a later run may
/// replace it (and nothing else).
inline constexpr const char* findings_format = "wangge-findings-1";

/// The census coverage classes of a grid (what a district checks before it submits), with their
/// map colours and Chinese labels: empty, stale (at least half its components stale), covered.
struct CoverageStatus {
    const char* status;
    const char* colour;
    const char* label;
};
const std::vector<CoverageStatus>& coverage_statuses();

} // namespace wangge::census
