#include "layers/source_file.hpp"

#include "geo/error.hpp"
#include "layers/nul_scan.hpp"
#include "layers/text.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iconv.h>
#include <sstream>

namespace wangge::layers {
namespace {

namespace fs = std::filesystem;

std::string extension(const std::string& path) {
    return lower_ascii(fs::path(path).extension().string());
}

// A shapefile is three files; GDAL's own message for a missing one names a config option instead.
void check_shapefile_parts(const std::string& path) {
    for (const char* ext : {".shx", ".dbf"}) {
        fs::path lower = fs::path(path).replace_extension(ext);
        std::string upper_ext = ext;
        std::transform(upper_ext.begin(), upper_ext.end(), upper_ext.begin(), ::toupper);
        fs::path upper = fs::path(path).replace_extension(upper_ext);
        if (!fs::exists(lower) && !fs::exists(upper))
            throw InputError(path + ": the shapefile's " + ext + " file is missing (" +
                             lower.filename().string() +
                             "); a shapefile needs its .shp, .shx and .dbf side by side");
    }
}

/// The member names of a zip archive, from its central directory (GDAL's listing leaves out
/// names it would not open, which are exactly the ones to refuse).
std::vector<std::string> zip_member_names(const std::string& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    const auto size = static_cast<std::size_t>(std::max<std::streamoff>(0, in.tellg()));
    auto read = [&](std::size_t at, std::size_t n) {
        std::string out(std::min(n, size - std::min(at, size)), '\0');
        in.seekg(static_cast<std::streamoff>(at));
        in.read(out.data(), static_cast<std::streamsize>(out.size()));
        return out;
    };
    auto u16 = [](const std::string& d, std::size_t at) {
        return at + 2 <= d.size() ? static_cast<std::size_t>(static_cast<unsigned char>(d[at]) |
                                                             (static_cast<unsigned char>(d[at + 1]) << 8))
                                  : 0;
    };
    auto u32 = [&](const std::string& d, std::size_t at) { return u16(d, at) | (u16(d, at + 2) << 16); };
    // The end record lies in the last 64 KiB (its comment is shorter); it points at the directory.
    const std::size_t tail_at = size > 65557 ? size - 65557 : 0;
    const std::string tail = read(tail_at, size - tail_at);
    std::vector<std::string> names;
    std::size_t end = tail.rfind(std::string("PK\x05\x06", 4));
    if (end == std::string::npos) return names;
    const std::string dir = read(u32(tail, end + 16), u32(tail, end + 12));
    const std::size_t count = u16(tail, end + 10);
    for (std::size_t i = 0, at = 0; i < count && at + 46 <= dir.size() && u32(dir, at) == 0x02014b50; ++i) {
        std::size_t name_length = u16(dir, at + 28), extra = u16(dir, at + 30), comment = u16(dir, at + 32);
        names.push_back(dir.substr(at + 46, name_length));
        at += 46 + name_length + extra + comment;
    }
    return names;
}

/// A member named ../x or /x would be a path outside the archive: refuse the archive.
void check_zip_members(const std::string& path) {
    for (const std::string& name : zip_member_names(path)) {
        bool unsafe =
            name.empty() || name[0] == '/' || name[0] == '\\' || name.find(':') != std::string::npos;
        for (const auto& part : fs::path(name)) unsafe = unsafe || part == "..";
        if (unsafe)
            throw InputError(path + ": unsafe member name '" + name +
                             "' in the archive (a path outside it); wangge reads no such archive");
    }
}

/// Refuses an encoding name iconv does not know, before GDAL turns every value into warnings.
void check_encoding(const std::string& name) {
    iconv_t cd = iconv_open("UTF-8", name.c_str());
    if (cd == reinterpret_cast<iconv_t>(-1))
        throw UsageError("--encoding " + name +
                         ": unknown encoding (Chinese files are usually CP936, GBK, GB18030 or UTF-8)");
    iconv_close(cd);
}

} // namespace

SourceFile::SourceFile(const std::string& path, const LayerSchema& schema, const Options& options)
    : m_path(path), m_schema(schema) {
    ensure_gdal_registered();
    if (!fs::exists(path)) throw InputError(path + ": no such file");
    if (fs::is_regular_file(path) && fs::file_size(path) == 0) throw InputError(path + ": the file is empty");
    m_shapefile = extension(path) == ".shp" || extension(path) == ".dbf" || extension(path) == ".zip";
    if (extension(path) == ".shp") check_shapefile_parts(path);
    // GDAL would keep a value only up to a NUL byte, silently.
    if (auto nul = find_nul_byte(path))
        throw InputError(path + " row " + std::to_string(nul->row) +
                         (nul->field.empty() ? "" : " field " + nul->field) +
                         ": a NUL byte inside the value; the file is damaged or not text");
    if (options.encoding) check_encoding(*options.encoding);
    open(options);
    choose_layer(options);
    check_coordinates_found();
    detect_encoding(options);
    resolve_fields(options);
}

void SourceFile::open(const Options& options) {
    std::vector<std::string> oo;
    if (m_shapefile && options.encoding) oo.push_back("ENCODING=" + *options.encoding);
    if (extension(m_path) == ".csv") {
        oo.push_back("X_POSSIBLE_NAMES=x,lon,lng,longitude,经度");
        oo.push_back("Y_POSSIBLE_NAMES=y,lat,latitude,纬度");
        oo.push_back("GEOM_POSSIBLE_NAMES=wkt,geometry,geom,the_geom");
        oo.push_back("KEEP_GEOM_COLUMNS=NO");
        oo.push_back("AUTODETECT_TYPE=NO"); // codes keep their leading zeros and all 15–17 digits
        oo.push_back("EMPTY_STRING_AS_NULL=YES");
    }
    std::vector<const char*> coo;
    for (const auto& o : oo) coo.push_back(o.c_str());
    coo.push_back(nullptr);
    GdalErrorScope errors;
    // Shapefiles often travel zipped: read the archive in place.
    std::string open_path = extension(m_path) == ".zip" ? "/vsizip/" + m_path : m_path;
    if (extension(m_path) == ".zip") check_zip_members(m_path);
    m_ds.reset(GDALDataset::Open(open_path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR,
                                 nullptr, coo.data(), nullptr));
    if (!m_ds)
        throw InputError(m_path + ": cannot read it as a vector file: " + errors.text("unknown format"));
}

void SourceFile::check_coordinates_found() const {
    if (m_schema.geometry == GeometryKind::none || m_layer->GetLayerDefn()->GetGeomFieldCount() > 0) return;
    throw InputError(m_path +
                     ": no coordinates: expected columns x and y (or lon/lng/longitude/经度 and "
                     "lat/latitude/纬度), or a WKT column (wkt, geometry, geom, the_geom); the file has: " +
                     field_list());
}

void SourceFile::choose_layer(const Options& options) {
    if (options.layer) {
        m_layer = m_ds->GetLayerByName(options.layer->c_str());
        if (!m_layer) throw InputError(m_path + ": no layer named '" + *options.layer + "'");
        return;
    }
    int n = m_ds->GetLayerCount();
    if (n == 0) throw InputError(m_path + ": the file holds no layer");
    if (n > 1) {
        // A multi-layer file whose layers are named after Wangge's (a city export, or the sample
        // generator's GeoPackage): take the one of this import's kind.
        for (int i = 0; i < n; ++i)
            if (lower_ascii(m_ds->GetLayer(i)->GetName()) == m_schema.table) {
                m_layer = m_ds->GetLayer(i);
                return;
            }
        std::string names;
        for (int i = 0; i < n; ++i) names += (i ? ", " : "") + std::string(m_ds->GetLayer(i)->GetName());
        throw InputError(m_path + ": the file holds " + std::to_string(n) + " layers (" + names +
                         "); choose one with --layer");
    }
    m_layer = m_ds->GetLayer(0);
}

void SourceFile::detect_encoding(const Options& options) {
    if (m_shapefile) {
        const char* src = m_layer->GetMetadataItem("SOURCE_ENCODING", "SHAPEFILE");
        const char* cpg = m_layer->GetMetadataItem("CPG_VALUE", "SHAPEFILE");
        const char* ldid = m_layer->GetMetadataItem("LDID_VALUE", "SHAPEFILE");
        if (options.encoding)
            m_encoding = *options.encoding + " (--encoding)";
        else if (src && *src)
            m_encoding = std::string(src) + (cpg && *cpg ? " (.cpg)" : ldid ? " (DBF language driver)" : "");
        else
            m_encoding = "UTF-8 (undeclared)";
        return;
    }
    if (options.encoding) {
        std::string e = lower_ascii(*options.encoding);
        if (e != "utf-8" && e != "utf8") m_recode_from = *options.encoding;
        m_encoding = *options.encoding + " (--encoding)";
    }
}

void SourceFile::resolve_fields(const Options& options) {
    OGRFeatureDefn* defn = m_layer->GetLayerDefn();
    auto find = [&](const std::string& name) {
        std::string want = lower_ascii(name);
        for (int i = 0; i < defn->GetFieldCount(); ++i)
            if (lower_ascii(defn->GetFieldDefn(i)->GetNameRef()) == want) return i;
        return -1;
    };
    for (const auto& [canonical, source] : options.fields) {
        bool known = std::any_of(m_schema.fields.begin(), m_schema.fields.end(),
                                 [&](const FieldSpec& f) { return f.canonical == canonical && !f.internal; });
        if (!known)
            throw UsageError("--field " + canonical + "=" + source + ": layer " + m_schema.table +
                             " has no field named '" + canonical + "'");
        if (find(source) < 0)
            throw InputError(m_path + ": --field " + canonical + "=" + source + ": the file has no field '" +
                             source + "'; it has: " + field_list());
    }
    for (const FieldSpec& f : m_schema.fields) {
        int idx = -1;
        if (f.internal) {
            m_index.push_back(-1);
            continue;
        }
        if (auto it = options.fields.find(f.canonical); it != options.fields.end()) idx = find(it->second);
        if (idx < 0) idx = find(f.canonical);
        for (std::size_t a = 0; idx < 0 && a < f.aliases.size(); ++a) idx = find(f.aliases[a]);
        if (idx < 0 && f.required) {
            std::string names = f.canonical;
            for (const auto& a : f.aliases) names += "/" + a;
            throw InputError(m_path + ": required field '" + f.canonical + "' not found (looked for " +
                             names + "); the file has: " + field_list() + "; map it with --field " +
                             f.canonical + "=NAME");
        }
        m_index.push_back(idx);
    }
}

std::string SourceFile::field_list() const {
    OGRFeatureDefn* defn = m_layer->GetLayerDefn();
    std::string out;
    for (int i = 0; i < defn->GetFieldCount(); ++i)
        out += (i ? ", " : "") + std::string(defn->GetFieldDefn(i)->GetNameRef());
    return out.empty() ? "(no fields)" : out;
}

std::map<std::string, std::string> SourceFile::mapping() const {
    std::map<std::string, std::string> out;
    OGRFeatureDefn* defn = m_layer->GetLayerDefn();
    for (std::size_t i = 0; i < m_schema.fields.size(); ++i)
        if (m_index[i] >= 0) out[m_schema.fields[i].canonical] = defn->GetFieldDefn(m_index[i])->GetNameRef();
    return out;
}

bool SourceFile::has_lonlat_columns() const {
    if (extension(m_path) != ".csv") return false;
    std::ifstream in(m_path, std::ios::binary);
    std::string header;
    std::getline(in, header);
    if (header.rfind("\xEF\xBB\xBF", 0) == 0) header.erase(0, 3);
    bool lon = false, lat = false;
    std::string name;
    std::istringstream fields(header);
    while (std::getline(fields, name, ',')) {
        name.erase(std::remove_if(name.begin(), name.end(),
                                  [](char c) { return c == '"' || c == '\r' || c == ' '; }),
                   name.end());
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        lon = lon || name == "lon" || name == "lng" || name == "longitude" || name == "经度";
        lat = lat || name == "lat" || name == "latitude" || name == "纬度";
    }
    return lon && lat;
}

std::optional<std::string> SourceFile::declared_crs() const {
    const OGRSpatialReference* srs = m_layer->GetSpatialRef();
    if (!srs) return std::nullopt;
    const char* auth = srs->GetAuthorityName(nullptr);
    const char* code = srs->GetAuthorityCode(nullptr);
    if (auth && code && std::string(auth) == "EPSG") return "EPSG:" + std::string(code);
    char* raw = nullptr;
    const char* opts[] = {"FORMAT=WKT2_2019", nullptr};
    OGRErr err = srs->exportToWkt(&raw, opts);
    CplString wkt(raw);
    if (err != OGRERR_NONE || !wkt) return std::nullopt;
    return std::string(wkt.get());
}

} // namespace wangge::layers
