#include "layers/importer.hpp"

#include "geo/crs.hpp"
#include "geo/error.hpp"
#include "geo/extent_check.hpp"
#include "layers/codes.hpp"
#include "layers/fault_injection.hpp"
#include "layers/source_file.hpp"
#include "layers/submission_districts.hpp"
#include "layers/value_normaliser.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <unordered_map>
#include <unordered_set>

namespace wangge::layers {
namespace {

std::string row_ref(const std::string& path, long long row) {
    return path + " row " + std::to_string(row);
}

/// Applies `fn` to every simple curve (ring, line) and point of a linear geometry.
template <typename CurveFn, typename PointFn>
void for_each_part(OGRGeometry* g, CurveFn&& curve, PointFn&& point) {
    switch (wkbFlatten(g->getGeometryType())) {
    case wkbPoint:
        point(*g->toPoint());
        break;
    case wkbLineString:
    case wkbLinearRing:
        curve(*g->toSimpleCurve());
        break;
    case wkbPolygon:
        for (OGRLinearRing* ring : *g->toPolygon()) curve(*ring);
        break;
    default:
        if (OGR_GT_IsSubClassOf(wkbFlatten(g->getGeometryType()), wkbGeometryCollection)) {
            for (OGRGeometry* part : *g->toGeometryCollection()) for_each_part(part, curve, point);
        }
    }
}

/// Checks, repairs the representation of (never the shape) and transforms one feature's geometry.
class GeometryPrep {
public:
    GeometryPrep(GeometryKind kind, const geo::Transformer& transformer, std::string source_crs,
                 std::string target_crs)
        : m_kind(kind), m_transformer(transformer), m_source_crs(std::move(source_crs)),
          m_target_crs(std::move(target_crs)) {}

    void apply(OGRGeometry* g, Record& r, const std::string& where) {
        if (!g) throw InputError(where + ": the feature has no geometry");
        if (g->IsEmpty()) throw InputError(where + ": the geometry is empty");
        std::unique_ptr<OGRGeometry> linear;
        if (g->hasCurveGeometry()) {
            linear.reset(g->getLinearGeometry());
            g = linear.get();
        }
        g->flattenTo2D();
        OGRwkbGeometryType type = wkbFlatten(g->getGeometryType());
        if (m_kind == GeometryKind::point) {
            if (type == wkbMultiPoint && g->toMultiPoint()->getNumGeometries() == 1)
                g = g->toMultiPoint()->getGeometryRef(0);
            else if (type != wkbPoint)
                throw InputError(where + ": the geometry is a " + std::string(OGRGeometryTypeToName(type)) +
                                 ", expected a Point");
        } else if (type != wkbPolygon && type != wkbMultiPolygon) {
            throw InputError(where + ": the geometry is a " + std::string(OGRGeometryTypeToName(type)) +
                             ", expected a Polygon or MultiPolygon");
        }
        transform(g, where);
        if (m_kind == GeometryKind::point) {
            r.x = g->toPoint()->getX();
            r.y = g->toPoint()->getY();
        } else {
            r.wkb.resize(g->WkbSize());
            g->exportToWkb(wkbNDR, reinterpret_cast<unsigned char*>(r.wkb.data()), wkbVariantIso);
        }
    }

private:
    void transform(OGRGeometry* g, const std::string& where) {
        auto fail = [&](const char* what) { throw InputError(where + ": " + what); };
        for_each_part(
            g,
            [&](OGRSimpleCurve& c) {
                int n = c.getNumPoints();
                m_x.resize(static_cast<std::size_t>(n));
                m_y.resize(static_cast<std::size_t>(n));
                c.getPoints(m_x.data(), sizeof(double), m_y.data(), sizeof(double));
                for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i)
                    if (!std::isfinite(m_x[i]) || !std::isfinite(m_y[i]))
                        fail("a coordinate is not a number (NaN or infinite)");
                if (!m_transformer.transform(m_x, m_y)) fail(transform_failure().c_str());
                c.setPoints(n, m_x.data(), m_y.data());
            },
            [&](OGRPoint& p) {
                double x = p.getX(), y = p.getY();
                if (!std::isfinite(x) || !std::isfinite(y))
                    fail("a coordinate is not a number (NaN or infinite)");
                if (!m_transformer.transform({&x, 1}, {&y, 1})) fail(transform_failure().c_str());
                p.setX(x);
                p.setY(y);
            });
    }

