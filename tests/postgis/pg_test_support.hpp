#pragma once

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include <cstdlib>
#include <string>
#include <unistd.h>

namespace wangge::test {

/// The throwaway server tests/run.sh starts: a libpq key/value DSN and the same as a URI.
inline std::string pg_dsn() {
    const char* v = std::getenv("WANGGE_TEST_PG");
    return v ? v : "";
}
inline std::string pg_uri() {
    const char* v = std::getenv("WANGGE_TEST_PG_URI");
    return v ? v : "";
}

/// The address of `database` on the test server, as `user[:password]`.
inline std::string pg_uri_for(const std::string& database, const std::string& user_info = "postgres") {
    std::string base = pg_uri(); // postgresql://postgres@host:port/db
    std::size_t at = base.find('@'), slash = base.rfind('/');
    return "postgresql://" + user_info + base.substr(at, slash - at) + "/" + database;
}

/// A schema of the test database of its own for one test, dropped with everything in it after.
class PgSchema {
public:
    explicit PgSchema(const std::string& stem)
        : m_name("t_" + stem + "_" + std::to_string(::getpid()) + "_" + std::to_string(++counter())) {
        drop();
    }
    ~PgSchema() { drop(); }
    PgSchema(const PgSchema&) = delete;
    PgSchema& operator=(const PgSchema&) = delete;
    const std::string& name() const { return m_name; }
    std::string uri() const { return pg_uri() + "?schema=" + m_name; }
    /// One value from the workspace's tables (search path: the schema, then PostGIS's).
    std::string query(const std::string& sql) const {
        pqxx::connection c{pg_dsn()};
        pqxx::nontransaction n(c);
        n.exec("SET search_path = " + m_name + ", public");
        pqxx::result r = n.exec(sql);
        return r.empty() || r[0][0].is_null() ? "" : r[0][0].as<std::string>();
    }

private:
    void drop() {
        try {
            pqxx::connection c{pg_dsn()};
            pqxx::nontransaction n(c);
            n.exec("DROP SCHEMA IF EXISTS " + m_name + " CASCADE");
        } catch (...) {
        }
    }
    static int& counter() {
        static int n = 0;
        return n;
    }
    std::string m_name;
};

} // namespace wangge::test

/// Skips a test when no server was started, except in CI, where every PostGIS test must run.
#define WANGGE_REQUIRE_POSTGIS()                                                                             \
    do {                                                                                                     \
        if (::wangge::test::pg_dsn().empty() || ::wangge::test::pg_uri().empty()) {                          \
            const char* ci = std::getenv("CI");                                                              \
            if (ci && std::string(ci) == "true")                                                             \
                FAIL() << "WANGGE_TEST_PG(_URI) is not set, and CI needs PostGIS tests";                     \
            GTEST_SKIP() << "WANGGE_TEST_PG(_URI) not set (tests/run.sh starts a server)";                   \
        }                                                                                                    \
    } while (0)
