// The throwaway PostGIS server that tests/run.sh starts: reachable, with PostGIS, computing the
// same areas as GEOS does here.

#include "tests/postgis/pg_test_support.hpp"

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

using wangge::test::pg_dsn;

namespace {
std::string dsn() {
    return pg_dsn();
}
} // namespace

TEST(PostgisSmoke, ServerHasPostgis) {
    WANGGE_REQUIRE_POSTGIS();
    pqxx::connection c{dsn()};
    pqxx::work w{c};
    std::string version = w.exec1("SELECT PostGIS_Lib_Version()")[0].as<std::string>();
    EXPECT_EQ(version.substr(0, 2), "3.");
    double area =
        w.exec1("SELECT ST_Area(ST_Transform(ST_GeomFromText("
                "'POLYGON((505000 2494000,505100 2494000,505100 2494100,505000 2494100,505000 2494000))',"
                " 4547), 4547))")[0]
            .as<double>();
    EXPECT_NEAR(area, 10000.0, 1e-6);
    std::string srs = w.exec1("SELECT srtext FROM spatial_ref_sys WHERE srid = 4547")[0].as<std::string>();
    EXPECT_NE(srs.find("114"), std::string::npos);
}

TEST(PostgisSmoke, WorkspaceSchemaLoadsAndHoldsAGrid) {
    WANGGE_REQUIRE_POSTGIS();
    std::ifstream in(WANGGE_SOURCE_SQL_DIR "/001_workspace.sql");
    ASSERT_TRUE(in) << "sql/001_workspace.sql not found";
    std::stringstream ss;
    ss << in.rdbuf();
    std::string sql = ss.str();
    for (auto [from, to] : {std::pair<std::string, std::string>{"{{schema}}", "smoke_ws"}}) {
        for (auto pos = sql.find(from); pos != std::string::npos; pos = sql.find(from, pos))
            sql.replace(pos, from.size(), to);
    }
    pqxx::connection c{dsn()};
    pqxx::work w{c};
    w.exec0("DROP SCHEMA IF EXISTS smoke_ws CASCADE");
    w.exec0(sql);
    w.exec0("INSERT INTO smoke_ws.grids (code, district, geom) VALUES ('440303001001001', '440303', "
            "ST_Multi(ST_GeomFromText('POLYGON((505000 2494000,505100 2494000,505100 2494100,505000 "
            "2494100,505000 "
            "2494000))', 4547)))");
    EXPECT_NEAR(w.exec1("SELECT ST_Area(geom) FROM smoke_ws.grids")[0].as<double>(), 10000.0, 1e-6);
    EXPECT_THROW(w.exec0("INSERT INTO smoke_ws.grids (geom) VALUES (ST_GeomFromText('POINT(0 0)', 4547))"),
                 pqxx::sql_error);
}
