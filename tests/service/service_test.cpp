// The HTTP service on a real loopback port: every route, bad requests, concurrency, conditional
// requests, compression, shutdown, and results written by another process.

#include "src/service/service.hpp"
#include "tests/integration/city_fixture.hpp"
#include "tiles/gzip.hpp"
#include "tiles/png_canvas.hpp"

#include <gdal_priv.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <thread>

using nlohmann::json;
using wangge::test::run_wangge;
using wangge::test::TempDir;
using wangge::test::write_file;

namespace {

class Serve : public wangge::test::CityFixture {
protected:
    static void SetUpTestSuite() {
        CityFixture::SetUpTestSuite();
        ASSERT_EQ(run_wangge({"validate", "--workspace", workspace(), "--as-of", "2026-11-27"}).status, 0);
        ASSERT_EQ(run_wangge({"assess", "--workspace", workspace(), "--period", "2026-10"}).status, 0);
    }

    void SetUp() override {
        ws = copy_workspace(dir);
        wangge::service::ServeOptions o;
        o.workspace = ws;
        o.port = 0;
        o.threads = 64;
        o.web_dir = wangge::service::default_web_dir();
        o.leaflet_dir = wangge::service::default_leaflet_dir;
        o.access_log = [this](const std::string& line) {
            std::lock_guard lock(log_mutex);
            log.push_back(line);
        };
        server = std::make_unique<wangge::service::Service>(o);
        port = server->bind();
        runner = std::thread([this] { server->run(); });
    }

    void TearDown() override {
        server->stop();
        runner.join();
    }

    httplib::Client client() const {
        httplib::Client c("127.0.0.1", port);
        c.set_read_timeout(60, 0);
        return c;
    }

    json get_json(const std::string& path, int expected = 200) {
        auto c = client();
        auto r = c.Get(path.c_str());
        EXPECT_TRUE(r) << path << ": " << httplib::to_string(r.error());
        if (!r) return {};
        EXPECT_EQ(r->status, expected) << path << ": " << r->body;
        EXPECT_EQ(r->get_header_value("Content-Type"), "application/json") << path;
        return json::parse(r->body, nullptr, false);
    }

    /// The middle tile of the city at zoom z, from the health route's bounds.
    std::string middle_tile(int z) {
        json h = get_json("/api/health");
        double lon = (h["bounds"][0].get<double>() + h["bounds"][2].get<double>()) / 2;
        double lat = (h["bounds"][1].get<double>() + h["bounds"][3].get<double>()) / 2;
        double n = std::pow(2.0, z);
        long x = static_cast<long>((lon + 180) / 360 * n);
        long y = static_cast<long>((1 - std::asinh(std::tan(lat * M_PI / 180)) / M_PI) / 2 * n);
        return std::to_string(z) + "/" + std::to_string(x) + "/" + std::to_string(y);
    }

