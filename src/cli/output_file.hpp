#pragma once

#include <filesystem>
#include <functional>
#include <string>

namespace wangge::cli {

/// Writes an output file beside its final name and moves it into place only when the writer
/// succeeded, so that a failure never leaves half a report where the user expects one.
inline void write_output(const std::string& path, const std::function<void(const std::string& tmp)>& writer) {
    namespace fs = std::filesystem;
    fs::path target(path);
    // The extension stays last: GDAL and spreadsheet writers choose a format by it.
    fs::path tmp =
        target.parent_path() / ("." + target.stem().string() + ".part" + target.extension().string());
    try {
        writer(tmp.string());
        fs::rename(tmp, target);
    } catch (...) {
        std::error_code ec;
        fs::remove(tmp, ec);
        throw;
    }
}

} // namespace wangge::cli
