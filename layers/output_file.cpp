#include "layers/output_file.hpp"

#include "geo/error.hpp"

#include <filesystem>
#include <unistd.h>

namespace wangge::layers {

namespace fs = std::filesystem;

void check_writable(const std::string& path) {
    fs::path dir = fs::path(path).parent_path();
    if (dir.empty()) dir = ".";
    if (!fs::is_directory(dir)) throw InputError(path + ": the folder " + dir.string() + " does not exist");
    if (access(dir.c_str(), W_OK) != 0)
        throw InputError(path + ": the folder " + dir.string() + " is not writable");
    if (fs::is_directory(path)) throw InputError(path + ": is a folder, not a file");
}

void write_output(const std::string& path, const std::function<void(const std::string& tmp)>& writer) {
    check_writable(path);
    fs::path target(path);
    fs::path tmp =
        target.parent_path() / ("." + target.stem().string() + ".part" + target.extension().string());
    std::error_code ec;
    fs::remove(tmp, ec);
    try {
        writer(tmp.string());
        fs::rename(tmp, target);
    } catch (...) {
        fs::remove(tmp, ec);
        throw;
    }
}

} // namespace wangge::layers