    TempDir dir;
    std::string ws;
    std::unique_ptr<wangge::service::Service> server;
    std::thread runner;
    int port = 0;
    std::mutex log_mutex;
    std::vector<std::string> log;
};

TEST_F(Serve, EveryRouteAnswers) {
    json health = get_json("/api/health");
    EXPECT_EQ(health["status"], "ok");
    EXPECT_EQ(health["regions"]["district"], 3);
    EXPECT_EQ(health["stored_periods"], json::array({"2026-10"}));
    EXPECT_EQ(health["bounds"].size(), 4u);

    json periods = get_json("/api/periods");
    ASSERT_FALSE(periods["periods"].empty());
    bool found = false;
    for (const json& p : periods["periods"])
        if (p["id"] == "2026-10") {
            found = true;
            EXPECT_TRUE(p["stored"].get<bool>());
        }
    EXPECT_TRUE(found);

    json districts = get_json("/api/regions?level=district&period=2026-10");
    ASSERT_EQ(districts["regions"].size(), 3u);
    EXPECT_EQ(districts["period"]["start"], "2026-10-01T00:00:00+08:00");
    const json& first = districts["regions"][0];
    for (const char* k : {"level", "code", "name", "grids", "counts", "rates", "scores", "grade", "colour"})
        EXPECT_TRUE(first.contains(k)) << k;
    EXPECT_GE(first["scores"]["composite"].get<double>(),
              districts["regions"][2]["scores"]["composite"].get<double>());
    // The same figures as the stored rows.
    std::string code = first["code"];
    std::string stored = wangge::test::sqlite(ws, "SELECT filed, grade FROM assessment_results WHERE period "
                                                  "= '2026-10' AND level = 'district' AND code = '" +
                                                      code + "'");
    EXPECT_EQ(stored, std::to_string(first["counts"]["filed"].get<long>()) + "|" +
                          first["grade"].get<std::string>() + "\n");

    // Ranked as the assessment ranks, whatever order the rows are stored in: graded first, then
    // by composite from the highest, ties in code order.
    json communities = get_json("/api/regions?level=community&period=2026-10");
    std::string listed;
    for (const json& r : communities["regions"]) listed += r["code"].get<std::string>() + "\n";
    EXPECT_EQ(listed,
              wangge::test::sqlite(ws, "SELECT code FROM assessment_results WHERE period = '2026-10' AND "
                                       "level = 'community' ORDER BY grade IS NULL, composite DESC, code"));

    json one = get_json("/api/regions/" + code + "?period=2026-10");
    EXPECT_EQ(one["region"]["code"], code);
    EXPECT_TRUE(one["parent"].is_null());
    ASSERT_FALSE(one["children"].empty());
    EXPECT_EQ(one["children"][0]["level"], "street");
    EXPECT_EQ(one["outline"]["type"], "MultiPolygon");
    std::string street = one["children"][0]["code"];
    json child = get_json("/api/regions/" + street + "?period=2026-10");
    EXPECT_EQ(child["parent"]["code"], code);

    json history = get_json("/api/regions/" + code + "/history");
    ASSERT_EQ(history["history"].size(), 1u);
    EXPECT_EQ(history["history"][0]["period"], "2026-10");

    json census = get_json("/api/census");
    EXPECT_EQ(census["districts"].size(), 3u);
    json one_district = get_json("/api/census?district=" + code);
    ASSERT_EQ(one_district["districts"].size(), 1u);
    EXPECT_EQ(one_district["districts"][0]["code"], code);

    json findings = get_json("/api/findings?district=" + code);
    EXPECT_EQ(findings["count"].get<std::size_t>(), findings["findings"].size());
    std::string in_db =
        wangge::test::sqlite(ws, "SELECT COUNT(*) FROM census_findings WHERE district = '" + code + "'");
    EXPECT_EQ(std::to_string(findings["count"].get<long>()) + "\n", in_db);

    json legend = get_json("/api/legend");
    EXPECT_EQ(legend["grades"].size(), 5u);
    EXPECT_EQ(legend["grades"][0]["colour"], "#1a9641");
    EXPECT_EQ(legend["hotspot"].size(), 7u);
    EXPECT_EQ(legend["heat"]["bandwidth_m"], 300);

    json tilejson = get_json("/tiles/grid.json?period=2026-10");
    EXPECT_EQ(tilejson["tilejson"], "3.0.0");
    std::string url = tilejson["tiles"][0];
    EXPECT_EQ(url.rfind("http://127.0.0.1:" + std::to_string(port) + "/tiles/grid/{z}/{x}/{y}.mvt", 0), 0u)
        << url;
    EXPECT_EQ(tilejson["vector_layers"][0]["id"], "grid");

    auto c = client();
    for (std::string layer :
         {"district", "street", "community", "grid", "coverage", "cases", "heat", "hotspot"}) {
        auto png = c.Get(("/tiles/" + layer + "/" + middle_tile(14) + ".png?period=2026-10").c_str());
        ASSERT_TRUE(png);
        EXPECT_EQ(png->status, 200) << layer << ": " << png->body;
        EXPECT_EQ(png->get_header_value("Content-Type"), "image/png");
        EXPECT_EQ(wangge::tiles::decode_png(png->body).width, 256);
        auto retina = c.Get(("/tiles/" + layer + "/" + middle_tile(14) + "@2x.png?period=2026-10").c_str());
        ASSERT_TRUE(retina);
        EXPECT_EQ(wangge::tiles::decode_png(retina->body).width, 512);
    }
    auto page = c.Get("/");
    ASSERT_TRUE(page);
    EXPECT_EQ(page->status, 200);
    EXPECT_NE(page->body.find("网格化城市管理考核"), std::string::npos);
    for (const char* asset : {"/static/app.js", "/static/app.css"}) {
        auto a = c.Get(asset);
        ASSERT_TRUE(a);
        EXPECT_EQ(a->status, 200) << asset;
    }
    auto xlsx = c.Get("/api/export.xlsx?level=street&period=2026-10");
    ASSERT_TRUE(xlsx);
    EXPECT_EQ(xlsx->status, 200);
    EXPECT_EQ(xlsx->body.substr(0, 2), "PK");

    std::lock_guard lock(log_mutex);
    EXPECT_GE(log.size(), 20u) << "one access-log line per request";
}

TEST_F(Serve, WorkbookExportIsMadeInTmpdirAndRemoved) {
    TempDir tmp;
    const char* before = std::getenv("TMPDIR");
    const std::string saved = before ? before : "";
    ::setenv("TMPDIR", tmp.path().c_str(), 1);
    auto c = client();
    auto xlsx = c.Get("/api/export.xlsx?level=grid&period=2026-10");
    // A TMPDIR that is not there: the export fails with an answer, and the server keeps serving.
    ::setenv("TMPDIR", (tmp.path() + "/missing").c_str(), 1);
    auto failed = c.Get("/api/export.xlsx?level=grid&period=2026-10");
    if (before)
        ::setenv("TMPDIR", saved.c_str(), 1);
    else
        ::unsetenv("TMPDIR");
    ASSERT_TRUE(xlsx);
    EXPECT_EQ(xlsx->status, 200);
    EXPECT_EQ(xlsx->body.substr(0, 2), "PK");
    EXPECT_TRUE(std::filesystem::is_empty(tmp.path())) << "the workbook's temporary file was left";
    ASSERT_TRUE(failed);
    EXPECT_GE(failed->status, 500) << failed->body;
    EXPECT_NE(failed->body.find("temporary"), std::string::npos) << failed->body;
    auto health = c.Get("/api/health");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200);
}

