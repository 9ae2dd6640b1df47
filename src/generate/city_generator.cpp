#include "src/generate/city_generator.hpp"

#include "geo/crs.hpp"
#include "geo/error.hpp"
#include "geo/phase_timer.hpp"
#include "geo/wkb.hpp"
#include "layers/dates.hpp"
#include "layers/text.hpp"
#include "layers/vector_writer.hpp"
#include "src/generate/lattice.hpp"
#include "src/generate/random.hpp"
#include "src/rules/calendar.hpp"
#include "src/rules/catalog.hpp"
#include "src/rules/rules.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <set>

namespace wangge::generate {
namespace {

namespace fs = std::filesystem;
using layers::VectorWriter;
using VW = VectorWriter;

constexpr const char* city_crs = "EPSG:4547"; // CGCS2000 / 3-degree Gauss-Kruger CM 114E
constexpr double origin_x = 480000, origin_y = 2480000, cell_size = 100;
constexpr int community_span = 8; // cells per community side
constexpr int street_span = 3;    // communities per street side

const char* district_names[] = {"罗湖区", "福田区", "南山区", "宝安区", "龙岗区",
                                "盐田区", "龙华区", "坪山区", "光明区"};
const char* syllables[] = {"东", "西", "南", "北", "桂", "园", "黄", "贝", "翠", "竹",
                           "莲", "塘", "清", "水", "河", "笋", "岗", "梅", "沙", "头",
                           "华", "富", "香", "蜜", "湖", "石", "龙", "凤", "新", "安"};
const char* states[] = {"完好", "破损", "丢失", "占用", "废弃", "移除"};
const double state_weights[] = {0.90, 0.05, 0.01, 0.02, 0.01, 0.01};

struct Dept {
    const char* code;
    const char* name;
};
const Dept departments[] = {{"GY01", "市政公用事业局"}, {"JT02", "交通运输局"},   {"CG03", "城市管理局"},
                            {"YL04", "园林绿化局"},     {"ZJ05", "住房和建设局"}, {"YJ06", "应急管理局"}};

struct GridCell {
    int c = 0, r = 0;
    std::string code;
    int district = 0;
};

struct Region {
    std::string code, name;
    std::vector<std::int64_t> cells;
};

struct City {
    std::vector<Region> districts, streets, communities;
    std::vector<GridCell> grids;
};

struct Defect {
    std::string rule, severity, district, code, other_code, note;
};

std::string two_syllables(Random& rnd) {
    return std::string(syllables[rnd.below(std::size(syllables))]) +
           syllables[rnd.below(std::size(syllables))];
}

std::string pad(long long v, int width) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%0*lld", width, v);
    return buf;
}

/// Splits [0, n) into `parts` runs of nearly equal length.
std::vector<int> split_evenly(int n, int parts) {
    std::vector<int> bounds;
    for (int p = 0; p <= parts; ++p)
        bounds.push_back(static_cast<int>(static_cast<long long>(n) * p / parts));
    return bounds;
}

City lay_out(const CityOptions& o, const Lattice& lat, Random& rnd) {
    City city;
    const int cols = lat.cols(), rows = lat.rows();
    int nd = std::min(o.districts, cols);
    std::vector<int> dcols = split_evenly(cols, nd);
    auto exists = [&](int c, int r) { return static_cast<long long>(r) * cols + c < o.grids; };
    for (int d = 0; d < nd; ++d) {
        std::string dcode = d < 9 ? std::to_string(440303 + d) : std::to_string(440400 + d);
        std::string dname = d < 9 ? district_names[d] : two_syllables(rnd) + "区";
        Region district{dcode, dname, {}};
        int c0 = dcols[static_cast<std::size_t>(d)], width = dcols[static_cast<std::size_t>(d) + 1] - c0;
        std::vector<int> pc = split_evenly(width, (width + community_span - 1) / community_span);
        std::vector<int> pr = split_evenly(rows, (rows + community_span - 1) / community_span);
        int ncp = static_cast<int>(pc.size()) - 1, nrp = static_cast<int>(pr.size()) - 1;
        int street_no = 0;
        for (int sq = 0; sq * street_span < nrp; ++sq)
            for (int sp = 0; sp * street_span < ncp; ++sp) {
                Region street{dcode + pad(street_no + 1, 3), two_syllables(rnd) + "街道", {}};
                int community_no = 0;
                for (int q = sq * street_span; q < std::min(nrp, (sq + 1) * street_span); ++q)
                    for (int p = sp * street_span; p < std::min(ncp, (sp + 1) * street_span); ++p) {
                        Region community{
                            street.code + pad(community_no + 1, 3), two_syllables(rnd) + "社区", {}};
                        int serial = 0;
                        for (int r = pr[static_cast<std::size_t>(q)]; r < pr[static_cast<std::size_t>(q) + 1];
                             ++r)
                            for (int c = c0 + pc[static_cast<std::size_t>(p)];
                                 c < c0 + pc[static_cast<std::size_t>(p) + 1]; ++c) {
                                if (!exists(c, r)) continue;
                                community.cells.push_back(static_cast<std::int64_t>(r) * cols + c);
                                city.grids.push_back({c, r, community.code + pad(++serial, 3), d});
                            }
                        if (community.cells.empty()) continue;
                        ++community_no;
                        street.cells.insert(street.cells.end(), community.cells.begin(),
                                            community.cells.end());
                        city.communities.push_back(std::move(community));
                    }
                if (street.cells.empty()) continue;
                ++street_no;
                district.cells.insert(district.cells.end(), street.cells.begin(), street.cells.end());
                city.streets.push_back(std::move(street));
            }
        if (!district.cells.empty()) city.districts.push_back(std::move(district));
    }
    return city;
}

std::string region_wkb(const Lattice& lat, const Region& region) {
    std::vector<std::vector<geo::Ring>> parts;
    for (auto& ring : lat.union_rings(region.cells)) parts.push_back({std::move(ring)});
    return geo::multipolygon_wkb(parts);
}

std::string file_name(const CityOptions& o, const std::string& layer) {
    return (fs::path(o.out_dir) / (layer + (o.format == "csv" ? ".csv" : ".shp"))).string();
}

/// Census and region layers go to shapefiles, one GeoPackage, or CSV with WKT.
class LayerSink {
public:
    explicit LayerSink(const CityOptions& o) : m_o(o) {
        if (o.format == "gpkg")
            m_gpkg = std::make_unique<VW>((fs::path(o.out_dir) / "city.gpkg").string(), "GPKG");
    }
    VW& begin(const std::string& layer, VW::Geometry g, std::vector<VW::Field> fields) {
        if (m_gpkg) {
            m_gpkg->begin_layer(layer, g, city_crs, std::move(fields));
            return *m_gpkg;
        }
        if (m_current) m_current->close();
        std::string driver = m_o.format == "csv" ? "CSV" : "ESRI Shapefile";
        m_current = std::make_unique<VW>(file_name(m_o, layer), driver,
                                         m_o.format == "shp" ? m_o.encoding : std::nullopt);
        m_current->begin_layer(layer, g, city_crs, std::move(fields));
        return *m_current;
    }
    void close() {
        if (m_current) m_current->close();
        if (m_gpkg) m_gpkg->close();
    }

private:
    const CityOptions& m_o;
    std::unique_ptr<VW> m_gpkg, m_current;
};

void write_regions(LayerSink& sink, const Lattice& lat, const std::string& layer, const char* code_field,
                   const char* name_field, const std::vector<Region>& regions) {
    VW& w = sink.begin(layer, VW::Geometry::polygon,
                       {{code_field, VW::Type::string, 12}, {name_field, VW::Type::string, 40}});
    for (const Region& r : regions) w.write({r.code, r.name}, region_wkb(lat, r));
}

class Generator {
public:
    explicit Generator(const CityOptions& o)
        : m_o(o), m_rnd(o.seed), m_catalog(rules::Catalog::load(o.catalog_path)),
          m_rules(rules::Rules::load(o.rules_path)),
          m_calendar(rules::WorkingCalendar::load(o.calendar_path)), m_lattice(make_lattice(o)),
          m_as_of(layers::local_seconds(o.as_of)) {
        for (const auto& e : m_catalog.entries())
            (e.kind == rules::ClassKind::component ? m_component_classes : m_event_classes).push_back(&e);
    }

