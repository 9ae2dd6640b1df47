#pragma once

#include <string>
#include <vector>

namespace wangge::test {

/// A fresh temporary folder, removed with everything in it when the object dies.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const noexcept { return m_path; }
    std::string file(const std::string& name) const { return m_path + "/" + name; }

private:
    std::string m_path;
};

struct RunResult {
    int status = -1;
    std::string out;
    std::string err;
};

/// The `wangge` binary the tests run: $WANGGE_BINARY when set (the sanitizer pass points the
/// integration tests at its own build), else the one built beside the tests.
std::string wangge_binary();

/// Runs the built `wangge` binary with arguments (each passed as one word) and captures its
/// exit status, standard output and standard error.
RunResult run_wangge(const std::vector<std::string>& args);

/// Runs a shell command; returns its status and output (stdout and stderr together).
RunResult run_shell(const std::string& command);

/// The answer of the sqlite3 command-line shell to `sql` on `db` (rows on lines, columns by '|').
std::string sqlite(const std::string& db, const std::string& sql);

/// The project's data/ folder.
std::string data_dir();

std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& text);

/// WKB of an axis-aligned rectangle.
std::string rect_wkb(double x0, double y0, double x1, double y1);
/// WKB of a polygon from a flat list x0,y0,x1,y1,… (closed by the function).
std::string polygon_wkb(const std::vector<double>& xy);

} // namespace wangge::test