    std::string transform_failure() const {
        return "coordinates cannot be transformed from " + short_crs(m_source_crs) + " to " +
               short_crs(m_target_crs) + " (is the source CRS right? set it with --srs)";
    }
    static std::string short_crs(const std::string& crs) {
        return crs.size() > 40 ? crs.substr(0, 40) + "…" : crs;
    }

    GeometryKind m_kind;
    const geo::Transformer& m_transformer;
    std::string m_source_crs, m_target_crs;
    std::vector<double> m_x, m_y;
};

std::string field_text(OGRFeature& f, int idx) {
    OGRFieldDefn* fd = f.GetFieldDefnRef(idx);
    switch (fd->GetType()) {
    case OFTReal: {
        // Numeric DBF columns often hold codes; print integral values without exponent.
        double v = f.GetFieldAsDouble(idx);
        if (std::floor(v) == v && std::fabs(v) < 1e18) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.0f", v);
            return buf;
        }
        return f.GetFieldAsString(idx);
    }
    case OFTDate:
    case OFTDateTime: {
        int y, m, d, hh, mm, tz;
        float ss;
        f.GetFieldAsDateTime(idx, &y, &m, &d, &hh, &mm, &ss, &tz);
        char buf[40];
        if (fd->GetType() == OFTDate)
            std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
        else
            std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", y, m, d, hh, mm,
                          static_cast<int>(ss));
        return buf;
    }
    default:
        return f.GetFieldAsString(idx);
    }
}

/// Decides the workspace CRS from the first layer imported (design.md: a CGCS2000 Gauss–Krüger
/// zone for geographic input).
std::string choose_workspace_crs(const geo::CrsInfo& source, OGRLayer* layer, const std::string& path) {
    if (!source.geographic) return source.epsg ? "EPSG:" + std::to_string(source.epsg) : source.wkt;
    OGREnvelope env;
    if (layer->GetExtent(&env, TRUE) != OGRERR_NONE)
        throw InputError(path +
                         ": cannot compute the extent to choose a Gauss–Krüger zone; give --crs to init");
    double lon = (env.MinX + env.MaxX) / 2;
    if (lon < -180 || lon > 180)
        throw InputError(path + ": the coordinates are not longitudes; is --srs right?");
    return "EPSG:" + std::to_string(geo::cgcs2000_gauss_kruger_epsg(lon));
}

std::string describe_area(const geo::CrsInfo& crs) {
    char buf[120];
    const geo::LonLatBox& a = *crs.area_of_use;
    std::snprintf(buf, sizeof buf, "longitude %.1f..%.1f, latitude %.1f..%.1f", a.west, a.east, a.south,
                  a.north);
    return buf;
}

std::string crs_label(const geo::CrsInfo& crs) {
    return crs.epsg ? "EPSG:" + std::to_string(crs.epsg) + " (" + crs.name + ")" : crs.name;
}

