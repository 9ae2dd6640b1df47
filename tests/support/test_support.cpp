#include "tests/support/test_support.hpp"

#include "geo/wkb.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>

namespace wangge::test {

namespace fs = std::filesystem;

TempDir::TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "wangge-test-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    m_path = tmpl;
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

namespace {

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

} // namespace

std::string wangge_binary() {
    const char* env = std::getenv("WANGGE_BINARY");
    return env && *env ? env : WANGGE_BINARY;
}

RunResult run_wangge(const std::vector<std::string>& args) {
    TempDir io;
    std::string cmd = shell_quote(wangge_binary());
    for (const auto& a : args) cmd += " " + shell_quote(a);
    cmd += " >" + io.file("out") + " 2>" + io.file("err") + " </dev/null";
    int raw = std::system(cmd.c_str());
    RunResult r;
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    r.out = read_file(io.file("out"));
    r.err = read_file(io.file("err"));
    return r;
}

RunResult run_shell(const std::string& command) {
    TempDir io;
    int raw = std::system(("(" + command + ") >" + io.file("out") + " 2>&1 </dev/null").c_str());
    RunResult r;
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    r.out = read_file(io.file("out"));
    return r;
}

std::string sqlite(const std::string& db, const std::string& sql) {
    RunResult r = run_shell("sqlite3 " + shell_quote(db) + " " + shell_quote(sql));
    if (r.status != 0) throw std::runtime_error("sqlite3 " + db + ": " + r.out);
    return r.out;
}

std::string data_dir() {
    return WANGGE_SOURCE_DATA_DIR;
}

std::string rect_wkb(double x0, double y0, double x1, double y1) {
    return geo::polygon_wkb({{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}});
}

std::string polygon_wkb(const std::vector<double>& xy) {
    geo::Ring ring;
    for (std::size_t i = 0; i + 1 < xy.size(); i += 2) ring.push_back({xy[i], xy[i + 1]});
    ring.push_back(ring.front());
    return geo::polygon_wkb({ring});
}

} // namespace wangge::test
