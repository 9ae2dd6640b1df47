#include "src/service/service.hpp"

#include "geo/error.hpp"
#include "geo/tile/tile_math.hpp"
#include "layers/temp_files.hpp"
#include "src/assess/period.hpp"
#include "src/engine/map_export.hpp"
#include "src/engine/map_json.hpp"
#include "src/engine/map_layers.hpp"
#include "src/engine/map_snapshot.hpp"
#include "tiles/gzip.hpp"
#include "tiles/tile_cache.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <limits>
#include <map>
#include <mutex>
#include <sstream>
#include <sys/socket.h>
#include <thread>

namespace wangge::service {
namespace {

using nlohmann::json;

/// An answer other than 200, with a message for the client.
struct HttpError : Error {
    int status;
    HttpError(int code, const std::string& message) : Error(message), status(code) {}
};

std::string fnv_hex(std::string_view bytes) {
    std::uint64_t h = 1469598103934665603ull;
    for (char c : bytes) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    char buf[20];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

bool accepts_gzip(const httplib::Request& req) {
    return req.get_header_value("Accept-Encoding").find("gzip") != std::string::npos;
}

/// Whether the client already holds this representation (If-None-Match, any of a list or *).
bool not_modified(const httplib::Request& req, const std::string& etag) {
    std::string inm = req.get_header_value("If-None-Match");
    if (inm.empty()) return false;
    if (inm == "*") return true;
    std::stringstream list(inm);
    for (std::string tag; std::getline(list, tag, ',');) {
        tag.erase(0, tag.find_first_not_of(' '));
        tag.erase(tag.find_last_not_of(' ') + 1);
        if (tag == etag) return true;
    }
    return false;
}

/// Sends `bytes`, which `owner` keeps alive (a cached answer), by their length.
void send_shared(httplib::Response& res, std::shared_ptr<const void> owner, const std::string& bytes,
                 const char* type) {
    res.set_content_provider(
        bytes.size(), type, [owner, &bytes](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
            return sink.write(bytes.data() + offset, std::min(length, bytes.size() - offset));
        });
}

/// Sends a text body (JSON, HTML, script, style) compressed here with gzip when the client takes
/// it: left to itself, httplib compresses such bodies with Brotli at its strongest setting, which
/// took 54 s for the 157 MB ranking of a 225,000-grid city (gzip: 1 s). A body given by its length
/// httplib sends as it is.
void send_text(const httplib::Request& req, httplib::Response& res, std::string body, const char* type) {
    res.set_header("Vary", "Accept-Encoding");
    if (body.size() >= 1024 && accepts_gzip(req)) {
        body = tiles::gzip(body);
        res.set_header("Content-Encoding", "gzip");
    }
    auto shared = std::make_shared<const std::string>(std::move(body));
    send_shared(res, shared, *shared, type);
}

void send_error(const httplib::Request& req, httplib::Response& res, int status, const std::string& message) {
    res.status = status;
    res.set_header("Cache-Control", "no-store");
    send_text(req, res, json{{"error", message}, {"status", status}}.dump(), "application/json");
}

/// JSON text with a weak ETag (httplib may compress it, which a weak tag allows) and revalidation.
void send_json(const httplib::Request& req, httplib::Response& res, std::string body) {
    std::string etag = "W/\"" + fnv_hex(body) + "\"";
    res.set_header("ETag", etag);
    res.set_header("Cache-Control", "no-cache");
    res.set_header("Vary", "Accept-Encoding");
    if (not_modified(req, etag)) {
        res.status = 304;
        return;
    }
    send_text(req, res, std::move(body), "application/json");
}

void send_json(const httplib::Request& req, httplib::Response& res, const json& j) {
    send_json(req, res, j.dump(-1, ' ', false, json::error_handler_t::replace));
}

std::string url_encode(const std::string& s) {
    std::string out;
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            out += buf;
        }
    }
    return out;
}

std::optional<std::string> param(const httplib::Request& req, const char* name) {
    if (!req.has_param(name)) return std::nullopt;
    return req.get_param_value(name);
}

std::optional<std::string> read_whole(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

const char* content_type_of(const std::string& name) {
    auto ends = [&](const char* ext) {
        std::string e = ext;
        return name.size() >= e.size() && name.compare(name.size() - e.size(), e.size(), e) == 0;
    };
    if (ends(".html")) return "text/html; charset=utf-8";
    if (ends(".js")) return "application/javascript";
    if (ends(".css")) return "text/css";
    if (ends(".png")) return "image/png";
    if (ends(".svg")) return "image/svg+xml";
    return "application/octet-stream";
}

/// The indicator a request names (`indicator`, composite when none); 400 for one not known.
const engine::MapIndicator& parse_indicator_param(const httplib::Request& req) {
    const std::string id = param(req, "indicator").value_or("composite");
    const engine::MapIndicator* indicator = engine::find_indicator(id);
    if (!indicator) throw HttpError(400, "unknown indicator " + id);
    return *indicator;
}

layers::Level parse_level_param(const std::optional<std::string>& level) {
    if (!level) throw HttpError(400, "level is required: district, street, community or grid");
    auto l = layers::parse_level(*level);
    if (!l) throw HttpError(400, "unknown level " + *level + ": district, street, community or grid");
    return *l;
}

} // namespace

std::string default_web_dir() {
    if (const char* env = std::getenv("WANGGE_WEB_DIR"); env && *env) return env;
#ifdef WANGGE_SOURCE_WEB_DIR
    if (std::filesystem::exists(WANGGE_SOURCE_WEB_DIR "/index.html")) return WANGGE_SOURCE_WEB_DIR;
#endif
    return "web";
}

/// An answer as sent, kept for the next request: the same three parts as a tile's.
using CachedAnswer = tiles::CachedTile;

/// Room for the answers made from the results and the page's files. They are kept compressed: a
/// 225,000-grid city's grid ranking is 2.5 MB so (157 MB of JSON).
constexpr std::size_t answers_bytes = std::size_t{64} << 20;
/// The largest answer also kept as it is, for clients that take no gzip: bigger ones are made
/// again for them.
constexpr std::size_t plain_kept_bytes = std::size_t{1} << 20;

struct Service::Impl {
    ServeOptions options;
    engine::MapModel model;
    rules::Rules rules;
    tiles::TileCache cache;
    /// Answers by what they are made from, the workspace version among it, so that new results
    /// never get an old answer.
    tiles::TileCache answers{answers_bytes};
    httplib::Server server;
    std::mutex assessing;

