#include "layers/vector_writer.hpp"

#include "geo/error.hpp"
#include "geo/sqlite_handles.hpp"
#include "layers/fault_injection.hpp"
#include "layers/gdal_handles.hpp"
#include "layers/qgis_style.hpp"
#include "layers/rtree_bulk_load.hpp"
#include "layers/text.hpp"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <fstream>

namespace wangge::layers {

struct VectorWriter::Impl {
    std::string path;
    std::string format;
    std::optional<std::string> encoding;
    GDALDatasetUniquePtr ds;
    OGRLayer* layer = nullptr;
    Geometry geometry = Geometry::none;
    std::vector<Field> fields;
    bool in_transaction = false;
    bool aliases_pending = false;
    /// The GeoPackage triggers that keep the layer's R-tree in step, set aside while it is written
    /// (the R-tree is filled at once at its end); empty when the layer has no R-tree of ours.
    std::vector<std::string> index_triggers;
    std::vector<std::pair<std::string, long long>> written; ///< features per layer

    void write_aliases() {
        aliases_pending = false;
        std::vector<FieldAlias> aliases;
        for (const Field& f : fields)
            if (!f.alias.empty()) aliases.push_back({f.name, f.alias});
        store_field_aliases(*ds, path, layer->GetName(), aliases);
    }

    void finish_layer() {
        if (!index_triggers.empty()) {
            sqlite3* db = sqlite_of(*ds);
            try {
                bulk_load_rtree(db, rtree_of(layer->GetName()), layer->GetName(), layer->GetFIDColumn(),
                                layer->GetGeometryColumn());
                for (const std::string& sql : index_triggers)
                    sqlite_exec(db, sql, "index " + std::string(layer->GetName()));
            } catch (const BackendError& e) {
                throw BackendError(path + ": " + e.what());
            }
            index_triggers.clear();
        }
        {
            GdalErrorScope errors;
            if (in_transaction && ds->CommitTransaction() != OGRERR_NONE)
                throw BackendError(path + ": cannot commit layer " + layer->GetName() + ": " + errors.text());
            in_transaction = false;
        }
        // After the commit: on a layer of many features GDAL builds the spatial index on a thread
        // of its own, in a database it attaches until the commit, and other SQL before then finds
        // that database locked. (The file is a temporary one until it is whole.)
        if (aliases_pending) write_aliases();
    }
};

VectorWriter::VectorWriter(const std::string& path, const std::string& format,
                           std::optional<std::string> encoding)
    : m_impl(std::make_unique<Impl>()) {
    ensure_gdal_registered();
    m_impl->path = path;
    m_impl->format = format;
    m_impl->encoding = std::move(encoding);
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(format.c_str());
    if (!driver) throw BackendError("GDAL has no driver " + format);
    GdalErrorScope errors;
    m_impl->ds.reset(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!m_impl->ds) throw InputError(path + ": cannot create: " + errors.text());
}

VectorWriter::~VectorWriter() {
    GdalErrorScope quiet;
    if (m_impl && m_impl->in_transaction) m_impl->ds->RollbackTransaction();
    if (m_impl) m_impl->ds.reset();
}

void VectorWriter::begin_layer(const std::string& name, Geometry geometry, const std::string& crs,
                               std::vector<Field> fields, const std::vector<std::string>& options) {
    m_impl->finish_layer();
    // GDAL reports some failures only as messages: keep them off the terminal, in the exception.
    GdalErrorScope errors;
    SpatialRefPtr srs;
    if (geometry != Geometry::none) {
        srs.reset(new OGRSpatialReference());
        srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        if (srs->SetFromUserInput(crs.c_str()) != OGRERR_NONE) throw InputError("GDAL cannot use CRS " + crs);
    }
    std::vector<std::string> opts = options;
    if (m_impl->format == "ESRI Shapefile") opts.push_back("ENCODING=" + m_impl->encoding.value_or("UTF-8"));
    if (m_impl->format == "CSV" && geometry != Geometry::none) opts.push_back("GEOMETRY=AS_WKT");
    // A GeoPackage layer's R-tree is made empty and filled at once when the layer is whole: GDAL
    // inserts each feature's box into it as it goes, 15 µs each (3 s of 200,000 findings).
    const bool bulk_index = m_impl->format == "GPKG" && geometry != Geometry::none &&
                            std::none_of(opts.begin(), opts.end(), [](const std::string& o) {
                                return o.rfind("SPATIAL_INDEX=", 0) == 0;
                            });
    if (m_impl->format == "GPKG") opts.push_back("GEOMETRY_NAME=geom");
    if (bulk_index) opts.push_back("SPATIAL_INDEX=NO");
    std::vector<const char*> copts;
    for (const auto& o : opts) copts.push_back(o.c_str());
    copts.push_back(nullptr);
    OGRwkbGeometryType type = geometry == Geometry::polygon ? wkbMultiPolygon
                              : geometry == Geometry::point ? wkbPoint
                              : geometry == Geometry::any   ? wkbUnknown
                                                            : wkbNone;
    if (m_impl->format == "ESRI Shapefile" && geometry == Geometry::polygon) type = wkbPolygon;
    m_impl->layer = m_impl->ds->CreateLayer(name.c_str(), srs.get(), type, const_cast<char**>(copts.data()));
    if (!m_impl->layer)
        throw BackendError(m_impl->path + ": cannot create layer " + name + ": " + errors.text());
    for (const Field& f : fields) {
        OGRFieldType t = f.type == Type::integer ? OFTInteger64
                         : f.type == Type::real  ? OFTReal
                         : f.type == Type::date  ? OFTDate
                                                 : OFTString;
        OGRFieldDefn fd(f.name.c_str(), t);
        if (f.width) fd.SetWidth(f.width);
        if (!f.alias.empty()) fd.SetAlternativeName(f.alias.c_str());
        if (m_impl->layer->CreateField(&fd) != OGRERR_NONE)
            throw BackendError(m_impl->path + ": cannot create field " + f.name + ": " + errors.text());
    }
    m_impl->geometry = geometry;
    m_impl->aliases_pending =
        m_impl->format == "GPKG" &&
        std::any_of(fields.begin(), fields.end(), [](const Field& f) { return !f.alias.empty(); });
    m_impl->fields = std::move(fields);
    m_impl->written.emplace_back(name, 0);
    if (bulk_index && m_impl->layer->SyncToDisk() != OGRERR_NONE) // GDAL makes the table here
        throw BackendError(m_impl->path + ": cannot create layer " + name + ": " + errors.text());
    m_impl->in_transaction =
        m_impl->ds->TestCapability(ODsCTransactions) && m_impl->ds->StartTransaction() == OGRERR_NONE;
    if (bulk_index && m_impl->in_transaction) {
        const std::string sql = "SELECT CreateSpatialIndex(" + sql_literal(name) + ", 'geom')";
        ResultSet made(m_impl->ds.get(), m_impl->ds->ExecuteSQL(sql.c_str(), nullptr, nullptr));
        if (errors.failures())
            throw BackendError(m_impl->path + ": cannot index layer " + name + ": " + errors.text());
        m_impl->index_triggers = set_aside_index_triggers(sqlite_of(*m_impl->ds), name);
    }
}

void VectorWriter::write(const std::vector<std::string>& values, const std::string& wkb, double x, double y) {
    OGRLayer* layer = m_impl->layer;
    OGRFeatureUniquePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
    for (std::size_t i = 0; i < values.size() && i < m_impl->fields.size(); ++i)
        if (values[i].empty())
            f->SetFieldNull(static_cast<int>(i));
        else
            f->SetField(static_cast<int>(i), values[i].c_str());
    bool point = m_impl->geometry == Geometry::point || (m_impl->geometry == Geometry::any && wkb.empty());
    if (point) {
        // A row without a usable location is written without a geometry, never as NaN.
        if (std::isfinite(x) && std::isfinite(y)) f->SetGeometryDirectly(new OGRPoint(x, y));
    } else if (m_impl->geometry != Geometry::none && !wkb.empty()) {
        OGRGeometry* g = nullptr;
        if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &g, wkb.size()) != OGRERR_NONE)
            throw BackendError("malformed WKB for " + std::string(layer->GetName()));
        if (m_impl->geometry == Geometry::polygon && m_impl->format != "ESRI Shapefile")
            g = OGRGeometryFactory::forceToMultiPolygon(g);
        f->SetGeometryDirectly(g);
    }
    GdalErrorScope errors;
    if (layer->CreateFeature(f.get()) != OGRERR_NONE)
        throw BackendError(m_impl->path + ": cannot write to " + layer->GetName() + ": " + errors.text());
    ++m_impl->written.back().second;
    fault_point("write.row");
}

