// The commands on a PostGIS workspace: the same answers as on GeoPackage, atomic imports, clear
// messages for a wrong password or a database without PostGIS, migrations, and readers that see
// the old census or the new one while an import runs.

#include "layers/pg_migrations.hpp"
#include "tests/postgis/pg_test_support.hpp"
#include "tests/support/test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <mutex>
#include <set>
#include <sys/wait.h>
#include <thread>

using nlohmann::json;
using wangge::test::PgSchema;
using wangge::test::run_shell;
using wangge::test::run_wangge;
using wangge::test::TempDir;

namespace {

/// A small generated city, imported into a GeoPackage and into a PostGIS schema the same way.
class PostgisCity : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        if (wangge::test::pg_uri().empty()) return;
        city = new TempDir;
        auto g = run_wangge({"generate", "--out", city->file("city"), "--grids", "150", "--components", "600",
                             "--cases", "800", "--seed", "5", "--as-of", "2026-11-27"});
        ASSERT_EQ(g.status, 0) << g.err;
        schema = new PgSchema("city");
        for (const std::string& ws : {gpkg(), schema->uri()}) import_city(ws);
    }

    static void import_city(const std::string& ws) {
        ASSERT_EQ(run_wangge({"init", "--workspace", ws}).status, 0);
        for (const char* layer : {"districts", "grids", "components"}) {
            auto r = run_wangge(
                {"import", layer, city->file("city/" + std::string(layer) + ".shp"), "--workspace", ws});
            ASSERT_EQ(r.status, 0) << r.err;
        }
        for (const char* layer : {"cases", "roster"}) {
            auto r = run_wangge({"import", layer, city->file("city/" + std::string(layer) + ".csv"),
                                 "--workspace", ws, "--srs", "EPSG:4490"});
            ASSERT_EQ(r.status, 0) << r.err;
        }
    }

    static void TearDownTestSuite() {
        delete schema;
        delete city;
        schema = nullptr;
        city = nullptr;
    }

    void SetUp() override { WANGGE_REQUIRE_POSTGIS(); }

    static std::string gpkg() { return city->file("city.gpkg"); }
    static std::string postgis() { return schema->uri(); }

    static inline TempDir* city = nullptr;
    static inline PgSchema* schema = nullptr;
};

/// Equal JSON, numbers within 1e-9 (relative for large ones).
void expect_same_json(const json& a, const json& b, const std::string& path) {
    if (a.is_number() && b.is_number()) {
        double x = a.get<double>(), y = b.get<double>();
        EXPECT_LE(std::fabs(x - y), 1e-9 * std::max(1.0, std::fabs(x))) << path;
        return;
    }
    ASSERT_EQ(a.type(), b.type()) << path;
    if (a.is_object()) {
        ASSERT_EQ(a.size(), b.size()) << path;
        for (auto it = a.begin(); it != a.end(); ++it) {
            ASSERT_TRUE(b.contains(it.key())) << path << "/" << it.key();
            expect_same_json(it.value(), b[it.key()], path + "/" + it.key());
        }
    } else if (a.is_array()) {
        ASSERT_EQ(a.size(), b.size()) << path;
        for (std::size_t i = 0; i < a.size(); ++i)
            expect_same_json(a[i], b[i], path + "/" + std::to_string(i));
    } else {
        EXPECT_EQ(a, b) << path;
    }
}

json read_json(const std::string& path) {
    return json::parse(wangge::test::read_file(path));
}

/// The tiles of an MBTiles file as "z/x/y hex" lines, sorted.
std::string tile_listing(const std::string& mbtiles) {
    return wangge::test::sqlite(mbtiles,
                                "SELECT zoom_level || '/' || tile_column || '/' || tile_row || ' ' || "
                                "hex(tile_data) FROM tiles ORDER BY 1");
}

/// GET on a local port; the body, or "" when the server does not answer.
std::string http_get(int port, const std::string& path) {
    return run_shell("curl -s --max-time 5 http://127.0.0.1:" + std::to_string(port) + path).out;
}

} // namespace

