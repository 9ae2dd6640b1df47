#include "geo/error.hpp"
#include "layers/store.hpp"
#include "src/cli/commands.hpp"
#include "src/service/service.hpp"

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <thread>
#include <unistd.h>

namespace wangge::cli {
namespace {

/// host:port, host or :port; the port 1–65535 (0: any free port).
void parse_listen(const std::string& listen, service::ServeOptions& o) {
    auto colon = listen.rfind(':');
    std::string host = colon == std::string::npos ? listen : listen.substr(0, colon);
    std::string port = colon == std::string::npos ? "" : listen.substr(colon + 1);
    if (!host.empty()) o.host = host;
    if (!port.empty()) {
        try {
            std::size_t used = 0;
            int p = std::stoi(port, &used);
            if (used != port.size() || p < 0 || p > 65535) throw std::out_of_range(port);
            o.port = p;
        } catch (const std::exception&) {
            throw UsageError("--listen " + listen + ": expected HOST:PORT with a port of 0–65535");
        }
    }
}

} // namespace

namespace {

int g_signal_pipe[2] = {-1, -1};

/// Access-log lines written by one thread in batches: a write per request would cost as much as
/// answering a cached tile.
class AccessLog {
public:
    AccessLog() : m_writer([this] { run(); }) {}
    ~AccessLog() {
        {
            std::lock_guard lock(m_mutex);
            m_done = true;
        }
        m_wake.notify_one();
        m_writer.join();
    }
    void add(const std::string& line) {
        std::lock_guard lock(m_mutex);
        m_pending += line;
        m_pending += '\n';
    }

private:
    void run() {
        std::unique_lock lock(m_mutex);
        while (true) {
            m_wake.wait_for(lock, std::chrono::milliseconds(200), [this] { return m_done; });
            std::string batch;
            batch.swap(m_pending);
            bool done = m_done;
            lock.unlock();
            if (!batch.empty()) {
                std::fwrite(batch.data(), 1, batch.size(), stderr);
                std::fflush(stderr);
            }
            if (done) return;
            lock.lock();
        }
    }
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::string m_pending;
    bool m_done = false;
    std::thread m_writer;
};

void on_stop_signal(int sig) {
    unsigned char b = static_cast<unsigned char>(sig);
    [[maybe_unused]] auto n = ::write(g_signal_pipe[1], &b, 1); // async-signal-safe
}

} // namespace

int serve_until_signal(service::ServeOptions options, const std::string& listen) {
    parse_listen(listen, options);
    AccessLog log;
    options.access_log = [&log](const std::string& line) { log.add(line); };
    service::Service server(options);
    int port = server.bind();
    // SIGINT and SIGTERM wake a thread that stops the server; requests in flight are answered.
    // (Any thread may take the signal — the shared pool's threads exist already — so the handler
    // only writes to a pipe.)
    if (::pipe(g_signal_pipe) != 0) throw BackendError("cannot create a pipe");
    struct sigaction sa {
    }, old_int{}, old_term{};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    std::string host = options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
    std::cout << "serving the map of " << layers::redact_uri(options.workspace) << " at http://" << host
              << ":" << port << "/  (Ctrl-C to stop)" << std::endl;
    unsigned char received = 0;
    std::thread watcher([&] {
        while (::read(g_signal_pipe[0], &received, 1) < 0 && errno == EINTR) {
        }
        server.stop();
    });
    server.run();
    if (!received) on_stop_signal(0); // run() ended on its own: release the watcher
    watcher.join();
    sigaction(SIGINT, &old_int, nullptr);
    sigaction(SIGTERM, &old_term, nullptr);
    ::close(g_signal_pipe[0]);
    ::close(g_signal_pipe[1]);
    std::cout << "stopped" << (received ? " on a signal" : "") << std::endl;
    return 0;
}

int run_serve(const ServeArgs& a) {
    service::ServeOptions o;
    o.workspace = a.workspace;
    o.files = engine::RuleFiles::with(a.rules, a.catalog, a.calendar);
    o.web_dir = service::default_web_dir();
    o.leaflet_dir = service::default_leaflet_dir;
    o.basemap = a.basemap;
    o.checklists = a.checklists;
    if (a.threads) o.threads = *a.threads;
    if (a.cache_mb) o.cache_bytes = static_cast<std::size_t>(*a.cache_mb) << 20;
    return serve_until_signal(o, a.listen);
}

} // namespace wangge::cli
