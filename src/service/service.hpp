#pragma once

// `wangge serve`: the web map and its JSON and tile routes (design.md "HTTP service") over one
// workspace, on cpp-httplib. Reads the engine's snapshot (MapModel), which follows the workspace
// when another process imports or assesses; assesses a period on its first request.

#include "src/engine/engine.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace wangge::service {

struct ServeOptions {
    std::string workspace;
    std::string host = "127.0.0.1";
    int port = 8080; ///< 0: any free port (see Service::bind)
    /// Worker threads. cpp-httplib keeps a worker per open connection, so this bounds the
    /// number of browsers and keep-alive clients served at once.
    unsigned threads = 64;
    engine::RuleFiles files = engine::RuleFiles::with({}, {});
    std::size_t cache_bytes = std::size_t{256} << 20;
    /// The web page's files (index.html, app.js, app.css) and Leaflet's (leaflet.js, leaflet.css).
    std::string web_dir, leaflet_dir;
    /// A basemap tile URL template ({z}/{x}/{y}); none by default: the map works offline.
    std::optional<std::string> basemap;
    /// A folder of platform checklists (*.txt, `platform = CODE`), for the platform scorecards;
    /// none: the scorecards hold the computed items only.
    std::optional<std::string> checklists;
    /// Receives one access-log line per request; none: no log.
    std::function<void(const std::string&)> access_log;
};

/// Where the page's files are: $WANGGE_WEB_DIR, else tiles/web of the source tree, else ./web.
std::string default_web_dir();
/// Debian's libjs-leaflet.
inline constexpr const char* default_leaflet_dir = "/usr/share/javascript/leaflet";

class Service {
public:
    explicit Service(ServeOptions options);
    ~Service();
    Service(const Service&) = delete;
    Service& operator=(const Service&) = delete;

    /// Reads the workspace and binds the socket; returns the port. Throws BackendError when the
    /// address cannot be bound and InputError when the workspace cannot be read.
    int bind();
    /// Serves until stop(); requests in flight are answered before it returns.
    void run();
    /// Stops serving; safe from another thread.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace wangge::service