    explicit Impl(ServeOptions o)
        : options(std::move(o)), model(options.workspace), rules(rules::Rules::load(options.files.rules)),
          cache(options.cache_bytes) {}

    /// Scorecards computed, by platform, period, workspace version and checklist (file and time).
    /// Scorecards by platform, period, workspace version and checklist, made or being made: one
    /// request computes a scorecard (seconds on a big city) while others wait for that one only.
    using Scorecard = std::shared_future<std::shared_ptr<const assess::PlatformScore>>;
    std::mutex scoring;
    std::map<std::string, Scorecard> scorecards;

    /// The scorecard of `?platform=CODE&period=P` (the newest stored period when none), with the
    /// checklist of the --checklists folder that names them, if any.
    std::pair<std::shared_ptr<const assess::PlatformScore>, std::optional<std::string>>
    platform_score(const httplib::Request& req) {
        auto code = param(req, "platform");
        if (!code || code->size() != 6 || !std::all_of(code->begin(), code->end(), ::isdigit))
            throw HttpError(400, "platform is required: the city's or a district's 6-digit code");
        auto snap = model.current();
        std::string period;
        if (auto given = param(req, "period")) {
            try {
                period = assess::parse_period(*given).id;
            } catch (const UsageError& e) {
                throw HttpError(400, e.what());
            }
        } else if (!snap->stored_periods().empty()) {
            period = snap->stored_periods().back();
        } else {
            throw HttpError(400, "period is required");
        }
        std::optional<std::string> checklist;
        if (options.checklists) {
            try {
                checklist = engine::find_checklist(*options.checklists, *code, period, std::nullopt);
            } catch (const InputError& e) {
                // The server's own file is wrong: say which, and keep serving.
                throw HttpError(500, e.what());
            }
        }
        std::string key = *code + "|" + period + "|" + snap->version() + "|" + checklist.value_or("");
        if (checklist) {
            std::error_code ec;
            auto when = std::filesystem::last_write_time(*checklist, ec);
            key.append("|").append(std::to_string(when.time_since_epoch().count()));
        }
        std::promise<std::shared_ptr<const assess::PlatformScore>> made;
        Scorecard scorecard;
        bool mine = false;
        {
            std::lock_guard lock(scoring);
            if (auto it = scorecards.find(key); it != scorecards.end()) {
                scorecard = it->second;
            } else {
                if (scorecards.size() > 64) scorecards.clear();
                scorecard = scorecards[key] = made.get_future().share();
                mine = true;
            }
        }
        if (mine) {
            try {
                engine::PlatformRequest rq;
                rq.workspace = options.workspace;
                rq.period = assess::parse_period(period);
                rq.checklist = checklist.value_or("");
                rq.platform = *code;
                rq.files = options.files;
                made.set_value(std::make_shared<const assess::PlatformScore>(engine::platform(rq)));
            } catch (...) {
                made.set_exception(std::current_exception()); // those waiting hear it too
                std::lock_guard lock(scoring);
                scorecards.erase(key); // and the next request tries again
            }
        }
        return {scorecard.get(), checklist};
    }