TEST_F(PostgisCity, ValidateAssessAndTilesGiveTheSameAnswersAsGeoPackage) {
    TempDir d;
    for (auto [name, ws] : {std::pair<std::string, std::string>{"gpkg", gpkg()}, {"pg", postgis()}}) {
        auto v = run_wangge({"validate", "--workspace", ws, "--as-of", "2026-11-27", "--json",
                             d.file(name + "_census.json")});
        ASSERT_EQ(v.status, 0) << v.err;
        auto a = run_wangge({"assess", "--workspace", ws, "--period", "2026-10", "--level", "all", "--json",
                             d.file(name + "_assess.json")});
        ASSERT_EQ(a.status, 0) << a.err;
        wangge::test::write_file(d.file("checklist.txt"), "platform = 440303\norganisation = 4\n");
        auto p = run_wangge({"platform", "--workspace", ws, "--period", "2026-10", "--checklist",
                             d.file("checklist.txt"), "--json", d.file(name + "_platform.json")});
        ASSERT_EQ(p.status, 0) << p.err;
        auto t = run_wangge({"tiles", "--workspace", ws, "--period", "2026-10", "--layer", "grid", "--zoom",
                             "11-14", "--out", d.file(name + ".mbtiles")});
        ASSERT_EQ(t.status, 0) << t.err;
    }
    json census = read_json(d.file("pg_census.json"));
    ASSERT_GT(census.dump().size(), 1000u);
    expect_same_json(read_json(d.file("gpkg_census.json")), census, "census");
    json assessment = read_json(d.file("pg_assess.json"));
    expect_same_json(read_json(d.file("gpkg_assess.json")), assessment, "assess");
    expect_same_json(read_json(d.file("gpkg_platform.json")), read_json(d.file("pg_platform.json")),
                     "platform");
    std::string tiles = tile_listing(d.file("pg.mbtiles"));
    EXPECT_GT(std::count(tiles.begin(), tiles.end(), '\n'), 5);
    EXPECT_EQ(tiles, tile_listing(d.file("gpkg.mbtiles")));
    // And one tile drawn on its own.
    auto one = run_wangge({"tile", "13", "6678", "3563", "--workspace", postgis(), "--layer", "grid",
                           "--period", "2026-10", "--format", "mvt", "--out", d.file("one.mvt")});
    EXPECT_EQ(one.status, 0) << one.err;
}