/// Coordinates must be able to be what the CRS says, and near the city already loaded: a file
/// with northing first, or in the wrong CRS, would otherwise load and surface only as census
/// findings everywhere.
void check_extent(OGRLayer* layer, const geo::CrsInfo& source, const geo::Transformer& to_workspace,
                  Workspace& workspace, const std::string& path) {
    OGREnvelope env;
    GdalErrorScope quiet;
    if (layer->GetExtent(&env, TRUE) != OGRERR_NONE) return;
    const geo::Box e{env.MinX, env.MinY, env.MaxX, env.MaxY};
    const std::string force = "; to import it as it is, add --force";
    switch (geo::judge_extent(source, e)) {
    case geo::ExtentVerdict::swapped:
        throw InputError(path + ": x and y look swapped: its extent (" + geo::describe_extent(e) +
                         ") lies in the area of " + crs_label(source) +
                         " only with the axes exchanged (northing written first?); fix the file" + force);
    case geo::ExtentVerdict::outside:
        throw InputError(path + ": its coordinates (" + geo::describe_extent(e) +
                         ") are not in the area of " + crs_label(source) + " (" + describe_area(source) +
                         "); is that the file's CRS? give the right one with --srs EPSG:n" + force);
    case geo::ExtentVerdict::fits:
        break;
    }
    std::optional<geo::Box> city;
    for (LayerKind k : {LayerKind::grids, LayerKind::districts})
        if (!city) city = workspace.extent(k);
    if (!city) return;
    std::vector<double> xs{e.min_x, e.max_x, e.min_x, e.max_x}, ys{e.min_y, e.min_y, e.max_y, e.max_y};
    if (!to_workspace.transform(xs, ys)) return; // the rows' own transformation reports it
    geo::Box here{*std::min_element(xs.begin(), xs.end()), *std::min_element(ys.begin(), ys.end()),
                  *std::max_element(xs.begin(), xs.end()), *std::max_element(ys.begin(), ys.end())};
    double reach = std::max(10000.0, std::hypot(city->max_x - city->min_x, city->max_y - city->min_y));
    if (here.intersects(city->expanded(reach))) return;
    double dx = std::max({0.0, city->min_x - here.max_x, here.min_x - city->max_x});
    double dy = std::max({0.0, city->min_y - here.max_y, here.min_y - city->max_y});
    throw InputError(path + ": its features lie " + std::to_string(std::lround(std::hypot(dx, dy) / 1000)) +
                     " km from the workspace's city; is the file's CRS right (" + crs_label(source) +
                     ")? give the right one with --srs EPSG:n" + force);
}

ImportPlan plan_for(const ImportOptions& o) {
    ImportPlan plan;
    plan.kind = o.kind;
    plan.source = std::filesystem::path(o.path).filename().string();
    switch (o.kind) {
    case LayerKind::cases:
        plan.mode = ReplaceMode::upsert_by_key;
        break;
    case LayerKind::components:
    case LayerKind::grids:
        // By district, never the whole layer: a district's file must not wipe the others.
        plan.mode = ReplaceMode::districts;
        break;
    default:
        plan.mode = ReplaceMode::whole_layer;
    }
    if (o.district) {
        if (!is_region_code(*o.district, Level::district))
            throw UsageError("--district " + *o.district + ": a district code has 6 digits");
        if (o.kind != LayerKind::grids && o.kind != LayerKind::components)
            throw UsageError("--district applies to grids and components only");
    }
    return plan;
}

/// Per-layer rules applied after the values are canonical: code normalisation, the district a
/// census row's code names, duplicate case ids.
class RowRules {
public:
    RowRules(const ImportOptions& o, const LayerSchema& s, std::vector<std::string>& warnings)
        : m_opts(o), m_schema(s), m_warnings(warnings) {}

    void apply(Record& r, const std::string& where) {
        if (m_opts.kind == LayerKind::grids) grid(r, where);
        if (m_opts.kind == LayerKind::components) component(r);
        if (m_opts.kind == LayerKind::cases) case_row(r, where);
    }

