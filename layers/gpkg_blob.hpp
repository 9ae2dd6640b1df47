#pragma once

// The header of a GeoPackage geometry blob (GPKG 1.2 §2.1.3): what the fast reader skips to reach
// the WKB, and where the R-tree loader reads a geometry's envelope.

#include <cstddef>

namespace wangge::layers {

struct GpkgBlobHeader {
    bool little_endian = true; ///< of the header's numbers (the envelope)
    bool empty = false;
    int envelope = 0;     ///< what the envelope holds: 0 none, 1 x and y, 2 also z, 3 also m, 4 z and m
    std::size_t size = 0; ///< bytes before the WKB
};

/// Reads the header of `blob`; returns why the blob cannot be used, or nullptr.
inline const char* read_gpkg_header(const unsigned char* blob, int size, GpkgBlobHeader& header) {
    if (size < 8 || blob[0] != 'G' || blob[1] != 'P') return "not a GeoPackage geometry blob";
    if (blob[2] != 0) return "a GeoPackage geometry blob of an unknown version";
    const int flags = blob[3];
    if (flags & 0x20) return "an extended GeoPackage geometry blob";
    static constexpr std::size_t envelope_bytes[] = {0, 32, 48, 48, 64};
    header.envelope = (flags >> 1) & 7;
    if (header.envelope > 4) return "a GeoPackage geometry blob with an invalid envelope flag";
    header.little_endian = flags & 1;
    header.empty = flags & 0x10;
    header.size = 8 + envelope_bytes[header.envelope];
    if (static_cast<std::size_t>(size) < header.size) return "a truncated geometry blob";
    return nullptr;
}

} // namespace wangge::layers