TEST_F(Serve, LeafletIsServedFromDebian) {
    auto c = client();
    auto js = c.Get("/vendor/leaflet/leaflet.js");
    ASSERT_TRUE(js);
    EXPECT_EQ(js->status, 200);
    EXPECT_NE(js->body.find("Leaflet"), std::string::npos);
}

TEST_F(Serve, BadRequestsGetJsonErrorsAndTheServerKeepsServing) {
    auto c = client();
    std::string t = middle_tile(14);
    const std::pair<std::string, int> bad[] = {
        {"/tiles/grid/23/0/0.png", 400},
        {"/tiles/grid/3/8/0.png", 400},
        {"/tiles/grid/3/0/8.mvt", 400},
        {"/tiles/nonsense/3/0/0.png", 404},
        {"/tiles/grid/" + t + ".jpg", 404},
        {"/tiles/grid/" + t + "@2x.mvt", 400},
        {"/tiles/grid/" + t + ".png?period=junk", 400},
        {"/tiles/grid/" + t + ".png?period=2026-10&indicator=nonsense", 400},
        {"/tiles/grid/" + t + ".png?period=2019-01", 404},
        {"/tiles/nonsense.json", 404},
        {"/api/regions?level=planet&period=2026-10", 400},
        {"/api/regions?period=2026-10", 400},
        {"/api/regions/999999?period=2026-10", 404},
        {"/api/regions/12", 404},
        {"/api/findings", 400},
        {"/api/findings?grid=000000000000000", 404},
        {"/api/locate?level=grid&lon=abc&lat=1", 400},
        {"/api/locate?level=grid&lon=0&lat=0", 404},
        {"/static/../../etc/passwd", 404},
        {"/static/%2e%2e/%2e%2e/etc/passwd", 404},
        {"/vendor/leaflet/../../../etc/passwd", 404},
        {"/api/census?district=999999", 404},
        {"/api/platform?period=2026-10", 400},
        {"/api/platform?platform=44&period=2026-10", 400},
        {"/api/platform?platform=440399&period=2026-10", 400},
        {"/api/platform?platform=440300&period=junk", 400},
        {"/nowhere", 404},
    };
    for (const auto& [path, status] : bad) {
        auto r = c.Get(path.c_str());
        ASSERT_TRUE(r) << path;
        EXPECT_EQ(r->status, status) << path << ": " << r->body;
        json j = json::parse(r->body, nullptr, false);
        EXPECT_TRUE(j.is_object() && j.contains("error")) << path << ": " << r->body;
    }
    EXPECT_EQ(get_json("/api/health")["status"], "ok");
}

