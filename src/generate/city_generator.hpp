#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace wangge::generate {

/// What `wangge generate` builds.
struct CityOptions {
    std::string out_dir;
    int districts = 3;
    long long grids = 600;
    long long components = 12000;
    long long cases = 20000;
    std::uint64_t seed = 1;
    std::string format = "shp";          ///< census and region layers: shp, gpkg or csv
    std::optional<std::string> encoding; ///< shapefile text encoding, e.g. GBK
    std::string as_of;                   ///< YYYY-MM-DD the census and case log end at
    bool defects = false;                ///< inject the census defects listed in defects.csv
    std::string catalog_path;            ///< class catalogue to draw component and event classes from
    std::string calendar_path;           ///< working calendar, for case deadlines
    std::string rules_path;              ///< rules (working hours)
};

struct CitySummary {
    int districts = 0;
    long long streets = 0, communities = 0, grids = 0, components = 0, cases = 0, staff = 0, defects = 0;
    std::string crs;
};

/// Generates a deterministic synthetic city (same options, same files): districts, streets,
/// communities and unit grids that tile the area exactly (irregular cells of about 10,000 m² on a
/// jittered lattice, in CGCS2000 / 3-degree Gauss-Kruger CM 114E), components of the catalogue's
/// classes with every attribute, a year of cases with their workflow timestamps, and a staff
/// roster. Writes districts, streets, communities, grids and components in `format`, and
/// cases.csv (lon/lat, EPSG:4490) and roster.csv.
CitySummary generate_city(const CityOptions& options);

} // namespace wangge::generate
