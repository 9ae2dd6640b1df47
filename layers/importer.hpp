#pragma once

#include "layers/schema.hpp"
#include "layers/store.hpp"
#include "layers/submission_districts.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wangge::layers {

struct ImportOptions {
    LayerKind kind = LayerKind::grids;
    std::string path;
    std::optional<std::string> layer;          ///< the layer inside a multi-layer source
    std::optional<std::string> srs;            ///< overrides (or supplies) the source CRS
    std::optional<std::string> encoding;       ///< e.g. CP936, for files that do not declare theirs
    std::map<std::string, std::string> fields; ///< canonical name → source field name
    std::optional<std::string> district;       ///< grids, components: the district this submission is for
    bool dry_run = false;
    bool force = false; ///< import coordinates that lie outside the CRS's area or far from the city ///< read
                        ///< and check everything, report what would change, write nothing
    /// Called every few thousand rows with the rows read and the total (-1 when unknown cheaply).
    std::function<void(long long done, long long total)> progress;
    /// Told of each step after the reading (the spatial index, the derived levels, the commit).
    std::function<void(const char* step)> on_step;
};

struct ImportReport {
    ImportSummary summary;
    std::string source_crs;
    std::string workspace_crs;
    std::string encoding;                       ///< what the text was decoded from
    std::map<std::string, std::string> mapping; ///< canonical → source field actually used
    std::vector<std::string> warnings;          ///< e.g. each legacy grid code normalised
    SubmissionDistricts districts;              ///< grids, components: what the file replaces
};

/// Imports one file (Shapefile, GeoPackage, GeoJSON, CSV: anything OGR reads) into a layer of the
/// workspace, atomically: on any error nothing is written. Throws InputError naming the file, row
/// and field for bad input, BackendError for failures of GDAL, PROJ or the store.
///
/// A census layer with defects (bad or duplicate codes, invalid polygons, missing attributes, odd
/// dates) loads as it is, so that the census checks can list each defect; only what makes a feature
/// unusable (no geometry, non-finite coordinates, the wrong geometry type, an unparsable value)
/// refuses the import.
ImportReport import_file(Workspace& workspace, const ImportOptions& options);

} // namespace wangge::layers