TEST_F(PostgisCity, AKilledImportLeavesNoRowOfIt) {
    const std::string components = schema->query("SELECT count(*) FROM components");
    const std::string submissions = schema->query("SELECT count(*) FROM submissions");
    for (const std::string fault : {"import.row:400:kill", "import.commit:1:kill", "import.row:200:term"}) {
        SCOPED_TRACE(fault);
        setenv("WANGGE_FAULT", fault.c_str(), 1);
        auto killed =
            run_wangge({"import", "components", city->file("city/components.shp"), "--workspace", postgis()});
        unsetenv("WANGGE_FAULT");
        EXPECT_NE(killed.status, 0);
        // The server rolled the import back when its connection ended.
        for (int i = 0;
             i < 50 && schema->query("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY%' AND "
                                     "pid <> pg_backend_pid()") != "0";
             ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        EXPECT_EQ(schema->query("SELECT count(*) FROM components"), components);
        EXPECT_EQ(schema->query("SELECT count(*) FROM submissions"), submissions);
        auto next = run_wangge({"validate", "--workspace", postgis(), "--as-of", "2026-11-27"});
        EXPECT_EQ(next.status, 0) << next.err;
    }
}

TEST_F(PostgisCity, AnImportLeavesThePlannerStatisticsOfWhatItWrote) {
    // The layers imported, and the levels derived from the grids.
    for (const char* table :
         {"districts", "streets", "communities", "grids", "components", "cases", "roster"})
        EXPECT_NE(schema->query("SELECT count(*) FROM pg_stats WHERE schemaname = current_schema() AND "
                                "tablename = '" +
                                std::string(table) + "'"),
                  "0")
            << table;
}

TEST_F(PostgisCity, HostileParametersAreDataNotSql) {
    auto r = run_wangge({"validate", "--workspace", postgis(), "--district", "440303' OR '1'='1"});
    EXPECT_EQ(r.status, 2) << r.err;
    auto p = run_wangge({"assess", "--workspace", postgis(), "--period", "2026-10'; DROP TABLE grids; --"});
    EXPECT_EQ(p.status, 2) << p.err;
    EXPECT_EQ(schema->query("SELECT count(*) > 0 FROM grids"), "t");
}

TEST_F(PostgisCity, ServersSeeTheOldCensusOrTheNewNeverHalf) {
    // The new census: one district's grids without its last 30.
    TempDir d;
    auto cut = run_shell("ogr2ogr -f 'ESRI Shapefile' -lco ENCODING=UTF-8 " + d.file("fewer.shp") + " " +
                         city->file("city/grids.shp") + " -sql \"SELECT * FROM grids WHERE FID < 120\"");
    ASSERT_EQ(cut.status, 0) << cut.out;
    const int all = std::stoi(schema->query("SELECT count(*) FROM grids"));
    struct Servers {
        std::vector<pid_t> pids;
        ~Servers() {
            for (pid_t pid : pids) {
                kill(pid, SIGTERM);
                waitpid(pid, nullptr, 0);
            }
        }
    } servers;
    const int ports[] = {18000 + ::getpid() % 1000, 19000 + ::getpid() % 1000};
    for (int port : ports) {
        pid_t pid = fork();
        if (pid == 0) {
            if (!std::freopen("/dev/null", "w", stdout) || !std::freopen("/dev/null", "w", stderr))
                _exit(126);
            const std::string binary = wangge::test::wangge_binary();
            execl(binary.c_str(), binary.c_str(), "serve", "--workspace", postgis().c_str(), "--listen",
                  ("127.0.0.1:" + std::to_string(port)).c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
        servers.pids.push_back(pid);
    }
    for (int port : ports)
        for (int i = 0; i < 100 && http_get(port, "/api/health").empty(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::atomic<bool> done{false};
    std::set<long long> seen;
    std::mutex seen_lock;
    std::vector<std::thread> readers;
    for (int port : ports)
        readers.emplace_back([&, port] {
            while (!done) {
                std::string body = http_get(port, "/api/health");
                if (body.empty()) continue;
                auto j = json::parse(body, nullptr, false);
                if (j.is_discarded() || !j.contains("regions")) continue;
                std::lock_guard lock(seen_lock);
                seen.insert(j["regions"]["grid"].get<long long>());
            }
        });
    struct StopReaders {
        std::atomic<bool>& done;
        std::vector<std::thread>& threads;
        ~StopReaders() {
            done = true;
            for (auto& t : threads)
                if (t.joinable()) t.join();
        }
    } stop{done, readers};
    for (int round = 0; round < 3; ++round) {
        auto fewer = run_wangge({"import", "grids", d.file("fewer.shp"), "--workspace", postgis()});
        ASSERT_EQ(fewer.status, 0) << fewer.err;
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        auto back = run_wangge({"import", "grids", city->file("city/grids.shp"), "--workspace", postgis()});
        ASSERT_EQ(back.status, 0) << back.err;
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
    done = true;
    for (auto& t : readers) t.join();
    // Every answer is one census or the other, and both were seen.
    EXPECT_EQ(seen, (std::set<long long>{120, all})) << "grid counts served during the imports";
}

TEST(Postgis, AWrongPasswordIsNamedWithoutThePassword) {
    WANGGE_REQUIRE_POSTGIS();
    std::string db = wangge::test::pg_uri().substr(wangge::test::pg_uri().rfind('/') + 1);
    auto r =
        run_wangge({"validate", "--workspace", wangge::test::pg_uri_for(db, "wangge_pw:not-the-Secret42")});
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_NE(r.err.find("postgresql://wangge_pw:***@"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("password authentication failed"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("not-the-Secret42"), std::string::npos) << r.err;
    // The right one opens the server (and finds no workspace in the schema yet).
    PgSchema schema("pw");
    std::string good =
        wangge::test::pg_uri_for(db, "wangge_pw:wangge-pw-secret") + "?schema=" + schema.name();
    auto init = run_wangge({"init", "--workspace", good, "--crs", "EPSG:4547"});
    EXPECT_EQ(init.status, 0) << init.err;
    EXPECT_EQ(init.out.find("wangge-pw-secret"), std::string::npos) << init.out;
}

TEST(Postgis, ADatabaseWithoutPostgisSaysWhatToRun) {
    WANGGE_REQUIRE_POSTGIS();
    const std::string db = "wangge_nogis_" + std::to_string(::getpid());
    {
        pqxx::connection c{wangge::test::pg_dsn()};
        pqxx::nontransaction n(c);
        n.exec("DROP DATABASE IF EXISTS " + db);
        n.exec("CREATE DATABASE " + db);
    }
    auto r = run_wangge({"init", "--workspace", wangge::test::pg_uri_for(db), "--crs", "EPSG:4547"});
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_NE(r.err.find("CREATE EXTENSION postgis"), std::string::npos) << r.err;
    pqxx::connection c{wangge::test::pg_dsn()};
    pqxx::nontransaction n(c);
    n.exec("DROP DATABASE IF EXISTS " + db);
}

TEST(Postgis, AnOlderSchemaIsMigratedANewerOneRefused) {
    WANGGE_REQUIRE_POSTGIS();
    const auto& migrations = wangge::layers::pg_migrations();
    ASSERT_GE(migrations.size(), 2u);
    PgSchema schema("migrate");
    {
        // A workspace made by a wangge that knew only the first migration.
        pqxx::connection c{wangge::test::pg_dsn()};
        pqxx::work w(c);
        std::string sql(migrations[0].sql);
        for (auto pos = sql.find("{{schema}}"); pos != std::string::npos; pos = sql.find("{{schema}}"))
            sql.replace(pos, 10, schema.name());
        w.exec(sql);
        w.exec("INSERT INTO " + schema.name() +
               ".wangge_schema_version VALUES (1, 'first', '2026-01-01T00:00:00')");
        w.exec("INSERT INTO " + schema.name() + ".wangge_meta VALUES ('format', 'wangge-workspace-1')");
        w.commit();
    }
    TempDir d;
    ASSERT_EQ(run_wangge({"generate", "--out", d.file("city"), "--grids", "60", "--components", "100",
                          "--cases", "50"})
                  .status,
              0);
    auto r = run_wangge({"import", "grids", d.file("city/grids.shp"), "--workspace", schema.uri()});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(schema.query("SELECT max(version) FROM wangge_schema_version"),
              std::to_string(migrations.back().version));
    // From the catalogue's own columns: pg_indexes calls pg_get_indexdef on every index before it
    // filters by schema, and fails on an index another test drops meanwhile.
    EXPECT_EQ(schema.query("SELECT count(*) FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid "
                           "JOIN pg_namespace n ON n.oid = t.relnamespace "
                           "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_am am ON am.oid = i.relam "
                           "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0] "
                           "WHERE n.nspname = current_schema() AND t.relname = 'grids' "
                           "AND am.amname = 'btree' AND x.indnatts = 1 AND a.attname = 'code'"),
              "1");
    EXPECT_EQ(schema.query("SELECT value FROM wangge_meta WHERE key = 'crs'"), "EPSG:4547");
    // A schema from a newer wangge is left alone.
    schema.query(
        "INSERT INTO wangge_schema_version VALUES (999, 'future', '2030-01-01T00:00:00') RETURNING version");
    auto newer = run_wangge({"validate", "--workspace", schema.uri()});
    EXPECT_EQ(newer.status, 2) << newer.err;
    EXPECT_NE(newer.err.find("newer"), std::string::npos) << newer.err;
}

TEST_F(PostgisCity, AWriterWaitsForAnotherThenNamesTheWorkspaceBusy) {
    // Another process holds the workspace's write turn (the advisory lock every writer takes).
    pqxx::connection holder{wangge::test::pg_dsn()};
    pqxx::work hold(holder);
    hold.exec("SELECT pg_advisory_xact_lock(hashtext('wangge workspace ' || " + hold.quote(schema->name()) +
              "))");
    auto start = std::chrono::steady_clock::now();
    auto r = run_wangge(
        {"import", "roster", city->file("city/roster.csv"), "--workspace", postgis(), "--wait", "1"});
    double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_NE(r.err.find("workspace busy"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("waited 1 s"), std::string::npos) << r.err;
    EXPECT_GE(waited, 1.0);
    hold.abort();
    // Readers never wait for a writer.
    auto v = run_wangge({"assess", "--workspace", postgis(), "--period", "2026-10"});
    EXPECT_EQ(v.status, 0) << v.err;
}
