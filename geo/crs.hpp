#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>

namespace wangge::geo {

/// A range of longitudes and latitudes in degrees (west may exceed east across the antimeridian).
struct LonLatBox {
    double west = 0, south = 0, east = 0, north = 0;
};

/// Facts about one coordinate reference system, read through PROJ.
struct CrsInfo {
    std::string definition; ///< as given: "EPSG:4547", a PROJ string or WKT
    std::string name;
    std::string wkt; ///< WKT2:2019
    int epsg = 0;    ///< 0 when the CRS has no EPSG identifier
    bool geographic = false;
    /// Where the CRS may be used (PROJ's area of use, from the EPSG registry); nullopt when the
    /// definition names none and no EPSG entry matches it.
    std::optional<LonLatBox> area_of_use;
};

/// Resolves a CRS definition (EPSG:n, WKT, PROJ string). Throws InputError when PROJ cannot.
CrsInfo describe_crs(const std::string& definition);

/// The CGCS2000 3-degree Gauss-Krüger CRS without zone prefix (EPSG:4534-4554) whose central
/// meridian is nearest to `longitude`: the usual projected CRS of Chinese municipal surveys.
int cgcs2000_gauss_kruger_epsg(double longitude);

/// Transforms coordinates between two CRSs with PROJ, always in traditional GIS order
/// (easting/longitude first), whatever axis order the CRSs declare.
///
/// Owns its PROJ context; one Transformer per thread.
class Transformer {
public:
    Transformer(const std::string& source, const std::string& target);
    ~Transformer();
    Transformer(Transformer&&) noexcept;
    Transformer& operator=(Transformer&&) noexcept;
    Transformer(const Transformer&) = delete;
    Transformer& operator=(const Transformer&) = delete;

    /// Transforms in place. Returns false when any point failed (its coordinates become HUGE_VAL).
    bool transform(std::span<double> x, std::span<double> y) const;

    /// True when source and target are the same CRS and transform() is a no-op.
    bool is_identity() const noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace wangge::geo