TEST_F(Serve, ETagsAnswer304AndMvtIsGzipped) {
    auto c = client();
    std::string path = "/tiles/grid/" + middle_tile(15) + ".mvt?period=2026-10";
    auto plain = c.Get(path.c_str());
    ASSERT_TRUE(plain);
    ASSERT_EQ(plain->status, 200);
    EXPECT_EQ(plain->get_header_value("Content-Type"), "application/vnd.mapbox-vector-tile");
    EXPECT_FALSE(plain->has_header("Content-Encoding"));
    std::string etag = plain->get_header_value("ETag");
    ASSERT_FALSE(etag.empty());
    EXPECT_EQ(c.Get(path.c_str(), {{"If-None-Match", etag}})->status, 304);

    // Raw bytes: a client that decompresses itself sees what was sent.
    httplib::Client raw("127.0.0.1", port);
    raw.set_decompress(false);
    auto gz = raw.Get(path.c_str(), {{"Accept-Encoding", "gzip"}});
    ASSERT_TRUE(gz);
    EXPECT_EQ(gz->get_header_value("Content-Encoding"), "gzip");
    EXPECT_EQ(gz->body.substr(0, 2), std::string("\x1f\x8b", 2));
    EXPECT_EQ(wangge::tiles::gunzip(gz->body), plain->body);
    EXPECT_NE(gz->get_header_value("ETag"), etag) << "each representation has its own tag";
    EXPECT_EQ(
        raw.Get(path.c_str(), {{"Accept-Encoding", "gzip"}, {"If-None-Match", gz->get_header_value("ETag")}})
            ->status,
        304);

    auto j = c.Get("/api/regions?level=street&period=2026-10");
    ASSERT_TRUE(j);
    EXPECT_EQ(
        c.Get("/api/regions?level=street&period=2026-10", {{"If-None-Match", j->get_header_value("ETag")}})
            ->status,
        304);
    auto jz = raw.Get("/api/regions?level=grid&period=2026-10", {{"Accept-Encoding", "gzip"}});
    ASSERT_TRUE(jz);
    EXPECT_EQ(jz->get_header_value("Content-Encoding"), "gzip");
    EXPECT_TRUE(json::parse(wangge::tiles::gunzip(jz->body), nullptr, false).is_object());
    EXPECT_FALSE(plain->get_header_value("Cache-Control").empty());
}

TEST_F(Serve, WhatBrowsersAcceptGetsGzipCompressedOnceAndErrorsKeepTheirMessage) {
    // Browsers offer Brotli too; the server answers text with gzip, made once (httplib's own
    // Brotli at its strongest setting took minutes for a big city's grid ranking).
    httplib::Client raw("127.0.0.1", port);
    raw.set_decompress(false);
    const httplib::Headers browser{{"Accept-Encoding", "gzip, deflate, br"}};
    for (const char* path : {"/api/regions?level=grid&period=2026-10", "/static/app.js", "/"}) {
        auto r = raw.Get(path, browser);
        ASSERT_TRUE(r) << path;
        EXPECT_EQ(r->status, 200) << path;
        EXPECT_EQ(r->get_header_value("Content-Encoding"), "gzip") << path;
        EXPECT_EQ(r->get_header_value_count("Content-Encoding"), 1u) << path;
        EXPECT_EQ(r->get_header_value("Vary"), "Accept-Encoding") << path;
        EXPECT_GT(wangge::tiles::gunzip(r->body).size(), r->body.size()) << path;
    }
    auto grid = raw.Get("/api/regions?level=grid&period=2026-10", browser);
    EXPECT_EQ(get_json("/api/regions?level=grid&period=2026-10"),
              json::parse(wangge::tiles::gunzip(grid->body)));
    // Without gzip on offer the text comes as it is.
    auto plain = raw.Get("/api/regions?level=grid&period=2026-10", {{"Accept-Encoding", "identity"}});
    ASSERT_TRUE(plain);
    EXPECT_FALSE(plain->has_header("Content-Encoding"));
    EXPECT_TRUE(json::parse(plain->body, nullptr, false).is_object());
    // A handler's error keeps its own status and message, compressed or not.
    for (const httplib::Headers& h : {browser, httplib::Headers{}}) {
        auto bad = raw.Get("/api/regions?level=planet&period=2026-10", h);
        ASSERT_TRUE(bad);
        EXPECT_EQ(bad->status, 400);
        const std::string body = bad->get_header_value("Content-Encoding") == "gzip"
                                     ? wangge::tiles::gunzip(bad->body)
                                     : bad->body;
        EXPECT_NE(json::parse(body)["error"].get<std::string>().find("planet"), std::string::npos) << body;
    }
    auto missing = raw.Get("/no/such/route", browser);
    ASSERT_TRUE(missing);
    EXPECT_EQ(missing->status, 404);
}

