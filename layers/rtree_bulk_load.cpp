#include "layers/rtree_bulk_load.hpp"

#include "geo/error.hpp"
#include "geo/phase_timer.hpp"
#include "geo/sqlite_handles.hpp"
#include "geo/wkb.hpp"
#include "layers/gpkg_blob.hpp"
#include "layers/text.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <vector>

namespace wangge::layers {
namespace {

/// A cell of an R*Tree node: a row's id (or a child node's number) and its box as the R*Tree
/// holds it, in 32-bit floats: min x, max x, min y, max y.
struct NodeCell {
    std::int64_t id;
    std::array<float, 4> box;
    float centre(std::size_t axis) const noexcept { return box[2 * axis] / 2 + box[2 * axis + 1] / 2; }
};

/// The float at or below `v` (a minimum) or at or above it (a maximum): the R*Tree rounds boxes
/// outwards, so that they still hold what they index.
float float_down(double v) {
    float f = static_cast<float>(v);
    return f > v ? std::nextafter(f, -INFINITY) : f;
}
float float_up(double v) {
    float f = static_cast<float>(v);
    return f < v ? std::nextafter(f, INFINITY) : f;
}

enum class Envelope { read, empty, unknown };

/// The envelope (min x, max x, min y, max y) of a GeoPackage geometry blob (GPKG 1.2 §2.1.3), read
/// from its header when it carries one (GDAL writes it for all but points) or from a point's WKB.
Envelope envelope_of(const unsigned char* blob, int size, std::array<double, 4>& box) {
    GpkgBlobHeader header;
    if (read_gpkg_header(blob, size, header)) return Envelope::unknown;
    if (header.empty) return Envelope::empty;
    if (header.envelope > 0) {
        geo::WkbReader envelope({reinterpret_cast<const char*>(blob) + 8, header.size - 8});
        for (double& v : box) v = envelope.f64(header.little_endian);
        return std::isnan(box[0]) ? Envelope::empty : Envelope::read;
    }
    const auto point = geo::point_from_wkb(
        {reinterpret_cast<const char*>(blob) + header.size, static_cast<std::size_t>(size) - header.size});
    if (!point) return Envelope::unknown;
    if (std::isnan(point->x) || std::isnan(point->y)) return Envelope::empty;
    box = {point->x, point->x, point->y, point->y};
    return Envelope::read;
}

void put_big_endian(unsigned char* at, std::uint64_t v, int bytes) {
    for (int i = bytes - 1; i >= 0; --i, v >>= 8) at[i] = static_cast<unsigned char>(v);
}

class Writer {
public:
    Writer(sqlite3* db, const std::string& rtree) : m_db(db), m_what("build the spatial index " + rtree) {}

    SqliteStatement prepare(const std::string& sql) { return sqlite_prepare(m_db, sql, m_what); }
    void exec(const std::string& sql) { sqlite_exec(m_db, sql, m_what); }
    void step(sqlite3_stmt* s) {
        if (sqlite3_step(s) != SQLITE_DONE) fail();
        sqlite3_reset(s);
    }
    [[noreturn]] void fail() { throw BackendError("cannot " + m_what + ": " + sqlite3_errmsg(m_db)); }

private:
    sqlite3* m_db;
    std::string m_what;
};

/// The cells of the next level up: `cells` packed into nodes of at most `fanout`, tile by tile
/// (sorted by x into vertical slices, each sorted by y), each node a cell of its box.
template <class WriteNode>
std::vector<NodeCell> pack(std::vector<NodeCell>& cells, std::size_t fanout, WriteNode&& write_node) {
    const std::size_t nodes = (cells.size() + fanout - 1) / fanout;
    const auto slices = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(nodes))));
    const std::size_t per_slice = ((cells.size() + slices - 1) / slices + fanout - 1) / fanout * fanout;
    std::sort(cells.begin(), cells.end(),
              [](const NodeCell& a, const NodeCell& b) { return a.centre(0) < b.centre(0); });
    std::vector<NodeCell> up;
    up.reserve(nodes + slices);
    for (std::size_t s = 0; s < cells.size(); s += per_slice) {
        const auto end = cells.begin() + static_cast<std::ptrdiff_t>(std::min(cells.size(), s + per_slice));
        std::sort(cells.begin() + static_cast<std::ptrdiff_t>(s), end,
                  [](const NodeCell& a, const NodeCell& b) { return a.centre(1) < b.centre(1); });
        for (auto first = cells.begin() + static_cast<std::ptrdiff_t>(s); first < end;) {
            const auto last = std::min(end, first + static_cast<std::ptrdiff_t>(fanout));
            NodeCell node{0, first->box};
            for (auto c = first; c != last; ++c)
                for (std::size_t axis = 0; axis < 2; ++axis) {
                    node.box[2 * axis] = std::min(node.box[2 * axis], c->box[2 * axis]);
                    node.box[2 * axis + 1] = std::max(node.box[2 * axis + 1], c->box[2 * axis + 1]);
                }
            node.id = write_node(std::span<const NodeCell>(&*first, static_cast<std::size_t>(last - first)));
            up.push_back(node);
            first = last;
        }
    }
    return up;
}

} // namespace