    /// The districts a grid or component file replaces, once every row is read.
    SubmissionDistricts districts(const std::string& path, long long rows) const {
        if (!m_opts.district) {
            double per_grid = m_opts.kind == LayerKind::components && !m_grid_codes.empty()
                                  ? static_cast<double>(rows) / static_cast<double>(m_grid_codes.size())
                                  : 1.0;
            return decide_submission_districts(m_named, rows, per_grid, path);
        }
        SubmissionDistricts d = given_submission_district(*m_opts.district, m_named);
        check_district(d, path, rows);
        return d;
    }

private:
    /// A district's submission holding mostly other districts' features is the wrong file, or
    /// --district is wrong: refuse it rather than relabel a whole city. A few such rows are
    /// census defects and load.
    void check_district(const SubmissionDistricts& d, const std::string& path, long long rows) const {
        long long foreign = 0;
        for (const auto& [district, n] : d.foreign) foreign += n;
        if (foreign * 2 <= rows) return;
        throw InputError(path + ": " + std::to_string(foreign) + " of " + std::to_string(rows) +
                         " rows have codes of other districts than " + *m_opts.district +
                         " (the first is row " + std::to_string(m_first_foreign.first) + ", " +
                         m_first_foreign.second +
                         "); drop --district to import the whole city, or import that district's file");
    }

    std::optional<std::string>& value(Record& r, const char* name) { return r.values[m_schema.index(name)]; }

    /// Counts the district a row's code names and labels the row with it, or with --district.
    void name_district(Record& r, const std::string& named) {
        ++m_named[named];
        if (m_opts.district && !named.empty() && named != *m_opts.district && m_first_foreign.first == 0)
            m_first_foreign = {r.row, *value(r, "code")};
        auto& district = value(r, "district");
        if (m_opts.district)
            district = m_opts.district;
        else if (!named.empty())
            district = named;
        else
            district.reset();
    }

    void grid(Record& r, const std::string& where) {
        auto& code = value(r, "code");
        std::string named;
        if (code) {
            value(r, "source_code") = code;
            GridCode gc = normalise_grid_code(*code);
            if (gc.form == GridCodeForm::legacy)
                m_warnings.push_back(where + ": legacy 14-digit grid code " + *code + " normalised to " +
                                     gc.code);
            code = gc.code;
            if (gc.form != GridCodeForm::bad) named = gc.code.substr(0, 6);
        }
        name_district(r, named);
    }

    void component(Record& r) {
        const auto& code = value(r, "code");
        const auto& grid = value(r, "grid_code");
        std::string named;
        if (code && is_component_code(*code))
            named = code->substr(0, 6);
        else if (grid && is_region_code(*grid, Level::grid))
            named = grid->substr(0, 6);
        if (grid) m_grid_codes.insert(*grid);
        name_district(r, named);
    }

    void case_row(Record& r, const std::string& where) {
        const auto& id = value(r, "case_id");
        auto [it, fresh] = m_case_rows.emplace(*id, r.row);
        if (!fresh)
            throw InputError(where + ": case_id " + *id + " is used again (first in row " +
                             std::to_string(it->second) + ")");
    }

    const ImportOptions& m_opts;
    const LayerSchema& m_schema;
    std::vector<std::string>& m_warnings;
    std::unordered_map<std::string, long long> m_case_rows;
    std::map<std::string, long long> m_named; ///< rows per district their code names ("" none)
    std::unordered_set<std::string> m_grid_codes;
    std::pair<long long, std::string> m_first_foreign{0, ""};
};

} // namespace

