#pragma once

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace wangge::layers {

/// A file a command reads or writes, with the words that name it in a message ("the workspace",
/// "--findings").
struct NamedPath {
    std::string role;
    std::string path;
};

/// Checks before a long run that `path` can be written (its folder exists and is writable, and
/// it is not a folder); throws InputError naming it otherwise.
void check_writable(const std::string& path);

/// An output, and the database it may replace when one is there already: a GeoPackage whose
/// `wangge_meta` table says `format` = `replaces_format` (one that wangge wrote as this kind of
/// output). Without it, an output replaces only plain files.
struct OutputPath {
    NamedPath name;
    std::optional<std::string> replaces_format;
};

/// Refuses (UsageError, before any work) an output that is one of `inputs` or another output
/// (the same file after following symlinks: device and inode, not the strings), and an output
/// that would replace a database it was not made to replace: a workspace or a GeoPackage of
/// someone's layers is never overwritten by a report. Also checks each output is writable.
void check_outputs(const std::vector<OutputPath>& outputs, const std::vector<NamedPath>& inputs);

/// Writes an output file beside its final name and moves it into place only when `writer`
/// succeeded and the bytes are on disk, so that a failure never leaves half a report where the
/// user expects one, and the old file stays. The temporary name keeps the extension: GDAL and
/// spreadsheet writers choose a format by it. The temporary is removed on failure and on SIGINT
/// or SIGTERM. A failure throws BackendError in one line: "disk full writing f.geojson" when
/// the disk is full, else "cannot write f.geojson: <first line of the cause>".
///
/// `sidecars` are files that belong with the output under its name with another extension (".csvt",
/// ".prj"): the writer makes them beside the temporary, and they move into place with it.
void write_output(const std::string& path, const std::function<void(const std::string& tmp)>& writer,
                  const std::vector<std::string>& sidecars = {});

/// write_output of a text file.
void write_text_output(const std::string& path, const std::string& text);
/// write_output of a text written as it is made, by `writer` into a stream.
void write_stream_output(const std::string& path, const std::function<void(std::ostream& out)>& writer);
/// Writes bytes as they are (a tile, an image), the same safe way.
void write_bytes_output(const std::string& path, const std::string& bytes);

/// The first line of a message, at most `limit` bytes: library errors can quote whole SQL
/// statements.
std::string first_line(const std::string& message, std::size_t limit = 300);

} // namespace wangge::layers
