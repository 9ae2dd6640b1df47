#include "layers/nul_scan.hpp"

#include "layers/text.hpp"

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

namespace wangge::layers {
namespace {

std::optional<NulByte> scan_csv(std::ifstream& in) {
    std::string line, header;
    std::getline(in, header);
    long long row = 0;
    while (std::getline(in, line)) {
        ++row;
        std::size_t at = line.find('\0');
        if (at == std::string::npos) continue;
        // The column: commas before the NUL outside quotes.
        std::size_t column = 0;
        bool quoted = false;
        for (std::size_t i = 0; i < at; ++i) {
            if (line[i] == '"') quoted = !quoted;
            if (line[i] == ',' && !quoted) ++column;
        }
        std::vector<std::string> names(1);
        for (char c : header) {
            if (c == ',')
                names.emplace_back();
            else if (c != '"' && c != '\r')
                names.back() += c;
        }
        return NulByte{row, column < names.size() ? names[column] : ""};
    }
    return std::nullopt;
}

struct DbfField {
    std::string name;
    char type = 'C';
    std::size_t offset = 0, length = 0;
};

std::optional<NulByte> scan_dbf(std::ifstream& in) {
    unsigned char head[32];
    if (!in.read(reinterpret_cast<char*>(head), 32)) return std::nullopt;
    auto le16 = [&](int at) {
        return static_cast<std::size_t>(head[at]) | (static_cast<std::size_t>(head[at + 1]) << 8);
    };
    const std::size_t header_length = le16(8), record_length = le16(10);
    if (header_length < 33 || record_length < 1) return std::nullopt;
    std::vector<DbfField> fields;
    std::size_t offset = 1; // the deletion flag
    for (std::size_t pos = 32; pos + 32 <= header_length; pos += 32) {
        unsigned char d[32];
        if (!in.read(reinterpret_cast<char*>(d), 32) || d[0] == 0x0D) break;
        DbfField f;
        f.name.assign(reinterpret_cast<const char*>(d), strnlen(reinterpret_cast<const char*>(d), 11));
        f.type = static_cast<char>(d[11]);
        f.offset = offset;
        f.length = d[16];
        offset += f.length;
        fields.push_back(f);
    }
    in.seekg(static_cast<std::streamoff>(header_length));
    std::vector<char> record(record_length);
    for (long long row = 1; in.read(record.data(), static_cast<std::streamsize>(record_length)); ++row) {
        if (record[0] == 0x1A) break; // end of file marker
        if (!std::memchr(record.data(), 0, record_length)) continue;
        for (const DbfField& f : fields) {
            if (f.type != 'C' || f.offset + f.length > record_length) continue;
            const char* v = record.data() + f.offset;
            const char* nul = static_cast<const char*>(std::memchr(v, 0, f.length));
            if (!nul) continue;
            for (const char* p = nul; p < v + f.length; ++p)
                if (*p != 0 && *p != ' ') return NulByte{row, f.name};
        }
    }
    return std::nullopt;
}

std::optional<NulByte> scan_geojson(std::ifstream& in) {
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::size_t at = text.find("\\u0000");
    if (at == std::string::npos) return std::nullopt;
    // Features before it: one "Feature" type member each.
    long long row = 0;
    for (std::size_t p = text.find("\"Feature\""); p != std::string::npos && p < at;
         p = text.find("\"Feature\"", p + 1))
        ++row;
    std::size_t key_end = text.rfind("\":", at),
                key_start = key_end == std::string::npos ? key_end : text.rfind('"', key_end - 1);
    std::string field =
        key_start == std::string::npos ? "" : text.substr(key_start + 1, key_end - key_start - 1);
    return NulByte{row, field};
}

} // namespace

std::optional<NulByte> find_nul_byte(const std::string& path) {
    namespace fs = std::filesystem;
    std::string ext = lower_ascii(fs::path(path).extension().string());
    std::string file = path;
    if (ext == ".shp") {
        file = fs::path(path).replace_extension(".dbf").string();
        if (!fs::exists(file)) file = fs::path(path).replace_extension(".DBF").string();
        ext = ".dbf";
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    if (ext == ".csv") return scan_csv(in);
    if (ext == ".dbf") return scan_dbf(in);
    if (ext == ".geojson" || ext == ".json") return scan_geojson(in);
    return std::nullopt;
}

} // namespace wangge::layers