ImportReport import_file(Workspace& workspace, const ImportOptions& options) {
    const LayerSchema& schema = schema_of(options.kind);
    ImportPlan plan = plan_for(options);
    SourceFile src(options.path, schema, {options.layer, options.encoding, options.fields});
    ImportReport report;
    report.encoding = src.encoding();
    report.mapping = src.mapping();

    std::optional<geo::Transformer> transformer;
    std::optional<GeometryPrep> prep;
    if (schema.geometry != GeometryKind::none) {
        std::optional<std::string> crs = options.srs ? options.srs : src.declared_crs();
        if (!crs && src.has_lonlat_columns()) {
            // Chinese longitude and latitude are CGCS2000 unless said otherwise.
            crs = "EPSG:4490";
            report.warnings.push_back(options.path +
                                      ": no --srs and no .prj: longitude and latitude taken as EPSG:4490 "
                                      "(CGCS2000)");
        }
        if (!crs)
            throw InputError(options.path +
                             ": the file declares no coordinate reference system (no .prj or layer "
                             "SRS); give it with --srs EPSG:n");
        geo::CrsInfo info = geo::describe_crs(*crs);
        report.source_crs = info.epsg ? "EPSG:" + std::to_string(info.epsg) : info.name;
        std::string target =
            workspace.crs() ? *workspace.crs() : choose_workspace_crs(info, src.layer(), options.path);
        if (!workspace.crs()) plan.workspace_crs = target;
        report.workspace_crs = target.size() > 40 ? geo::describe_crs(target).name : target;
        transformer.emplace(*crs, target);
        if (!options.force) check_extent(src.layer(), info, *transformer, workspace, options.path);
        prep.emplace(schema.geometry, *transformer, *crs, target);
    } else if (!workspace.crs()) {
        throw InputError(options.path +
                         ": import a spatial layer (grids) first, or init the workspace with --crs");
    }

    auto tx = workspace.begin_import(plan);
    RowRules rules(options, schema, report.warnings);
    OGRLayer* layer = src.layer();
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    const std::vector<int>& index = src.field_index();
    Record r;
    r.values.resize(schema.fields.size());
    const bool census_layer = options.kind == LayerKind::grids || options.kind == LayerKind::components;
    GdalErrorScope errors;
    layer->ResetReading();
    long long row = 0;
    const long long total = options.progress ? layer->GetFeatureCount(FALSE) : -1;
    while (true) {
        if (options.progress && row % 20000 == 0) options.progress(row, total);
        OGRFeatureUniquePtr f(layer->GetNextFeature());
        if (errors.failures())
            throw InputError(row_ref(options.path, row + 1) + ": cannot be read: " + errors.text());
        const bool read_warned = !errors.messages().empty();
        errors.clear();
        if (!f) break;
        r.row = ++row;
        std::string where = row_ref(options.path, row);
        for (std::size_t i = 0; i < schema.fields.size(); ++i) {
            r.values[i].reset();
            int idx = index[i];
            if (idx < 0 || !f->IsFieldSetAndNotNull(idx)) continue;
            std::string text = field_text(*f, idx);
            std::string field_where = where + " field " + defn->GetFieldDefn(idx)->GetNameRef();
            if (src.recode_from()) {
                CplString utf8(CPLRecode(text.c_str(), src.recode_from()->c_str(), CPL_ENC_UTF8));
                text = utf8.get();
            }
            if (!CPLIsUTF8(text.c_str(), -1) || read_warned || !errors.messages().empty())
                throw InputError(field_where + ": the text is not valid in the assumed encoding (" +
                                 src.encoding() + "); if the file is GBK, import it with --encoding CP936");
            r.values[i] = normalise_value(options.kind, schema.fields[i], text, field_where);
        }
        // Census layers keep rows with empty attributes for the census checks to list.
        if (!census_layer)
            for (std::size_t i = 0; i < schema.fields.size(); ++i)
                if (schema.fields[i].required && !r.values[i])
                    throw InputError(where + ": " + schema.fields[i].canonical + " is empty");
        if (prep) prep->apply(f->GetGeometryRef(), r, where);
        rules.apply(r, where);
        tx->add(r);
        fault_point("import.row");
    }
    if (row == 0) throw InputError(options.path + ": the layer holds no features");
    CommitOptions commit;
    commit.dry_run = options.dry_run;
    if (plan.mode == ReplaceMode::districts) {
        report.districts = rules.districts(options.path, row);
        commit.districts = report.districts.replaced;
        commit.home = report.districts.home;
        // With --district every row is labelled already; otherwise only strays need it.
        commit.relabel =
            !options.district && (!report.districts.foreign.empty() || report.districts.unassigned);
    }
    if (options.progress) options.progress(row, total);
    commit.on_step = options.on_step;
    report.summary = tx->commit(commit);
    return report;
}

} // namespace wangge::layers