std::size_t bulk_load_rtree(sqlite3* db, const std::string& rtree, const std::string& table,
                            const std::string& fid, const std::string& geometry) {
    Writer w(db, rtree);
    PhaseTimer timer(4);
    // The node size SQLite chose when it made the tree (from the page size): read off the root.
    std::size_t node_size = 0;
    {
        SqliteStatement s =
            w.prepare("SELECT length(data) FROM " + sql_identifier(rtree + "_node") + " WHERE nodeno = 1");
        if (sqlite3_step(s.get()) == SQLITE_ROW)
            node_size = static_cast<std::size_t>(sqlite3_column_int64(s.get(), 0));
    }
    const std::size_t cell_size = 8 + 4 * 4, fanout = node_size >= 4 ? (node_size - 4) / cell_size : 0;
    if (fanout < 4) w.fail();

    std::vector<NodeCell> cells;
    {
        SqliteStatement s =
            w.prepare("SELECT " + sql_identifier(fid) + ", " + sql_identifier(geometry) + " FROM " +
                      sql_identifier(table) + " WHERE " + sql_identifier(geometry) + " NOT NULL");
        // A blob whose envelope is not at hand is measured by GDAL's functions, as its triggers do.
        SqliteStatement measure =
            w.prepare("SELECT ST_IsEmpty(?1), ST_MinX(?1), ST_MaxX(?1), ST_MinY(?1), ST_MaxY(?1)");
        int rc;
        while ((rc = sqlite3_step(s.get())) == SQLITE_ROW) {
            const auto* blob = static_cast<const unsigned char*>(sqlite3_column_blob(s.get(), 1));
            const int size = sqlite3_column_bytes(s.get(), 1);
            std::array<double, 4> box;
            switch (envelope_of(blob, size, box)) {
            case Envelope::empty:
                continue;
            case Envelope::read:
                break;
            case Envelope::unknown:
                sqlite3_bind_blob(measure.get(), 1, blob, size, SQLITE_STATIC);
                if (sqlite3_step(measure.get()) != SQLITE_ROW) w.fail();
                const bool empty = sqlite3_column_type(measure.get(), 0) == SQLITE_NULL ||
                                   sqlite3_column_int(measure.get(), 0) != 0 ||
                                   sqlite3_column_type(measure.get(), 1) == SQLITE_NULL;
                for (int i = 0; i < 4; ++i)
                    box[static_cast<std::size_t>(i)] = sqlite3_column_double(measure.get(), i + 1);
                sqlite3_reset(measure.get());
                if (empty) continue;
                break;
            }
            cells.push_back({sqlite3_column_int64(s.get(), 0),
                             {float_down(box[0]), float_up(box[1]), float_down(box[2]), float_up(box[3])}});
        }
        if (rc != SQLITE_DONE) w.fail();
    }
    const std::size_t entries = cells.size();
    timer.lap("read envelopes");

    w.exec("DELETE FROM " + sql_identifier(rtree + "_rowid"));
    w.exec("DELETE FROM " + sql_identifier(rtree + "_parent"));
    w.exec("DELETE FROM " + sql_identifier(rtree + "_node"));
    SqliteStatement node =
        w.prepare("INSERT INTO " + sql_identifier(rtree + "_node") + " (nodeno, data) VALUES (?, ?)");
    std::vector<unsigned char> blob(node_size);
    std::vector<std::pair<std::int64_t, std::int64_t>> leaf_of, parent_of;
    leaf_of.reserve(entries);
    auto write = [&](std::int64_t number, std::span<const NodeCell> children, int depth) {
        std::fill(blob.begin(), blob.end(), 0);
        if (number == 1) put_big_endian(blob.data(), static_cast<std::uint64_t>(depth), 2); // the tree's
        put_big_endian(blob.data() + 2, children.size(), 2);
        unsigned char* at = blob.data() + 4;
        for (const NodeCell& c : children) {
            put_big_endian(at, static_cast<std::uint64_t>(c.id), 8);
            for (int i = 0; i < 4; ++i) {
                std::uint32_t bits;
                std::memcpy(&bits, &c.box[static_cast<std::size_t>(i)], 4);
                put_big_endian(at + 8 + 4 * i, bits, 4);
            }
            at += cell_size;
        }
        sqlite3_bind_int64(node.get(), 1, number);
        sqlite3_bind_blob(node.get(), 2, blob.data(), static_cast<int>(blob.size()), SQLITE_STATIC);
        w.step(node.get());
        for (const NodeCell& c : children) (depth == 0 ? leaf_of : parent_of).emplace_back(c.id, number);
    };
    // Each row's leaf and each node's parent, written in key order: SQLite then appends to the
    // tables' B-trees instead of splitting them at random places (2,000,000 points: the tree in
    // 1.4 s instead of 6.2 s).
    auto write_links = [&](std::vector<std::pair<std::int64_t, std::int64_t>>& links,
                           const std::string& links_table, const std::vector<std::string>& columns) {
        std::sort(links.begin(), links.end());
        constexpr std::size_t batch = 64; // rows per statement: SQLite runs it once for all
        auto insert = [&](std::size_t rows) {
            return w.prepare(insert_rows_sql(links_table, columns, rows));
        };
        SqliteStatement full = insert(batch);
        for (std::size_t first = 0; first < links.size(); first += batch) {
            const std::size_t rows = std::min(batch, links.size() - first);
            SqliteStatement tail = rows < batch ? insert(rows) : nullptr;
            sqlite3_stmt* s = tail ? tail.get() : full.get();
            for (std::size_t r = 0; r < rows; ++r) {
                sqlite3_bind_int64(s, static_cast<int>(2 * r + 1), links[first + r].first);
                sqlite3_bind_int64(s, static_cast<int>(2 * r + 2), links[first + r].second);
            }
            w.step(s);
        }
    };
    // Levels packed from the leaves up, until one node's worth is left: the root, node 1.
    std::int64_t next = 2;
    int depth = 0;
    while (cells.size() > fanout) {
        cells = pack(cells, fanout, [&](std::span<const NodeCell> children) {
            write(next, children, depth);
            return next++;
        });
        ++depth;
    }
    write(1, cells, depth);
    timer.lap("pack and write the tree");
    write_links(leaf_of, rtree + "_rowid", {"rowid", "nodeno"});
    write_links(parent_of, rtree + "_parent", {"nodeno", "parentnode"});
    timer.lap("link");
    return entries;
}

std::string rtree_of(const std::string& table) {
    return "rtree_" + table + "_geom";
}

std::vector<std::string> set_aside_index_triggers(sqlite3* db, const std::string& table) {
    const std::string rtree = rtree_of(table);
    std::vector<std::string> names, sql;
    SqliteStatement select = sqlite_prepare(
        db,
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (" +
            sql_literal(rtree + "_insert") + ", " + sql_literal(rtree + "_delete") +
            ") AND EXISTS (SELECT 1 FROM sqlite_master WHERE name = " + sql_literal(rtree) + ")",
        "read the triggers of " + table);
    while (sqlite3_step(select.get()) == SQLITE_ROW) {
        names.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(select.get(), 0)));
        sql.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(select.get(), 1)));
    }
    for (const std::string& name : names)
        sqlite_exec(db, "DROP TRIGGER " + sql_identifier(name), "set aside " + name);
    return sql;
}

} // namespace wangge::layers