    /// The period a request names (normalised), assessed and stored when it is not yet; the newest
    /// stored period when the request names none.
    std::string period_of(const httplib::Request& req, std::shared_ptr<const engine::MapSnapshot>& snap) {
        auto given = param(req, "period");
        if (!given) {
            if (snap->stored_periods().empty())
                throw HttpError(404, "no assessment is stored yet; name a period");
            // The newest and finest stored: a month before the quarter or year it starts.
            return snap->stored_periods().back();
        }
        std::string id;
        try {
            id = assess::parse_period(*given).id;
        } catch (const UsageError& e) {
            throw HttpError(400, e.what());
        }
        const auto& stored = snap->stored_periods();
        if (std::find(stored.begin(), stored.end(), id) != stored.end()) return id;
        std::lock_guard lock(assessing);
        try {
            engine::ensure_assessed(options.workspace, id, options.files);
        } catch (const InputError& e) {
            throw HttpError(404, e.what());
        }
        model.invalidate();
        snap = model.current();
        return id;
    }

    /// Answers with the text cached under `key`, made by `make` when it is not there (the
    /// grid ranking of a big city takes seconds to make and compress). Revalidation needs no
    /// text at all when it is cached.
    void send_cached(const httplib::Request& req, httplib::Response& res, const std::string& key,
                     const char* type, const std::function<std::string()>& make);

    /// What a ranking is made of: the level and period a request names, and the period's stored
    /// results (404 when there are none).
    struct Ranking {
        layers::Level level;
        std::shared_ptr<const engine::MapSnapshot> snap;
        std::string period;
        std::shared_ptr<const engine::PeriodResults> results;
    };
    Ranking ranking_of(const httplib::Request& req) {
        Ranking r;
        r.level = parse_level_param(param(req, "level"));
        r.snap = model.current();
        r.period = period_of(req, r.snap);
        r.results = r.snap->results(r.period);
        if (!r.results) throw HttpError(404, "no results stored for " + r.period);
        return r;
    }