TEST_F(Serve, AnswersAreKeptUntilTheResultsChangeAndRevalidateWithoutBeingMade) {
    httplib::Client raw("127.0.0.1", port);
    raw.set_decompress(false);
    const httplib::Headers browser{{"Accept-Encoding", "gzip, deflate, br"}};
    auto answers = [&] { return get_json("/api/health")["cache"]["answers"]; };
    const std::string grid = "/api/regions?level=grid&period=2026-10";
    const json before = answers();
    auto first = raw.Get(grid, browser);
    ASSERT_TRUE(first);
    ASSERT_EQ(first->status, 200);
    const json made = answers();
    EXPECT_EQ(made["misses"], before["misses"].get<long>() + 1);
    EXPECT_GT(made["bytes"].get<long>(), 0);

    // Asked again, compressed, plain, or revalidated: the same answer, from the cache.
    auto again = raw.Get(grid, browser);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->body, first->body);
    EXPECT_EQ(again->get_header_value("ETag"), first->get_header_value("ETag"));
    auto plain = raw.Get(grid, {{"Accept-Encoding", "identity"}});
    ASSERT_TRUE(plain);
    EXPECT_FALSE(plain->has_header("Content-Encoding"));
    EXPECT_EQ(plain->body, wangge::tiles::gunzip(first->body));
    EXPECT_EQ(plain->get_header_value("ETag"), first->get_header_value("ETag"));
    auto revalidated =
        raw.Get(grid, {{"Accept-Encoding", "gzip"}, {"If-None-Match", first->get_header_value("ETag")}});
    ASSERT_TRUE(revalidated);
    EXPECT_EQ(revalidated->status, 304);
    EXPECT_TRUE(revalidated->body.empty());
    const json kept = answers();
    EXPECT_EQ(kept["misses"], made["misses"]);
    EXPECT_EQ(kept["hits"], made["hits"].get<long>() + 3);

    // The page's files likewise.
    auto script = raw.Get("/static/app.js", browser);
    ASSERT_TRUE(script);
    EXPECT_EQ(raw.Get("/static/app.js", {{"If-None-Match", script->get_header_value("ETag")}})->status, 304);

    // Results changed by another process: the next answer is made from them, not taken from
    // the cache.
    const json district = get_json("/api/regions?level=district&period=2026-10");
    const std::string code = district["regions"][0]["code"];
    {
        GDALDatasetUniquePtr ds(GDALDataset::Open(ws.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
        ASSERT_TRUE(ds);
        ds->ExecuteSQL(
            ("UPDATE assessment_results SET grade = 'E' WHERE level = 'district' AND code = '" + code + "'")
                .c_str(),
            nullptr, nullptr);
    }
    ASSERT_NE(district["regions"][0]["grade"], "E");
    std::string grade;
    for (int i = 0; i < 50 && grade != "E"; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        const json now = get_json("/api/regions?level=district&period=2026-10");
        for (const json& r : now["regions"])
            if (r["code"] == code) grade = r["grade"].is_string() ? r["grade"].get<std::string>() : "";
    }
    EXPECT_EQ(grade, "E");
}

TEST_F(Serve, APageOfTheRankingIsOrderedByTheIndicatorFilteredAndCounted) {
    const json all = get_json("/api/regions?level=grid&period=2026-10");
    ASSERT_GT(all["regions"].size(), 20u);
    EXPECT_FALSE(all.contains("total")) << "the assess JSON as it is without a page's parameters";
    for (const char* id : {"composite", "closure_rate", "filed_per_grid"}) {
        SCOPED_TRACE(id);
        // The ranking as the assess JSON gives it, ordered by the indicator (stable: ties keep
        // the assessment's order), nulls last.
        std::vector<std::pair<std::optional<double>, std::string>> expected;
        for (const json& r : all["regions"]) {
            std::optional<double> v;
            if (std::string(id) == "composite" && r["scores"]["composite"].is_number())
                v = r["scores"]["composite"].get<double>();
            else if (std::string(id) == "closure_rate" && r["rates"]["closure_rate"].is_number())
                v = r["rates"]["closure_rate"].get<double>();
            else if (std::string(id) == "filed_per_grid" && r["grids"].get<double>() > 0)
                v = r["counts"]["filed"].get<double>() / r["grids"].get<double>();
            expected.emplace_back(v, r["code"].get<std::string>());
        }
        std::stable_sort(expected.begin(), expected.end(), [](const auto& a, const auto& b) {
            if (!a.first || !b.first) return a.first.has_value() && !b.first.has_value();
            return *a.first > *b.first;
        });
        const json page =
            get_json(std::string("/api/regions?level=grid&period=2026-10&limit=7&indicator=") + id);
        EXPECT_EQ(page["total"], all["regions"].size());
        EXPECT_EQ(page["matching"], all["regions"].size());
        EXPECT_EQ(page["indicator"], id);
        ASSERT_EQ(page["regions"].size(), 7u);
        for (std::size_t i = 0; i < 7; ++i) {
            EXPECT_EQ(page["regions"][i]["code"], expected[i].second) << i;
            EXPECT_EQ(page["regions"][i]["rank"], i + 1);
        }
    }
    // Search: by code or name, the ranks those of the whole level.
    const std::string code = all["regions"][all["regions"].size() - 1]["code"];
    const json found = get_json("/api/regions?level=grid&period=2026-10&limit=5&q=" + code);
    ASSERT_EQ(found["regions"].size(), 1u);
    EXPECT_EQ(found["regions"][0]["code"], code);
    EXPECT_EQ(found["regions"][0]["rank"], all["regions"].size());
    EXPECT_EQ(found["matching"], 1);
    const std::string community = code.substr(0, 12);
    const json some = get_json("/api/regions?level=grid&period=2026-10&limit=3&q=" + community);
    long in_community = 0;
    for (const json& r : all["regions"])
        in_community += r["code"].get<std::string>().rfind(community, 0) == 0;
    EXPECT_EQ(some["matching"], in_community);
    EXPECT_LE(some["regions"].size(), 3u);
    const json district = get_json("/api/regions?level=district&period=2026-10");
    const std::string name = district["regions"][0]["name"];
    const json by_name = get_json("/api/regions?level=district&period=2026-10&q=" + name);
    ASSERT_GE(by_name["regions"].size(), 1u);
    EXPECT_EQ(by_name["regions"][0]["name"], name);
    EXPECT_EQ(get_json("/api/regions?level=grid&period=2026-10&q=nowhere")["regions"].size(), 0u);
    // Bad parameters: 400 with a message.
    for (const char* bad : {"indicator=beauty", "limit=0", "limit=-3", "limit=ten", "limit=5x"}) {
        const json e = get_json(std::string("/api/regions?level=grid&period=2026-10&") + bad, 400);
        EXPECT_TRUE(e.contains("error")) << bad;
    }
}

TEST_F(Serve, TheCsvExportIsTheRankingTheMapListsWhole) {
    auto c = client();
    const json ranked =
        get_json("/api/regions?level=grid&period=2026-10&indicator=closure_rate&limit=100000");
    auto r = c.Get("/api/export.csv?level=grid&period=2026-10&indicator=closure_rate");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type"), "text/csv; charset=utf-8");
    EXPECT_NE(r->get_header_value("Content-Disposition").find("grid-2026-10.csv"), std::string::npos);
    ASSERT_EQ(r->body.substr(0, 3), "\xEF\xBB\xBF");
    std::vector<std::string> lines;
    for (std::size_t at = 3; at < r->body.size();) {
        const std::size_t end = r->body.find("\r\n", at);
        ASSERT_NE(end, std::string::npos) << "every line ends in CRLF";
        lines.push_back(r->body.substr(at, end - at));
        at = end + 2;
    }
    ASSERT_EQ(lines.size(), ranked["regions"].size() + 1);
    EXPECT_EQ(lines[0], "排名,代码,名称,结案率,综合指标值,等级,立案数,结案率,按期结案率");
    for (std::size_t i = 0; i < ranked["regions"].size(); ++i) {
        const json& region = ranked["regions"][i];
        std::vector<std::string> f;
        std::stringstream line(lines[i + 1]);
        for (std::string field; std::getline(line, field, ',');) f.push_back(field);
        if (!lines[i + 1].empty() && lines[i + 1].back() == ',') f.push_back("");
        ASSERT_EQ(f.size(), 9u) << lines[i + 1];
        EXPECT_EQ(f[0], std::to_string(region["rank"].get<long>()));
        EXPECT_EQ(f[1], region["code"]);
        EXPECT_EQ(f[2], region["name"]);
        const json& rate = region["rates"]["closure_rate"];
        if (rate.is_null())
            EXPECT_EQ(f[3], "");
        else
            EXPECT_DOUBLE_EQ(std::stod(f[3]), rate.get<double>());
        EXPECT_DOUBLE_EQ(std::stod(f[4]), region["scores"]["composite"].get<double>());
        EXPECT_EQ(f[5], region["grade"]);
        EXPECT_EQ(f[6], std::to_string(region["counts"]["filed"].get<long>()));
    }
    EXPECT_EQ(get_json("/api/export.csv?level=grid&period=2026-10&indicator=beauty", 400).contains("error"),
              true);
    EXPECT_EQ(get_json("/api/export.csv?period=2026-10", 400).contains("error"), true);
}

TEST_F(Serve, FiftyConcurrentClients) {
    std::vector<std::string> paths;
    for (int z : {13, 14, 15, 16})
        for (std::string layer : {"district", "grid", "coverage"})
            paths.push_back("/tiles/" + layer + "/" + middle_tile(z) + ".png?period=2026-10");
    paths.push_back("/api/regions?level=grid&period=2026-10");
    paths.push_back("/api/health");
    std::atomic<int> ok{0}, failed{0};
    std::vector<std::thread> clients;
    for (int i = 0; i < 50; ++i)
        clients.emplace_back([&, i] {
            httplib::Client c("127.0.0.1", port);
            c.set_read_timeout(120, 0);
            for (int k = 0; k < 10; ++k) {
                auto r = c.Get(paths[static_cast<std::size_t>(i + k) % paths.size()].c_str());
                (r && r->status == 200 ? ok : failed)++;
            }
        });
    for (auto& t : clients) t.join();
    EXPECT_EQ(ok.load(), 500);
    EXPECT_EQ(failed.load(), 0);
}

TEST_F(Serve, ASecondServerOnThePortInUseIsRefusedNotGivenHalfTheRequests) {
    wangge::service::ServeOptions o;
    o.workspace = ws;
    o.port = port;
    o.web_dir = wangge::service::default_web_dir();
    o.leaflet_dir = wangge::service::default_leaflet_dir;
    wangge::service::Service second(o);
    try {
        second.bind();
        ADD_FAILURE() << "a second server bound port " << port << ", which the first listens on";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find("in use"), std::string::npos) << e.what();
    }
    EXPECT_EQ(get_json("/api/health")["status"], "ok");
}

