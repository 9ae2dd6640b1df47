#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wangge::layers {

/// The layers a workspace holds, one table each.
enum class LayerKind { districts, streets, communities, grids, components, cases, roster };

/// Every layer, in the order a workspace lists them.
inline constexpr LayerKind all_layer_kinds[] = {
    LayerKind::districts,  LayerKind::streets, LayerKind::communities, LayerKind::grids,
    LayerKind::components, LayerKind::cases,   LayerKind::roster};

/// Districts, streets and communities: the layers of regions above the grids.
constexpr bool is_region_layer(LayerKind k) {
    return k == LayerKind::districts || k == LayerKind::streets || k == LayerKind::communities;
}

enum class FieldType {
    text,      ///< kept as given (trimmed)
    date,      ///< YYYY-MM-DD after parsing any accepted form
    timestamp, ///< YYYY-MM-DDTHH:MM:SS, Asia/Shanghai local time
    integer,
    boolean, ///< "1" or "0"
};

enum class GeometryKind { none, point, polygon };

/// One canonical field of a layer (domain.md §2–3) and the names real files give it.
struct FieldSpec {
    std::string canonical;
    FieldType type = FieldType::text;
    bool required = false;
    std::vector<std::string> aliases; ///< matched case-insensitively, besides the canonical name
    bool internal = false;            ///< filled by Wangge, never read from a source file
};

/// The canonical fields of one layer, in storage order, and its geometry.
struct LayerSchema {
    LayerKind kind;
    std::string table;
    GeometryKind geometry;
    std::vector<FieldSpec> fields;

    /// Index of a canonical field; throws std::out_of_range for a name the schema lacks.
    std::size_t index(std::string_view canonical) const;
};

const LayerSchema& schema_of(LayerKind kind);

/// Parses "grids", "components", … as used on the command line; nullopt for anything else.
std::optional<LayerKind> parse_layer_kind(std::string_view name);
std::string_view layer_name(LayerKind kind);

struct RecordView;

/// One feature in canonical form: values in schema order (nullopt = empty), and its geometry.
struct Record {
    std::vector<std::optional<std::string>> values;
    std::string wkb; ///< polygon layers: WKB in the workspace CRS
    double x = 0.0;  ///< point layers, workspace CRS
    double y = 0.0;
    long long row = 0; ///< 1-based feature number in the source file
    long long fid = 0; ///< the row's id in the workspace table (reads only)
    /// Reads only: why the stored geometry cannot be used ("no geometry", "unreadable geometry
    /// blob", …), empty when it can. A workspace edited by hand (in QGIS) may hold such rows;
    /// readers report them instead of failing on them.
    std::string geometry_problem;

    const std::optional<std::string>& get(const LayerSchema& s, std::string_view canonical) const {
        return values[s.index(canonical)];
    }

    /// Becomes a copy of `view` (of every field, in schema order), reusing its strings' buffers:
    /// a reader hands millions of rows through one Record.
    void assign(const RecordView& view);
};

/// A row read in place, for the loops over millions of rows: only the fields asked for, in the
/// order asked (nullopt = null), each a view into the store's own buffer, valid only while the
/// row is visited; no copy of any value is made.
struct RecordView {
    std::span<const std::optional<std::string_view>> values;
    std::string_view wkb; ///< polygon layers: WKB in the workspace CRS
    double x = 0.0;       ///< point layers, workspace CRS
    double y = 0.0;
    long long row = 0; ///< 1-based feature number in the source file
    long long fid = 0;
    std::string_view geometry_problem; ///< as Record's
};

/// Every field of a layer, in schema order: the fields a Record holds.
std::vector<std::size_t> every_field(const LayerSchema& schema);

/// Hands each row read in place on to `visit` as a Record, one Record reused throughout: a
/// store's Record reader made of its scan of every_field().
std::function<void(const RecordView&)> as_records(const std::function<void(const Record&)>& visit);

} // namespace wangge::layers