    void routes();
    void page_routes();
    void summary_routes();
    void region_routes();
    void census_routes();
    void platform_routes();
    void error_handlers();
    void tile_route(const httplib::Request& req, httplib::Response& res);
    void tilejson_route(const httplib::Request& req, httplib::Response& res);
    void static_file(const httplib::Request& req, httplib::Response& res, const std::filesystem::path& dir,
                     const std::string& name);
};

void Service::Impl::send_cached(const httplib::Request& req, httplib::Response& res, const std::string& key,
                                const char* type, const std::function<std::string()>& make) {
    std::shared_ptr<const CachedAnswer> cached = answers.get(key);
    std::string made;
    if (!cached) {
        made = make();
        auto answer = std::make_shared<CachedAnswer>();
        answer->etag = "W/\"" + fnv_hex(made) + "\"";
        if (made.size() >= 1024) answer->gzip = tiles::gzip(made);
        if (answer->gzip.empty() || made.size() <= plain_kept_bytes) answer->body = made;
        answers.put(key, answer);
        cached = answer;
    }
    res.set_header("ETag", cached->etag);
    res.set_header("Cache-Control", "no-cache");
    res.set_header("Vary", "Accept-Encoding");
    if (not_modified(req, cached->etag)) {
        res.status = 304;
        return;
    }
    if (!cached->gzip.empty() && accepts_gzip(req)) {
        res.set_header("Content-Encoding", "gzip");
        send_shared(res, cached, cached->gzip, type);
    } else if (!cached->body.empty() || cached->gzip.empty()) {
        send_shared(res, cached, cached->body, type);
    } else {
        // Too big to be kept plain as well: made again for a client that takes no gzip.
        auto plain = std::make_shared<const std::string>(made.empty() ? make() : std::move(made));
        send_shared(res, plain, *plain, type);
    }
}

void Service::Impl::static_file(const httplib::Request& req, httplib::Response& res,
                                const std::filesystem::path& dir, const std::string& name) {
    // The route's pattern admits no "..", no absolute path and no hidden file; check anyway.
    if (name.empty() || name.find("..") != std::string::npos || name[0] == '/' || name[0] == '.')
        throw HttpError(400, "bad file name");
    const std::filesystem::path path = dir / name;
    std::error_code no_size, no_time;
    const auto size = std::filesystem::file_size(path, no_size);
    const auto when = std::filesystem::last_write_time(path, no_time);
    if (no_size || no_time || !std::filesystem::is_regular_file(path))
        throw HttpError(404, "no file " + name);
    // The file as it is now: a file changed on disk is a new key.
    const std::string key = "file " + path.string() + " " + std::to_string(size) + " " +
                            std::to_string(when.time_since_epoch().count());
    send_cached(req, res, key, content_type_of(name), [&] {
        auto body = read_whole(path);
        if (!body) throw HttpError(404, "no file " + name);
        return std::move(*body);
    });
}

void Service::Impl::tile_route(const httplib::Request& req, httplib::Response& res) {
    auto layer = engine::parse_map_layer(req.matches[1].str());
    if (!layer) throw HttpError(404, "unknown layer " + req.matches[1].str());
    auto tile = geo::TileId::parse(req.matches[2], req.matches[3], req.matches[4]);
    if (!tile) throw HttpError(400, "no such tile: zoom 0–22, x and y below 2^zoom");
    int scale = req.matches[5].str() == "@2x" ? 2 : 1;
    bool mvt = req.matches[6].str() == "mvt";
    if (mvt && scale == 2) throw HttpError(400, "vector tiles have no @2x form");
    auto snap = model.current();
    engine::TileQuery q{*layer, *tile, "", param(req, "indicator").value_or("composite")};
    if (*layer != engine::MapLayer::coverage) q.period = period_of(req, snap);
    try {
        engine::check_tile_query(q);
    } catch (const UsageError& e) {
        throw HttpError(400, e.what());
    }
    std::string key = std::string(engine::map_layer_name(q.layer)) + "/" + std::to_string(tile->z) + "/" +
                      std::to_string(tile->x) + "/" + std::to_string(tile->y) + "@" + std::to_string(scale) +
                      (mvt ? ".mvt" : ".png") + "?" + q.period + "&" + q.indicator + "#" + snap->version();
    auto cached = cache.get(key);
    if (!cached) {
        auto t = std::make_shared<tiles::CachedTile>();
        t->body = engine::draw_tile(*snap, q, mvt ? engine::TileFormat::mvt : engine::TileFormat::png, scale,
                                    rules);
        if (mvt && !t->body.empty()) t->gzip = tiles::gzip(t->body);
        t->etag = "\"" + fnv_hex(t->body) + "\"";
        cache.put(key, t);
        cached = t;
    }
    bool gz = mvt && !cached->gzip.empty() && accepts_gzip(req);
    // Each representation its own strong tag (RFC 9110): the gzip body differs from the plain one.
    std::string etag = gz ? cached->etag.substr(0, cached->etag.size() - 1) + "-gz\"" : cached->etag;
    res.set_header("ETag", etag);
    res.set_header("Cache-Control", "public, max-age=60");
    if (mvt) res.set_header("Vary", "Accept-Encoding");
    if (not_modified(req, etag)) {
        res.status = 304;
        return;
    }
    if (mvt && cached->body.empty()) {
        res.status = 204; // an empty vector tile (MapLibre and GDAL take 204 as empty)
        return;
    }
    if (gz) res.set_header("Content-Encoding", "gzip");
    res.set_content(gz ? cached->gzip : cached->body,
                    mvt ? "application/vnd.mapbox-vector-tile" : "image/png");
}

void Service::Impl::tilejson_route(const httplib::Request& req, httplib::Response& res) {
    auto layer = engine::parse_map_layer(req.matches[1].str());
    if (!layer) throw HttpError(404, "unknown layer " + req.matches[1].str());
    auto snap = model.current();
    std::string name(engine::map_layer_name(*layer));
    // TileJSON wants absolute URLs: from the Host the client used.
    std::string host = req.get_header_value("Host");
    if (host.empty()) host = options.host + ":" + std::to_string(options.port);
    std::string query;
    for (const char* p : {"period", "indicator"})
        if (auto v = param(req, p))
            query.append(query.empty() ? "?" : "&").append(p).append("=").append(url_encode(*v));
    std::string base = "http://" + host + "/tiles/" + name + "/{z}/{x}/{y}";
    json fields = json::object();
    for (const engine::LayerField& f : engine::layer_fields(*layer)) fields[f.name] = f.description;
    json j = {{"tilejson", "3.0.0"},
              {"name", "wangge " + name},
              {"scheme", "xyz"},
              {"tiles", {base + ".mvt" + query}},
              {"raster_tiles", {base + ".png" + query, base + "@2x.png" + query}},
              {"minzoom", 0},
              {"maxzoom", geo::max_tile_zoom},
              {"vector_layers",
               {{{"id", name}, {"fields", fields}, {"minzoom", 0}, {"maxzoom", geo::max_tile_zoom}}}}};
    if (snap->bounds()) {
        const auto& b = *snap->bounds();
        j["bounds"] = {b.west, b.south, b.east, b.north};
        j["center"] = {(b.west + b.east) / 2, (b.south + b.north) / 2, 12};
    }
    send_json(req, res, j);
}

/// The page, its scripts and styles, and the map library.
void Service::Impl::page_routes() {
    server.Get("/", [this](const httplib::Request& req, httplib::Response& res) {
        static_file(req, res, options.web_dir, "index.html");
    });
    server.Get(R"(/static/([A-Za-z0-9_-]+\.(?:js|css|html|png|svg)))",
               [this](const httplib::Request& req, httplib::Response& res) {
                   static_file(req, res, options.web_dir, req.matches[1]);
               });
    server.Get(R"(/vendor/leaflet/((?:images/)?[A-Za-z0-9_.-]+))",
               [this](const httplib::Request& req, httplib::Response& res) {
                   static_file(req, res, options.leaflet_dir, req.matches[1]);
               });
}

/// What the workspace holds, its periods, the legend.
void Service::Impl::summary_routes() {
    server.Get("/api/health", [this](const httplib::Request& req, httplib::Response& res) {
        json j = engine::health_json(*model.current());
        j["basemap"] = options.basemap ? json(*options.basemap) : json(nullptr);
        j["cache"] = {{"tiles", cache.size()},
                      {"bytes", cache.bytes()},
                      {"hits", cache.hits()},
                      {"misses", cache.misses()},
                      {"answers",
                       {{"count", answers.size()},
                        {"bytes", answers.bytes()},
                        {"hits", answers.hits()},
                        {"misses", answers.misses()}}}};
        send_json(req, res, j);
    });
    server.Get("/api/periods", [this](const httplib::Request& req, httplib::Response& res) {
        send_json(req, res, engine::periods_json(*model.current()));
    });
    server.Get("/api/legend", [this](const httplib::Request& req, httplib::Response& res) {
        send_json(req, res, engine::legend_json(rules));
    });
}

/// The regions of a level, one region, its history, the region at a point, the ranking workbook.
void Service::Impl::region_routes() {
    server.Get("/api/regions", [this](const httplib::Request& req, httplib::Response& res) {
        const Ranking r = ranking_of(req);
        const std::string key =
            std::string(layers::level_name(r.level)) + " " + r.period + " " + r.snap->version();
        if (!req.has_param("indicator") && !req.has_param("limit") && !req.has_param("q")) {
            send_cached(req, res, "regions " + key, "application/json",
                        [&] { return engine::regions_json(*r.snap, *r.results, r.level); });
            return;
        }
        // A page of the ranking: what the map lists of a level of hundreds of thousands.
        const engine::MapIndicator& indicator = parse_indicator_param(req);
        std::size_t limit = std::numeric_limits<std::size_t>::max();
        if (auto given = param(req, "limit")) {
            unsigned long long n = 0;
            auto [end, ec] = std::from_chars(given->data(), given->data() + given->size(), n);
            if (ec != std::errc() || end != given->data() + given->size() || n == 0)
                throw HttpError(400, "limit must be a whole number of 1 or more, not " + *given);
            limit = static_cast<std::size_t>(n);
        }
        const std::string query = param(req, "q").value_or("");
        send_cached(
            req, res,
            "ranking " + key + " " + indicator.id + " " + std::to_string(limit) + " " + query, // query last
            "application/json", [&] {
                return engine::ranking_json(*r.snap, *r.results, r.level, indicator, query, limit, rules);
            });
    });
    server.Get("/api/export.xlsx", [this](const httplib::Request& req, httplib::Response& res) {
        const Ranking r = ranking_of(req);
        std::string name = std::string(layers::level_name(r.level)) + "-" + r.period + ".xlsx";
        res.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
        res.set_header("Cache-Control", "no-cache");
        res.set_content(engine::ranking_xlsx(*r.snap, *r.results, r.level),
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    });
    server.Get("/api/export.csv", [this](const httplib::Request& req, httplib::Response& res) {
        const Ranking r = ranking_of(req);
        const engine::MapIndicator& indicator = parse_indicator_param(req);
        const std::string level = std::string(layers::level_name(r.level));
        res.set_header("Content-Disposition", "attachment; filename=\"" + level + "-" + r.period + ".csv\"");
        send_cached(req, res, "csv " + level + " " + r.period + " " + indicator.id + " " + r.snap->version(),
                    "text/csv; charset=utf-8",
                    [&] { return engine::ranking_csv(*r.snap, *r.results, r.level, indicator, rules); });
    });
    server.Get(R"(/api/regions/(\d{6,15}))", [this](const httplib::Request& req, httplib::Response& res) {
        auto snap = model.current();
        std::string period = period_of(req, snap);
        auto j = engine::region_json(*snap, snap->results(period).get(), req.matches[1]);
        if (!j) throw HttpError(404, "no region " + req.matches[1].str());
        send_json(req, res, *j);
    });
    server.Get(R"(/api/regions/(\d{6,15})/history)",
               [this](const httplib::Request& req, httplib::Response& res) {
                   auto j = engine::history_json(*model.current(), req.matches[1]);
                   if (!j) throw HttpError(404, "no region " + req.matches[1].str());
                   send_json(req, res, *j);
               });
    server.Get("/api/locate", [this](const httplib::Request& req, httplib::Response& res) {
        layers::Level level = parse_level_param(param(req, "level"));
        double lon = 0, lat = 0;
        try {
            lon = std::stod(param(req, "lon").value_or("x"));
            lat = std::stod(param(req, "lat").value_or("x"));
        } catch (const std::exception&) {
            throw HttpError(400, "lon and lat must be numbers");
        }
        if (!(lon >= -180 && lon <= 180 && lat >= -85.06 && lat <= 85.06))
            throw HttpError(400, "lon and lat out of range");
        auto snap = model.current();
        const engine::MapRegion* r = snap->region_at(level, geo::lonlat_to_mercator(lon, lat));
        if (!r) throw HttpError(404, "no region there");
        send_json(
            req, res,
            json{{"level", std::string(layers::level_name(level))}, {"code", r->code}, {"name", r->name}});
    });
}

/// The census report and its findings.
void Service::Impl::census_routes() {
    server.Get("/api/census", [this](const httplib::Request& req, httplib::Response& res) {
        auto district = param(req, "district");
        auto j = engine::census_json(*model.current(), district);
        if (!j)
            throw HttpError(404, district ? "no census report for district " + *district
                                          : "no census report is stored: run wangge validate");
        send_json(req, res, *j);
    });
    server.Get("/api/findings", [this](const httplib::Request& req, httplib::Response& res) {
        auto district = param(req, "district"), grid = param(req, "grid");
        if (!district && !grid) throw HttpError(400, "name a district or a grid");
        auto snap = model.current();
        if (grid && !snap->level(layers::Level::grid).find(*grid)) throw HttpError(404, "no grid " + *grid);
        send_cached(req, res,
                    // The district last: it is the one part of the key not checked, and may hold spaces.
                    "findings " + grid.value_or("-") + " " + snap->version() + " " +
                        (district ? "=" + *district : "-"),
                    "application/json", [&] { return engine::findings_json(*snap, district, grid); });
    });
}

/// The platform scorecards.
void Service::Impl::platform_routes() {
    server.Get("/api/platform", [this](const httplib::Request& req, httplib::Response& res) {
        auto [score, checklist] = platform_score(req);
        json j = json::parse(assess::platform_json(*score));
        j["checklist"] =
            checklist ? json(std::filesystem::path(*checklist).filename().string()) : json(nullptr);
        send_json(req, res, j);
    });
    server.Get("/api/platform.xlsx", [this](const httplib::Request& req, httplib::Response& res) {
        auto [score, checklist] = platform_score(req);
        const std::string path = layers::make_temp_file("wangge-platform", ".xlsx", "the workbook");
        layers::TempFileGuard on_interrupt(path);
        assess::write_platform_xlsx(*score, path);
        auto bytes = read_whole(path);
        std::error_code ignored;
        std::filesystem::remove(path, ignored);
        if (!bytes) throw HttpError(500, "cannot read the workbook back");
        std::string name = "platform-" + score->platform + "-" + score->period + ".xlsx";
        res.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
        res.set_header("Cache-Control", "no-cache");
        res.set_content(*bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    });
}

/// Every failure answered as JSON with its status; the access log.
void Service::Impl::error_handlers() {
    server.set_exception_handler(
        [](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
            try {
                std::rethrow_exception(ep);
            } catch (const HttpError& e) {
                send_error(req, res, e.status, e.what());
            } catch (const UsageError& e) {
                send_error(req, res, 400, e.what());
            } catch (const InputError& e) {
                send_error(req, res, 400, e.what());
            } catch (const std::exception& e) {
                send_error(req, res, 500, e.what());
            } catch (...) {
                send_error(req, res, 500, "internal error");
            }
        });
    // httplib calls this for every answer of 400 or more: only its own (a path no route takes, a
    // request it cannot parse) have no content yet.
    server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
        if (!res.has_header("Content-Type"))
            send_error(req, res, res.status, res.status == 404 ? "no route " + req.path : "bad request");
    });
    if (options.access_log)
        server.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
            char line[512];
            std::snprintf(line, sizeof line, "%s %s %s %d %zu", req.remote_addr.c_str(), req.method.c_str(),
                          req.target.substr(0, 300).c_str(), res.status,
                          res.body.empty() ? res.content_length_ : res.body.size());
            options.access_log(line);
        });
}

