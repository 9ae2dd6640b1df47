#pragma once

// The pipeline every face of Wangge calls — the command line, the demo and the service: open a
// workspace, import, validate, assess, write the outputs and store the results. Faces parse
// their input and present the results; they hold no pipeline of their own (design.md: load →
// validate → assess → draw → serve).

#include "layers/importer.hpp"
#include "src/assess/assessment.hpp"
#include "src/assess/platform.hpp"
#include "src/census/census_report.hpp"

#include <optional>
#include <string>

namespace wangge::engine {

/// Where the default rules, catalogue and calendars are: $WANGGE_DATA_DIR, else the data/ folder
/// the binary was built from, else ./data.
std::string data_dir();

/// The rules, class catalogue and working calendar a run reads (domain.md §9).
struct RuleFiles {
    std::string rules, catalog, calendar;
    /// The files of data_dir(), each replaced by the given one.
    static RuleFiles with(const std::optional<std::string>& rules, const std::optional<std::string>& catalog,
                          const std::optional<std::string>& calendar = {});
};

struct ValidateRequest {
    std::string workspace;
    std::string as_of; ///< YYYY-MM-DD
    std::optional<std::string> district;
    std::optional<std::string> json, findings; ///< output files
    RuleFiles files = RuleFiles::with({}, {});
    double wait_seconds = 5;
};

/// Runs the census checks (domain.md §8), writes the outputs asked for and, for the whole city,
/// stores the coverage per grid and the report in the workspace. Outputs that would replace an
/// input are refused before any work (UsageError).
census::CensusReport validate(const ValidateRequest& request);

struct AssessRequest {
    std::string workspace;
    assess::Period period;
    std::optional<layers::Level> level;         ///< the regions the outputs hold (nullopt: every level)
    std::optional<std::string> json, csv, xlsx; ///< output files
    /// The bulletin's issuer (default: the rules' bulletin.issuer) and date (default: today).
    std::optional<std::string> issuer, issued_on;
    RuleFiles files = RuleFiles::with({}, {});
    double wait_seconds = 5;
};

/// Assesses a period (domain.md §5–§7), writes the outputs asked for and stores the result in the
/// workspace. Throws InputError when no case touches the period.
assess::Assessment assess(const AssessRequest& request);

/// Assesses and stores a period unless its results are stored already (the map and the service
/// draw stored results only). Returns whether it assessed. InputError when no case touches it.
bool ensure_assessed(const std::string& workspace, const std::string& period, const RuleFiles& files,
                     double wait_seconds = 5);

struct PlatformRequest {
    std::string workspace;
    assess::Period period;
    std::string checklist; ///< the platform's checklist file; "" to score `platform` without one
    std::optional<std::string> platform; ///< the platform's code, when there is no checklist
    std::optional<std::string> items;    ///< the platform items (default: data/platform_items.txt)
    std::optional<std::string> json, xlsx;
    RuleFiles files = RuleFiles::with({}, {});
    double wait_seconds = 5;
};

/// Scores a city or district platform (domain.md §10): the checklist's items as given, the others
/// computed from the workspace's roster, cases and stored census. InputError naming file and
/// line for a malformed checklist or items file, or a platform the workspace does not hold.
assess::PlatformScore platform(const PlatformRequest& request);

/// The checklist in `dir` (its *.txt files) for `platform` and `period` (a file naming no period
/// serves any); nullopt when there is none. InputError for a malformed file.
std::optional<std::string> find_checklist(const std::string& dir, const std::string& platform,
                                          const std::string& period, const std::optional<std::string>& items);

struct TileRequest {
    std::string workspace;
    std::string layer;  ///< district|street|community|grid|coverage|cases
    std::string period; ///< needed by every layer but coverage
    std::string indicator = "composite";
    std::string z, x, y;
    std::string format = "png";     ///< png|mvt
    int scale = 1;                  ///< 2: a 512-px @2x PNG
    std::optional<std::string> out; ///< the file to write the tile to
    RuleFiles files = RuleFiles::with({}, {});
    double wait_seconds = 5;
};

/// Draws one tile of the stored results (assessing the period first when it is not stored).
/// UsageError for an unknown layer, indicator or format, or a tile that does not exist.
std::string tile(const TileRequest& request);

struct TilesRequest {
    std::string workspace;
    std::string layer = "grid";
    std::string period;
    std::string indicator = "composite";
    std::string zoom = "8-15";  ///< "A-B" or one zoom
    std::string format = "mvt"; ///< mvt (stored as gzip pbf) or png
    std::string out;            ///< FILE.mbtiles
    RuleFiles files = RuleFiles::with({}, {});
    double wait_seconds = 5;
};

struct TilesReport {
    long long tiles = 0;   ///< written
    long long skipped = 0; ///< empty, not written
    long long bytes = 0;
    int min_zoom = 0, max_zoom = 0;
};

/// Draws every tile of a layer over the city's extent at the zooms asked, in parallel, into an
/// MBTiles 1.3 file written whole or not at all. UsageError for a bad layer, zoom range or output.
TilesReport export_tiles(const TilesRequest& request);

/// Imports one file into a workspace (layers::import_file), opened for the import.
layers::ImportReport import(const std::string& workspace, const layers::ImportOptions& options,
                            double wait_seconds = 5);

} // namespace wangge::engine
