#pragma once

#include <functional>
#include <string>

namespace wangge::layers {

/// Checks before a long run that `path` can be written (its folder exists and is writable, and
/// it is not a folder); throws InputError naming it otherwise.
void check_writable(const std::string& path);

/// Writes an output file beside its final name and moves it into place only when `writer`
/// succeeded, so that a failure never leaves half a report where the user expects one. The
/// temporary name keeps the extension: GDAL and spreadsheet writers choose a format by it.
void write_output(const std::string& path, const std::function<void(const std::string& tmp)>& writer);

} // namespace wangge::layers