void VectorWriter::add_qgis_style(const std::string& layer_name, const std::string& style_name,
                                  const std::string& qml) {
    m_impl->finish_layer();
    store_qgis_style(*m_impl->ds, m_impl->path, layer_name, style_name, qml);
}

void VectorWriter::describe_layer(const std::string& layer_name, const std::string& title,
                                  const std::string& description) {
    m_impl->finish_layer();
    if (m_impl->format != "GPKG") return;
    GdalErrorScope errors;
    std::string sql = "UPDATE gpkg_contents SET identifier = " + sql_literal(title) +
                      ", description = " + sql_literal(description) +
                      " WHERE table_name = " + sql_literal(layer_name);
    m_impl->ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
    if (errors.failures())
        throw BackendError(m_impl->path + ": cannot describe " + layer_name + ": " + errors.text());
}

void VectorWriter::close() {
    m_impl->finish_layer();
    GdalErrorScope errors;
    m_impl->ds.reset();
    if (errors.failures()) throw BackendError(m_impl->path + ": cannot finish the file: " + errors.text());
    // GDAL's text drivers do not report a failed write (a full disk): read the file back.
    if (m_impl->format == "GeoJSON" || m_impl->format == "CSV") verify();
}

void VectorWriter::verify() const {
    GdalErrorScope errors;
    const char* drivers[] = {m_impl->format.c_str(), nullptr};
    GDALDatasetUniquePtr ds(GDALDataset::Open(m_impl->path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                              drivers, nullptr, nullptr));
    if (!ds) throw BackendError(m_impl->path + ": the file written cannot be read back: " + errors.text());
    for (const auto& [name, count] : m_impl->written) {
        OGRLayer* layer = ds->GetLayerCount() == 1 ? ds->GetLayer(0) : ds->GetLayerByName(name.c_str());
        if (!layer || layer->GetFeatureCount(TRUE) != count)
            throw BackendError(m_impl->path + ": the file written is incomplete (layer " + name + ")");
    }
}

void write_prj(const std::string& path, const std::string& crs) {
    ensure_gdal_registered();
    OGRSpatialReference srs;
    if (srs.SetFromUserInput(crs.c_str()) != OGRERR_NONE) throw InputError("GDAL cannot use CRS " + crs);
    char* raw = nullptr;
    const char* options[] = {"FORMAT=WKT1_ESRI", nullptr};
    if (srs.exportToWkt(&raw, options) != OGRERR_NONE || !raw) {
        CPLFree(raw);
        throw BackendError("cannot write CRS " + crs + " as a .prj");
    }
    std::string wkt(raw);
    CPLFree(raw);
    std::ofstream out(path, std::ios::binary);
    out << wkt;
    out.close();
    if (!out) throw BackendError(path + ": cannot write");
}

} // namespace wangge::layers
