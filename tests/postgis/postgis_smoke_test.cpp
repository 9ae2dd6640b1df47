// The throwaway PostGIS server that tests/run.sh starts: reachable, with PostGIS, computing the
// same areas as GEOS does here.

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include <cstdlib>
#include <string>

namespace {

std::string dsn() {
    const char* v = std::getenv("WANGGE_TEST_PG");
    return v ? v : "";
}

} // namespace

#define WANGGE_REQUIRE_POSTGIS()                                                                                      \
    do {                                                                                                              \
        if (dsn().empty()) {                                                                                          \
            const char* ci = std::getenv("CI");                                                                       \
            if (ci && std::string(ci) == "true") FAIL() << "WANGGE_TEST_PG is not set, and CI needs PostGIS tests"; \
            GTEST_SKIP() << "WANGGE_TEST_PG not set (tests/run.sh starts a server)";                                 \
        }                                                                                                             \
    } while (0)

TEST(PostgisSmoke, ServerHasPostgis) {
    WANGGE_REQUIRE_POSTGIS();
    pqxx::connection c{dsn()};
    pqxx::work w{c};
    std::string version = w.exec1("SELECT PostGIS_Lib_Version()")[0].as<std::string>();
    EXPECT_EQ(version.substr(0, 2), "3.");
    double area = w.exec1("SELECT ST_Area(ST_Transform(ST_GeomFromText("
                          "'POLYGON((505000 2494000,505100 2494000,505100 2494100,505000 2494100,505000 2494000))',"
                          " 4547), 4547))")[0]
                      .as<double>();
    EXPECT_NEAR(area, 10000.0, 1e-6);
    std::string srs = w.exec1("SELECT srtext FROM spatial_ref_sys WHERE srid = 4547")[0].as<std::string>();
    EXPECT_NE(srs.find("114"), std::string::npos);
}
