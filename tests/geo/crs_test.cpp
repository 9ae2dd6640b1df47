#include "geo/crs.hpp"
#include "geo/error.hpp"

#include <gtest/gtest.h>

using namespace wangge;

TEST(Crs, DescribesGaussKrugerZone) {
    geo::CrsInfo info = geo::describe_crs("EPSG:4547");
    EXPECT_EQ(info.epsg, 4547);
    EXPECT_FALSE(info.geographic);
    EXPECT_NE(info.name.find("114E"), std::string::npos) << info.name;
    EXPECT_TRUE(geo::describe_crs("EPSG:4490").geographic);
}

TEST(Crs, UnknownCodeIsInputErrorWithProjReason) {
    try {
        geo::describe_crs("EPSG:999999");
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        std::string msg = e.what();
        EXPECT_NE(msg.find("EPSG:999999"), std::string::npos) << msg;
        EXPECT_NE(msg.find("crs not found"), std::string::npos) << msg;
    }
}

TEST(Crs, IdentifiesEsriWktWithoutAuthority) {
    // A .prj as ESRI tools write it: no AUTHORITY node.
    const char* prj =
        R"(PROJCS["CGCS2000_3_Degree_GK_CM_114E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",114.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]])";
    geo::CrsInfo info = geo::describe_crs(prj);
    EXPECT_FALSE(info.geographic);
    EXPECT_EQ(info.epsg, 4547);
}

TEST(Crs, GaussKrugerZoneForLongitude) {
    EXPECT_EQ(geo::cgcs2000_gauss_kruger_epsg(114.058), 4547);
    EXPECT_EQ(geo::cgcs2000_gauss_kruger_epsg(113.6), 4547);
    EXPECT_EQ(geo::cgcs2000_gauss_kruger_epsg(116.4), 4548);  // Beijing, CM 117E
    EXPECT_EQ(geo::cgcs2000_gauss_kruger_epsg(121.47), 4549); // Shanghai, CM 120E
}

TEST(Transformer, LonLatToGaussKrugerInTraditionalOrder) {
    // Check value from conventions.md §6.1: EPSG:4547 declares northing first; we always use x=east.
    geo::Transformer t("EPSG:4490", "EPSG:4547");
    std::vector<double> x{114.058}, y{22.543};
    ASSERT_TRUE(t.transform(x, y));
    EXPECT_NEAR(x[0], 505966.137, 0.01);
    EXPECT_NEAR(y[0], 2493930.176, 0.01);
}

TEST(Transformer, ZonedCodeHasZonePrefixInEasting) {
    geo::Transformer t("EPSG:4547", "EPSG:4526");
    std::vector<double> x{505966.137}, y{2493930.176};
    ASSERT_TRUE(t.transform(x, y));
    EXPECT_NEAR(x[0], 38505966.137, 0.01);
    EXPECT_NEAR(y[0], 2493930.176, 0.01);
}

TEST(Transformer, SameCrsIsIdentity) {
    geo::Transformer t("EPSG:4547", "EPSG:4547");
    EXPECT_TRUE(t.is_identity());
    EXPECT_FALSE(geo::Transformer("EPSG:4490", "EPSG:4547").is_identity());
}

TEST(Transformer, ReportsPointsOutsideTheProjection) {
    geo::Transformer t("EPSG:4490", "EPSG:4547");
    std::vector<double> x{500000.0}, y{2500000.0}; // projected numbers given as degrees
    EXPECT_FALSE(t.transform(x, y));
}

TEST(Crs, AnEsriPrjIsIdentifiedAsItsEpsgCode) {
    // No identifier in the WKT: PROJ's identification finds EPSG:4547 with confidence.
    auto info = wangge::geo::describe_crs(
        "PROJCS[\"CGCS2000_3_Degree_GK_CM_114E\",GEOGCS[\"GCS_China_Geodetic_Coordinate_System_2000\","
        "DATUM[\"D_China_2000\",SPHEROID[\"CGCS2000\",6378137.0,298.257222101]],PRIMEM[\"Greenwich\",0.0],"
        "UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Gauss_Kruger\"],PARAMETER[\"False_Easting\",500000.0],"
        "PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",114.0],PARAMETER[\"Scale_Factor\",1.0],"
        "PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]");
    EXPECT_EQ(info.epsg, 4547);
    EXPECT_TRUE(info.area_of_use);
}
