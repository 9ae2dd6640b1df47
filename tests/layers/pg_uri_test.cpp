#include "geo/error.hpp"
#include "layers/pg_uri.hpp"
#include "layers/store.hpp"

#include <gtest/gtest.h>

using namespace wangge::layers;

TEST(PgUri, PasswordsNeverReachAMessage) {
    EXPECT_EQ(redact_uri("postgresql://city:s3cr%40t@db.example:5432/gis?schema=shenzhen"),
              "postgresql://city:***@db.example:5432/gis?schema=shenzhen");
    EXPECT_EQ(redact_uri("postgres://db/gis?user=city&password=s3cret&sslmode=require"),
              "postgres://db/gis?user=city&password=***&sslmode=require");
    EXPECT_EQ(redact_uri("postgresql://city@db/gis"), "postgresql://city@db/gis");
    EXPECT_EQ(redact_uri("postgresql:///gis?password=x"), "postgresql:///gis?password=***");
    EXPECT_EQ(redact_uri("/data/city:1@2.gpkg"), "/data/city:1@2.gpkg");
}

TEST(PgUri, SchemaIsOursTheRestIsLibpqs) {
    PgUri u = parse_pg_uri(
        "postgresql://city:pw@db:5433/gis?sslmode=disable&schema=shenzhen_2026&connect_timeout=3");
    EXPECT_EQ(u.schema, "shenzhen_2026");
    EXPECT_EQ(u.conninfo, "postgresql://city:pw@db:5433/gis?sslmode=disable&connect_timeout=3");
    EXPECT_EQ(u.redacted.find("pw@"), std::string::npos);
    EXPECT_EQ(parse_pg_uri("postgresql://db/gis").schema, "wangge");
    EXPECT_EQ(parse_pg_uri("postgresql://db/gis?schema=a").conninfo, "postgresql://db/gis");
    EXPECT_THROW(parse_pg_uri("postgresql://db/gis?schema=x;drop"), wangge::UsageError);
    EXPECT_THROW(parse_pg_uri("postgresql://db/gis?schema=Shenzhen"), wangge::UsageError);
    EXPECT_TRUE(is_postgis_uri("postgres://db/gis"));
    EXPECT_FALSE(is_postgis_uri("city.gpkg"));
}