    CitySummary run() {
        PhaseTimer timer;
        m_city = lay_out(m_o, m_lattice, m_rnd);
        if (m_o.defects) plan_grid_defects();
        LayerSink sink(m_o);
        write_regions(sink, m_lattice, "districts", "QXDM", "QXMC", m_city.districts);
        write_regions(sink, m_lattice, "streets", "JDDM", "JDMC", m_city.streets);
        write_regions(sink, m_lattice, "communities", "SQDM", "SQMC", m_city.communities);
        timer.lap("regions");
        write_grids(sink);
        timer.lap("grids");
        long long components = write_components(sink);
        sink.close();
        timer.lap("components");
        write_roster();
        long long cases = write_cases();
        timer.lap("roster and cases");
        if (m_o.defects) write_defects();
        CitySummary s;
        s.districts = static_cast<int>(m_city.districts.size());
        s.streets = static_cast<long long>(m_city.streets.size());
        s.communities = static_cast<long long>(m_city.communities.size());
        s.grids = static_cast<long long>(m_city.grids.size()) - static_cast<long long>(m_removed.size());
        s.components = components;
        s.cases = cases;
        s.staff = static_cast<long long>(m_collectors.size() + m_operators.size() + m_inspectors.size());
        s.defects = static_cast<long long>(m_defects.size());
        s.crs = city_crs;
        return s;
    }

private:
    static Lattice make_lattice(const CityOptions& o) {
        int cols = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(o.grids) * 1.25)));
        int rows = static_cast<int>((o.grids + cols - 1) / cols);
        return Lattice(cols, rows, origin_x, origin_y, cell_size, o.seed);
    }

    std::string date_of(long long local_seconds) const {
        return layers::format_local(local_seconds).substr(0, 10);
    }

    // --- grids -------------------------------------------------------------------------------

    /// Grid defects at interior cells three apart, so that no two defects touch.
    void plan_grid_defects() {
        std::vector<std::size_t> picks;
        const int cols = m_lattice.cols();
        for (std::size_t i = 0; i < m_city.grids.size() && picks.size() < 6; ++i) {
            const GridCell& g = m_city.grids[i];
            bool interior =
                g.c % 3 == 1 && g.r % 3 == 1 && g.c > 0 && g.r > 0 && g.c + 2 < cols &&
                static_cast<long long>(g.r + 2) * cols + g.c < static_cast<long long>(m_city.grids.size());
            // The neighbour to the right must share the community, for the overlap defect.
            bool same_community = i + 1 < m_city.grids.size() && m_city.grids[i + 1].c == g.c + 1 &&
                                  m_city.grids[i + 1].code.substr(0, 12) == g.code.substr(0, 12);
            if (interior && same_community && g.code.substr(12) <= "099" && i > 0 &&
                m_city.grids[i - 1].code.substr(0, 12) == g.code.substr(0, 12))
                picks.push_back(i);
        }
        if (picks.size() < 6) throw UsageError("--defects needs a larger city (try --grids 300 or more)");
        m_gap = picks[0];
        m_removed.insert(picks[0]);
        m_overlap = picks[1];
        m_spike = picks[2];
        m_duplicate = picks[3];
        m_legacy = picks[4];
        m_bad = picks[5];
        auto d = [&](std::size_t i) { return m_city.grids[i].code.substr(0, 6); };
        const auto& g = m_city.grids;
        m_defects.push_back({"grid.gap", "error", d(m_gap), "", "", "grid " + g[m_gap].code + " left out"});
        m_defects.push_back({"grid.overlap", "error", d(m_overlap), g[m_overlap].code, g[m_overlap + 1].code,
                             "east edge pushed 5 m into the neighbour"});
        m_defects.push_back(
            {"grid.invalid_geometry", "error", d(m_spike), g[m_spike].code, "", "ring with a spike"});
        m_defects.push_back({"grid.duplicate_code", "error", d(m_duplicate), g[m_duplicate - 1].code, "",
                             "second grid with the code of its western neighbour"});
        m_defects.push_back({"grid.legacy_code", "warning", d(m_legacy), grid_code_as_written(m_legacy), "",
                             "written with 14 digits"});
        m_defects.push_back({"grid.bad_code", "error", d(m_bad),
                             g[m_bad].code.substr(0, 6) + "X" + g[m_bad].code.substr(7), "",
                             "a letter in the code"});
    }

    std::string grid_code_as_written(std::size_t i) const {
        const std::string& code = m_city.grids[i].code;
        if (!m_o.defects) return code;
        if (i == m_duplicate) return m_city.grids[i - 1].code;
        if (i == m_legacy) return code.substr(0, 12) + code.substr(13);
        if (i == m_bad) return code.substr(0, 6) + "X" + code.substr(7);
        return code;
    }

    geo::Ring grid_ring(std::size_t i) const {
        const GridCell& g = m_city.grids[i];
        geo::Ring ring = m_lattice.cell_ring(g.c, g.r);
        if (m_o.defects && i == m_overlap) ring[3].x += 5.0; // east midpoint, into the neighbour
        if (m_o.defects && i == m_spike) {
            geo::XY inside = m_lattice.point_in_cell(g.c, g.r, 0.5, 0.4);
            ring.insert(ring.begin() + 2, {inside, ring[1]}); // bottom midpoint → inside → back
        }
        return ring;
    }

    void write_grids(LayerSink& sink) {
        VW& w = sink.begin("grids", VW::Geometry::polygon,
                           {{"BGID", VW::Type::string, 15},
                            {"WGMC", VW::Type::string, 40},
                            {"ORDate", VW::Type::date},
                            {"QYLB", VW::Type::string, 8}});
        for (std::size_t i = 0; i < m_city.grids.size(); ++i) {
            if (m_removed.count(i)) continue;
            const GridCell& g = m_city.grids[i];
            std::string initial = date_of(m_as_of - 86400LL * (400 + m_rnd.below(1500)));
            // Busier (二类) areas: the first street of every district.
            std::string cls = g.code.substr(6, 3) == "001" ? "二类" : "一类";
            w.write({grid_code_as_written(i), "网格" + g.code.substr(9), initial, cls},
                    geo::polygon_wkb({grid_ring(i)}));
        }
    }

    // --- components --------------------------------------------------------------------------

    const rules::ClassEntry& pick_component_class() {
        // Manhole covers and lamps dominate a real census.
        while (true) {
            const rules::ClassEntry* e = m_rnd.pick(m_component_classes);
            double weight = e->code.substr(0, 2) == "01" ? 1.0 : e->code.substr(0, 2) <= "03" ? 0.6 : 0.3;
            if (m_rnd.chance(weight)) return *e;
        }
    }

    std::size_t random_grid() {
        while (true) {
            std::size_t i =
                static_cast<std::size_t>(m_rnd.below(static_cast<long long>(m_city.grids.size())));
            if (!m_removed.count(i) && (!m_o.defects || i != m_bad)) return i;
        }
    }

    long long write_components(LayerSink& sink) {
        VW& w = sink.begin("components", VW::Geometry::point,
                           {{"ObjID", VW::Type::string, 17},
                            {"ObjName", VW::Type::string, 40},
                            {"DeptCode1", VW::Type::string, 12},
                            {"DeptName1", VW::Type::string, 40},
                            {"DeptCode2", VW::Type::string, 12},
                            {"DeptName2", VW::Type::string, 40},
                            {"DeptCode3", VW::Type::string, 12},
                            {"DeptName3", VW::Type::string, 40},
                            {"BGID", VW::Type::string, 15},
                            {"ObjState", VW::Type::string, 8},
                            {"ORDate", VW::Type::date},
                            {"CHDate", VW::Type::date},
                            {"DataSource", VW::Type::string, 12},
                            {"Note", VW::Type::string, 60}});
        std::map<std::string, long long> serials;
        std::vector<std::string> values(14);
        const long long n = m_o.components;
        const long long defect_base = m_o.defects ? n - 9 : n;
        std::map<std::string, std::string> last_code; // per district, for the duplicate defect
        for (long long k = 0; k < n; ++k) {
            std::size_t gi = random_grid();
            const GridCell& g = m_city.grids[gi];
            const rules::ClassEntry& cls = pick_component_class();
            std::string district = g.code.substr(0, 6);
            std::string code = district + cls.code + pad(++serials[district + cls.code], 6);
            const Dept& dept =
                departments[std::stoi(cls.code.substr(0, 2)) - 1 < 6 ? std::stoi(cls.code.substr(0, 2)) - 1
                                                                     : 5];
            // A census refreshed within the year, with a share of stale records unless defects are
            // wanted (then staleness is only what is injected).
            // Most of a census is refreshed within the year; a share is stale unless only the
            // injected defects should be.
            long long age_days =
                m_o.defects || m_rnd.chance(0.85) ? 10 + m_rnd.below(350) : 366 + m_rnd.below(700);
            long long initial = m_as_of - 86400LL * (age_days + 200 + m_rnd.below(900));
            std::string change =
                m_rnd.chance(0.6) || m_o.defects ? date_of(m_as_of - 86400LL * age_days) : "";
            if (change.empty()) initial = m_as_of - 86400LL * age_days;
            double u = m_rnd.uniform(0.2, 0.8), v = m_rnd.uniform(0.2, 0.8);
            geo::XY p = m_lattice.point_in_cell(g.c, g.r, u, v);
            std::string state = pick_state();
            values = {code,  cls.name,         dept.code, dept.name, "", "", "", "", grid_code_as_written(gi),
                      state, date_of(initial), change,    "实测",    ""};
            if (m_rnd.chance(0.5)) values[4] = district + "QS", values[5] = "区城市管理和综合执法局";
            if (m_rnd.chance(0.7))
                values[6] = district + "YH" + pad(1 + m_rnd.below(5), 2), values[7] = "养护公司";
            if (k >= defect_base) inject_component_defect(k - defect_base, values, p, g, last_code[district]);
            last_code[district] = values[0];
            w.write(values, {}, p.x, p.y);
        }
        return n;
    }

    std::string pick_state() {
        double x = m_rnd.uniform(), acc = 0;
        for (std::size_t i = 0; i < std::size(states); ++i)
            if (x < (acc += state_weights[i])) return states[i];
        return states[0];
    }

    void inject_component_defect(long long which, std::vector<std::string>& v, geo::XY& p, const GridCell& g,
                                 const std::string& previous_code) {
        std::string district = v[0].substr(0, 6);
        auto add = [&](const char* rule, const char* sev, const std::string& d, const std::string& note) {
            m_defects.push_back({rule, sev, d, v[0], "", note});
        };
        switch (which) {
        case 1:
            v[0] = "BJ" + v[0].substr(2);
            add("component.bad_code", "error", district, "letters in the code");
            break;
        case 0:
            v[0] = previous_code; // the code of an earlier component of the same district
            add("component.duplicate_code", "error", previous_code.substr(0, 6),
                "code of an earlier component");
            break;
        case 2:
            v[0] = district + "0999" + v[0].substr(10);
            add("component.unknown_class", "error", district, "class 0999");
            break;
        case 3: {
            std::string other =
                m_city.districts[(static_cast<std::size_t>(g.district) + 1) % m_city.districts.size()].code;
            v[0] = other + v[0].substr(6, 4) + "9" + v[0].substr(11); // a serial no real component has
            add("component.district_mismatch", "error", other,
                "code names district " + other + ", lies in " + district);
            break;
        }
        case 4:
            v[3].clear();
            add("component.missing_attribute", "error", district, "dept_name empty");
            break;
        case 5:
            v[8] = g.code.substr(0, 12) + "999";
            add("component.unknown_grid", "error", district, "grid serial 999");
            break;
        case 6: {
            geo::XY outside = m_lattice.point_in_cell(g.c, g.r - 1, 0.5, 0.5);
            if (g.r == 0) outside = m_lattice.point_in_cell(g.c, g.r + 1, 0.5, 0.5);
            p = outside;
            add("component.misplaced", "error", district, "stands in the neighbouring grid");
            break;
        }
        case 7:
            v[10] = date_of(m_as_of + 86400LL * 30);
            v[11].clear();
            add("component.bad_date", "error", district, "initial date in the future");
            break;
        case 8:
            v[10] = date_of(m_as_of - 86400LL * 500);
            v[11].clear();
            add("component.stale", "warning", district, "not updated for 500 days");
            break;
        default:
            break;
        }
    }

    // --- staff and cases ---------------------------------------------------------------------

    void write_roster() {
        // One collector per 15 grids in code order, two shifts; operators on 7×24 duty.
        std::vector<std::size_t> order(m_city.grids.size());
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::sort(order.begin(), order.end(),
                  [&](auto a, auto b) { return m_city.grids[a].code < m_city.grids[b].code; });
        m_grid_collector.assign(m_city.grids.size(), 0);
        std::string path = (fs::path(m_o.out_dir) / "roster.csv").string();
        std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "wb"), &std::fclose);
        if (!f) throw InputError(path + ": cannot write");
        std::fputs("person_id,name,role,grids,shift\n", f.get());
        for (std::size_t start = 0; start < order.size(); start += 15) {
            std::string id = "C" + pad(static_cast<long long>(m_collectors.size()) + 1, 5), grids;
            for (std::size_t k = start; k < std::min(order.size(), start + 15); ++k) {
                if (m_removed.count(order[k])) continue;
                grids += (grids.empty() ? "" : ";") + m_city.grids[order[k]].code;
                m_grid_collector[order[k]] = m_collectors.size();
            }
            std::fprintf(f.get(), "%s,采集员%s,collector,%s,%s\n", id.c_str(), id.c_str() + 1, grids.c_str(),
                         m_collectors.size() % 2 ? "08:00-14:30" : "14:30-21:00");
            m_collectors.push_back(id);
        }
        long long operators = std::max<long long>(6, static_cast<long long>(m_city.grids.size()) / 2000);
        for (long long i = 0; i < operators; ++i) {
            std::string id = "O" + pad(i + 1, 4);
            std::fprintf(f.get(), "%s,操作员%s,operator,,%s\n", id.c_str(), id.c_str() + 1,
                         i % 3 == 2 ? "night" : "day");
            m_operators.push_back(id);
        }
        long long inspectors = std::max<long long>(2, static_cast<long long>(m_city.grids.size()) / 5000);
        for (long long i = 0; i < inspectors; ++i) {
            std::string id = "I" + pad(i + 1, 4);
            std::fprintf(f.get(), "%s,督查员%s,inspector,,day\n", id.c_str(), id.c_str() + 1);
            m_inspectors.push_back(id);
        }
    }

    long long deadline_of(const rules::ClassEntry& cls, long long start) const {
        if (cls.clock == rules::Clock::natural) return start + static_cast<long long>(cls.limit_hours * 3600);
        return m_calendar.add_working_hours(start, cls.limit_hours, m_rules.working_hours);
    }

    long long write_cases();
    void write_defects() const;

    const CityOptions& m_o;
    Random m_rnd;
    rules::Catalog m_catalog;
    rules::Rules m_rules;
    rules::WorkingCalendar m_calendar;
    Lattice m_lattice;
    long long m_as_of;
    City m_city;
    std::vector<const rules::ClassEntry*> m_component_classes, m_event_classes;
    std::set<std::size_t> m_removed;
    std::size_t m_gap = 0, m_overlap = 0, m_spike = 0, m_duplicate = 0, m_legacy = 0, m_bad = 0;
    std::vector<Defect> m_defects;
    std::vector<std::size_t> m_grid_collector;
    std::vector<std::string> m_collectors, m_operators, m_inspectors;
};