void Service::Impl::routes() {
    // Tiles first: cpp-httplib tries the patterns in order, and tiles are most of the requests.
    server.Get(R"(/tiles/([A-Za-z0-9_-]+)/(\d{1,3})/(\d{1,10})/(\d{1,10})(@2x)?\.(png|mvt))",
               [this](const httplib::Request& req, httplib::Response& res) { tile_route(req, res); });
    server.Get(R"(/tiles/([A-Za-z0-9_-]+)\.json)",
               [this](const httplib::Request& req, httplib::Response& res) { tilejson_route(req, res); });
    page_routes();
    summary_routes();
    region_routes();
    census_routes();
    platform_routes();
    server.Get(".*", [](const httplib::Request& req, httplib::Response& res) {
        send_error(req, res, 404, "no route " + req.path);
    });
    error_handlers();
}

Service::Service(ServeOptions options) : m_impl(std::make_unique<Impl>(std::move(options))) {
    unsigned threads = std::max(2u, m_impl->options.threads);
    m_impl->server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    m_impl->server.set_keep_alive_max_count(10000);
    // Headers and body go out in separate writes: without TCP_NODELAY the second waits for the
    // client's delayed ACK (40 ms on Linux).
    m_impl->server.set_tcp_nodelay(true);
    m_impl->server.set_keep_alive_timeout(2);
    m_impl->server.set_payload_max_length(64 * 1024);
    // cpp-httplib's default is SO_REUSEPORT, with which a second server binds a port already in
    // use and the kernel shares the requests between the two: half of a user's tiles would come
    // from whatever workspace the other serves. SO_REUSEADDR alone still rebinds at once after a
    // restart (past TIME_WAIT), and a port in use is refused.
    m_impl->server.set_socket_options([](socket_t sock) {
        int yes = 1;
        ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    m_impl->routes();
}

Service::~Service() = default;

int Service::bind() {
    m_impl->model.current(); // read the workspace now: a bad one fails before the port opens
    auto& o = m_impl->options;
    if (o.port == 0) {
        int port = m_impl->server.bind_to_any_port(o.host);
        if (port <= 0) throw BackendError("cannot listen on " + o.host);
        o.port = port;
    } else if (!m_impl->server.bind_to_port(o.host, o.port)) {
        throw BackendError("cannot listen on " + o.host + ":" + std::to_string(o.port) +
                           " (in use, or not an address of this machine)");
    }
    return o.port;
}

void Service::run() {
    m_impl->server.listen_after_bind();
}

void Service::stop() {
    m_impl->server.stop();
}

} // namespace wangge::service