TEST_F(Serve, ShutdownWhileRequestsAreInFlight) {
    std::atomic<int> answered{0}, refused{0}, broken{0};
    const std::string tile = middle_tile(16);
    std::vector<std::thread> clients;
    for (int i = 0; i < 16; ++i)
        clients.emplace_back([&, i] {
            httplib::Client c("127.0.0.1", port);
            c.set_read_timeout(60, 0);
            for (int k = 0; k < 20; ++k) {
                // Uncached tiles: each is drawn while others wait.
                std::string path = "/tiles/grid/" + tile + ".png?period=2026-10&indicator=" +
                                   (k % 2 ? "closure_rate" : "on_time_rate") +
                                   "&n=" + std::to_string(i * 100 + k);
                auto r = c.Get(path.c_str());
                if (!r)
                    refused++;
                else if (r->status == 200 && wangge::tiles::decode_png(r->body).width == 256)
                    answered++;
                else
                    broken++;
            }
        });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    server->stop();
    for (auto& t : clients) t.join();
    runner.join();
    runner = std::thread([] {}); // TearDown joins it
    EXPECT_GT(answered.load(), 0);
    EXPECT_EQ(broken.load(), 0) << "a request cut short gave a broken answer";
}

TEST_F(Serve, ResultsWrittenByAnotherProcessShowUpWithoutARestart) {
    EXPECT_EQ(get_json("/api/health")["stored_periods"].size(), 1u);
    auto r = run_wangge({"assess", "--workspace", ws, "--period", "2026-09"});
    ASSERT_EQ(r.status, 0) << r.err;
    json periods;
    for (int i = 0; i < 50; ++i) {
        periods = get_json("/api/health")["stored_periods"];
        if (periods.size() == 2) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_EQ(periods, json::array({"2026-09", "2026-10"}));
}

TEST_F(Serve, StoredPeriodsAreListedByTimeAndTheNewestFinestIsTheDefault) {
    // In text order "2026-Q3" would come last, after "2026-10", and be the map's default.
    for (const char* period : {"2026-Q3", "2026"}) {
        auto r = run_wangge({"assess", "--workspace", ws, "--period", period});
        ASSERT_EQ(r.status, 0) << r.err;
    }
    json periods;
    for (int i = 0; i < 50 && periods.size() != 3; ++i) {
        if (i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        periods = get_json("/api/health")["stored_periods"];
    }
    EXPECT_EQ(periods, json::array({"2026", "2026-Q3", "2026-10"}));
    EXPECT_EQ(get_json("/api/regions?level=district")["period"]["id"], "2026-10");
    json history = get_json("/api/regions/440303/history")["history"];
    ASSERT_EQ(history.size(), 3u);
    EXPECT_EQ(history[0]["period"], "2026");
    EXPECT_EQ(history[2]["period"], "2026-10");
}

TEST_F(Serve, APeriodNotYetAssessedIsAssessedOnItsFirstRequest) {
    json j = get_json("/api/regions?level=district&period=2026-08");
    EXPECT_EQ(j["regions"].size(), 3u);
    EXPECT_EQ(
        wangge::test::sqlite(ws, "SELECT COUNT(*) > 0 FROM assessment_results WHERE period = '2026-08'"),
        "1\n");
}

} // namespace

TEST_F(Serve, PlatformScorecardsComputeTheDataItemsAndTakeTheChecklists) {
    json card = get_json("/api/platform?platform=440300&period=2026-10");
    EXPECT_EQ(card["level"], "city");
    EXPECT_TRUE(card["checklist"].is_null());
    ASSERT_EQ(card["items"].size(), 26u);
    for (const json& item : card["items"]) {
        if (item["id"] == "operation_accuracy") {
            EXPECT_GT(item["figures"]["operations"].get<double>(), 0);
        }
        if (item["id"] == "organisation") {
            EXPECT_EQ(item["note"], "清单未填报");
        }
    }
    auto c = client();
    auto book = c.Get("/api/platform.xlsx?platform=440303&period=2026-10");
    ASSERT_TRUE(book);
    EXPECT_EQ(book->status, 200);
    EXPECT_EQ(book->body.substr(0, 2), "PK");
    EXPECT_NE(book->get_header_value("Content-Disposition").find("platform-440303-2026-10.xlsx"),
              std::string::npos);
    auto page = c.Get("/static/platform.html");
    ASSERT_TRUE(page);
    EXPECT_EQ(page->status, 200);

    // A server with a folder of checklists scores each platform by its own.
    TempDir lists;
    write_file(lists.file("440303.txt"), "platform = 440303\nperiod = 2026-10\norganisation = 4\n");
    write_file(lists.file("city.txt"), "platform = 440300\ntraining = 3\n");
    auto serve_with = [&](const std::string& folder, const std::function<void(httplib::Client&)>& body) {
        wangge::service::ServeOptions o;
        o.workspace = ws;
        o.port = 0;
        o.web_dir = wangge::service::default_web_dir();
        o.leaflet_dir = wangge::service::default_leaflet_dir;
        o.checklists = folder;
        wangge::service::Service other(o);
        int other_port = other.bind();
        std::thread run([&] { other.run(); });
        httplib::Client oc("127.0.0.1", other_port);
        oc.set_read_timeout(60, 0);
        body(oc);
        other.stop();
        run.join();
    };
    serve_with(lists.path(), [](httplib::Client& oc) {
        auto r = oc.Get("/api/platform?platform=440303&period=2026-10");
        ASSERT_TRUE(r);
        ASSERT_EQ(r->status, 200) << r->body;
        json j = json::parse(r->body);
        EXPECT_EQ(j["checklist"], "440303.txt");
        for (const json& item : j["items"])
            if (item["id"] == "organisation") {
                EXPECT_EQ(item["points"], 4);
            }
        json whole = json::parse(oc.Get("/api/platform?platform=440300&period=2026-10")->body);
        EXPECT_EQ(whole["checklist"], "city.txt");
    });
    // A malformed checklist is the server's own fault: 500 naming file and line, and it keeps serving.
    write_file(lists.file("zz.txt"), "platform = 440304\nmeetingz = 1\n");
    serve_with(lists.path(), [](httplib::Client& oc) {
        auto r = oc.Get("/api/platform?platform=440304&period=2026-10");
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 500);
        EXPECT_NE(r->body.find("zz.txt:2: unknown item"), std::string::npos) << r->body;
        auto h = oc.Get("/api/health");
        ASSERT_TRUE(h);
        EXPECT_EQ(h->status, 200);
    });
}