/// The time itself when it falls in the 08:00–21:00 shifts, else as long after 08:00 the next
/// morning as it was after the shift ended.
long long on_shift(long long t) {
    long long day = t / 86400, sec = t % 86400;
    if (sec < 8 * 3600) return day * 86400 + 8 * 3600 + sec;
    if (sec >= 21 * 3600) return (day + 1) * 86400 + 8 * 3600 + (sec - 21 * 3600);
    return t;
}

std::string csv_time(long long t) {
    return t ? layers::format_local(t, ' ') : std::string();
}

long long Generator::write_cases() {
    std::string path = (fs::path(m_o.out_dir) / "cases.csv").string();
    std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "wb"), &std::fclose);
    if (!f) throw InputError(path + ": cannot write");
    std::fputs(
        "case_id,source,kind,class_code,grid_code,reporter_id,reported_at,verify_sent_at,verified_at,"
        "verifier_id,filed_at,filer_id,dispatched_at,dispatcher_id,dept_code,deadline,disposed_at,"
        "check_sent_at,checked_at,checker_id,closed_at,rework,voided,supervised,suspended,satisfaction,"
        "lon,lat\n",
        f.get());
    geo::Transformer to_lonlat(city_crs, "EPSG:4490");
    const long long window = 365LL * 86400;
    const long long chunk = 65536;
    std::vector<double> xs, ys;
    std::vector<std::string> lines;
    for (long long done = 0; done < m_o.cases; done += chunk) {
        long long n = std::min(chunk, m_o.cases - done);
        xs.clear(), ys.clear(), lines.clear();
        for (long long k = 0; k < n; ++k) {
            std::size_t gi = random_grid();
            const GridCell& g = m_city.grids[gi];
            geo::XY p =
                m_lattice.point_in_cell(g.c, g.r, m_rnd.uniform(0.05, 0.95), m_rnd.uniform(0.05, 0.95));
            xs.push_back(p.x), ys.push_back(p.y);
            bool component = m_rnd.chance(0.45);
            const auto& pool = component ? m_component_classes : m_event_classes;
            const rules::ClassEntry& cls = *m_rnd.pick(pool);
            double s = m_rnd.uniform();
            std::string source = s < 0.80 ? "collector" : s < 0.95 ? "public" : "inspector";
            std::string collector = m_collectors[m_grid_collector[gi]];
            std::string reporter = source == "collector"   ? collector
                                   : source == "inspector" ? m_rnd.pick(m_inspectors)
                                                           : "";
            long long day = (m_as_of - window) / 86400 + m_rnd.below(365);
            long long reported = day * 86400 + 8 * 3600 + m_rnd.below(13 * 3600);
            long long verify_sent = 0, verified = 0, filed = 0, dispatched = 0, deadline = 0, disposed = 0,
                      check_sent = 0, checked = 0, closed = 0;
            std::string verifier, filer, dispatcher, dept, checker, satisfaction;
            long long rework = 0;
            bool voided = false, supervised = m_rnd.chance(0.03), suspended = false;
            long long t = reported;
            if (source == "public") {
                verify_sent = t + 120 + m_rnd.below(1200);
                verified = verify_sent + 300 + m_rnd.below(5000);
                verifier = collector;
                t = verified;
            }
            if (m_rnd.chance(0.92)) {
                filed = t + 300 + m_rnd.below(2400);
                filer = m_rnd.pick(m_operators);
                voided = m_rnd.chance(0.02);
                if (!voided) {
                    dispatched = filed + 180 + m_rnd.below(2400);
                    dispatcher = filer;
                    int major = std::stoi(cls.code.substr(0, 2));
                    dept = departments[component ? std::min(major, 6) - 1 : (major % 6)].code;
                    deadline = deadline_of(cls, dispatched);
                    suspended = m_rnd.chance(0.01);
                    if (!suspended) {
                        double limit = static_cast<double>(deadline - dispatched);
                        double share =
                            m_rnd.chance(0.8) ? m_rnd.uniform(0.1, 0.95) : m_rnd.uniform(1.05, 3.0);
                        disposed = dispatched + static_cast<long long>(limit * share);
                        rework = m_rnd.chance(0.05) ? 1 + m_rnd.below(2) : 0;
                        // Collectors check and operators close in their shifts (08:00–21:00).
                        check_sent = on_shift(disposed + 300 + m_rnd.below(1500) + rework * 86400);
                        checked = on_shift(check_sent + 600 + m_rnd.below(4200));
                        checker = collector;
                        closed = on_shift(checked + 300 + m_rnd.below(1500));
                        if (source == "public" && m_rnd.chance(0.7)) {
                            double x = m_rnd.uniform();
                            satisfaction = x < 0.7 ? "satisfied" : x < 0.9 ? "basic" : "unsatisfied";
                        }
                    }
                }
            }
            // The log is a snapshot at the as-of date: later steps have not happened yet.
            long long* steps[] = {&verify_sent, &verified,   &filed,   &dispatched,
                                  &disposed,    &check_sent, &checked, &closed};
            bool cut = false;
            for (long long* st : steps) {
                if (*st && *st >= m_as_of) cut = true;
                if (cut) *st = 0;
            }
            if (!closed) satisfaction.clear();
            if (!filed) deadline = 0, voided = false;
            char buf[1024];
            std::snprintf(
                buf, sizeof buf,
                "C%s%08lld,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%lld,%d,%d,%d,%s,",
                layers::format_local(reported).substr(0, 4).c_str(), done + k + 1, source.c_str(),
                component ? "component" : "event", cls.code.c_str(), g.code.c_str(), reporter.c_str(),
                csv_time(reported).c_str(), csv_time(verify_sent).c_str(), csv_time(verified).c_str(),
                verified ? verifier.c_str() : "", csv_time(filed).c_str(), filed ? filer.c_str() : "",
                csv_time(dispatched).c_str(), dispatched ? dispatcher.c_str() : "",
                dispatched ? dept.c_str() : "", csv_time(deadline).c_str(), csv_time(disposed).c_str(),
                csv_time(check_sent).c_str(), csv_time(checked).c_str(), checked ? checker.c_str() : "",
                csv_time(closed).c_str(), closed ? rework : 0LL, voided ? 1 : 0, supervised ? 1 : 0,
                suspended ? 1 : 0, satisfaction.c_str());
            lines.emplace_back(buf);
        }
        if (!to_lonlat.transform(xs, ys)) throw BackendError("PROJ failed to compute case longitudes");
        for (std::size_t k = 0; k < lines.size(); ++k)
            std::fprintf(f.get(), "%s%.7f,%.7f\n", lines[k].c_str(), xs[k], ys[k]);
    }
    if (std::fflush(f.get()) != 0) throw BackendError(path + ": write failed");
    return m_o.cases;
}

void Generator::write_defects() const {
    std::string path = (fs::path(m_o.out_dir) / "defects.csv").string();
    std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "wb"), &std::fclose);
    if (!f) throw InputError(path + ": cannot write");
    std::fputs("rule,severity,district,code,other_code,note\n", f.get());
    for (const Defect& d : m_defects)
        std::fprintf(f.get(), "%s,%s,%s,%s,%s,%s\n", d.rule.c_str(), d.severity.c_str(), d.district.c_str(),
                     layers::csv_field(d.code).c_str(), layers::csv_field(d.other_code).c_str(),
                     layers::csv_field(d.note).c_str());
}

} // namespace

CitySummary generate_city(const CityOptions& options) {
    if (options.districts < 1) throw UsageError("--districts must be at least 1");
    if (options.grids < 1) throw UsageError("--grids must be at least 1");
    if (options.components < 0 || options.cases < 0)
        throw UsageError("--components and --cases cannot be negative");
    if (options.format != "shp" && options.format != "gpkg" && options.format != "csv")
        throw UsageError("--format must be shp, gpkg or csv");
    if (!layers::parse_date(options.as_of)) throw UsageError("--as-of must be a date YYYY-MM-DD");
    fs::create_directories(options.out_dir);
    for (const char* name : {"districts", "streets", "communities", "grids", "components"})
        for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg", ".csv"})
            fs::remove(fs::path(options.out_dir) / (std::string(name) + ext));
    fs::remove(fs::path(options.out_dir) / "city.gpkg");
    fs::remove(fs::path(options.out_dir) / "defects.csv");
    Generator g(options);
    return g.run();
}

} // namespace wangge::generate
