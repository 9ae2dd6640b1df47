#include "tiles/png_palette.hpp"

#include <algorithm>
#include <array>
#include <bit>

namespace wangge::tiles {
namespace {

constexpr std::size_t palette_size = 256;
// When a tile has more colours than the palette holds, up to this many of the most frequent keep
// an entry of their own: the fills, whose exact grade colour a reader of the map compares with the
// legend, and strokes. The rest of the palette is shared by median cut.
constexpr std::size_t exact_entries = 128;
// …as long as they cover this many pixels: the anti-aliased edges, each a pixel or two, are
// nearer their own colours with more of the palette to share.
constexpr std::uint32_t exact_pixels = 16;

/// Channel i of 0xAARRGGBB: 0 blue, 1 green, 2 red, 3 alpha.
unsigned channel(std::uint32_t colour, std::size_t i) {
    return (colour >> (8 * i)) & 0xffu;
}

struct Entry {
    std::uint32_t colour = 0;
    std::uint32_t count = 0;
    std::uint32_t index = 0; // in the palette
};

/// Distinct colours and their pixel counts: an open-addressing table over a dense list. A tile
/// has tens to thousands of colours in its 65,536 or 262,144 pixels, so the table starts small
/// and grows; a node-based map would cost more than the rest of the reduction.
class ColourTable {
public:
    ColourTable() { rehash(1024); }

    /// The colour's place in entries(), adding it if new.
    std::uint32_t find_or_add(std::uint32_t colour) {
        Slot& slot = m_slots[find(colour)];
        if (slot.entry != 0) return slot.entry - 1;
        m_entries.push_back({colour, 0, 0});
        const auto place = static_cast<std::uint32_t>(m_entries.size() - 1);
        slot = {colour, place + 1};
        if (2 * m_entries.size() > m_slots.size()) rehash(2 * m_slots.size());
        return place;
    }

    /// The place of a colour that was added.
    std::uint32_t place(std::uint32_t colour) const { return m_slots[find(colour)].entry - 1; }

    std::vector<Entry>& entries() { return m_entries; }

private:
    struct Slot {
        std::uint32_t colour = 0;
        std::uint32_t entry = 0; // its place in m_entries plus one; 0: free
    };

    /// The colour's slot, or the free slot where it goes.
    std::size_t find(std::uint32_t colour) const {
        std::size_t s = (colour * 0x9e3779b97f4a7c15ull) >> m_shift;
        while (m_slots[s].entry != 0 && m_slots[s].colour != colour) s = (s + 1) & (m_slots.size() - 1);
        return s;
    }

    void rehash(std::size_t capacity) {
        m_slots.assign(capacity, Slot{});
        m_shift = 64 - std::countr_zero(capacity);
        for (std::size_t i = 0; i < m_entries.size(); ++i)
            m_slots[find(m_entries[i].colour)] = {m_entries[i].colour, static_cast<std::uint32_t>(i + 1)};
    }

    std::vector<Slot> m_slots;
    int m_shift = 0;
    std::vector<Entry> m_entries;
};

/// Each pixel's place in the table, looked up once per run of one colour (a tile's flat fills).
void for_each_place(std::span<const std::uint32_t> pixels, auto&& lookup, auto&& visit) {
    std::uint32_t last_colour = 0, last_place = 0;
    bool first = true;
    for (std::uint32_t p : pixels) {
        if (first || p != last_colour) last_colour = p, last_place = lookup(p), first = false;
        visit(last_place);
    }
}

/// A range of colours that will share one palette entry.
struct ColourBox {
    std::size_t begin, end;
    std::size_t widest = 0;  // the channel along which its colours spread most
    std::uint64_t score = 0; // spread × pixels: the box whose sharing would cost most
};

ColourBox measure(std::span<Entry*> colours, std::size_t begin, std::size_t end) {
    ColourBox box{begin, end};
    std::array<unsigned, 4> low{255, 255, 255, 255}, high{};
    std::uint64_t pixels = 0;
    for (std::size_t i = begin; i < end; ++i) {
        for (std::size_t c = 0; c < 4; ++c) {
            low[c] = std::min(low[c], channel(colours[i]->colour, c));
            high[c] = std::max(high[c], channel(colours[i]->colour, c));
        }
        pixels += colours[i]->count;
    }
    for (std::size_t c = 1; c < 4; ++c)
        if (high[c] - low[c] > high[box.widest] - low[box.widest]) box.widest = c;
    box.score = end - begin > 1 ? (high[box.widest] - low[box.widest]) * pixels : 0;
    return box;
}

/// Splits `colours` into at most `budget` boxes by median cut, weighted by pixel counts.
std::vector<ColourBox> median_cut(std::span<Entry*> colours, std::size_t budget) {
    std::vector<ColourBox> boxes{measure(colours, 0, colours.size())};
    while (boxes.size() < budget) {
        auto worst = std::max_element(boxes.begin(), boxes.end(), [](const ColourBox& a, const ColourBox& b) {
            return a.score < b.score;
        });
        if (worst->score == 0) break;
        ColourBox box = *worst;
        auto first = colours.begin() + static_cast<std::ptrdiff_t>(box.begin);
        auto last = colours.begin() + static_cast<std::ptrdiff_t>(box.end);
        std::sort(first, last, [c = box.widest](const Entry* a, const Entry* b) {
            return channel(a->colour, c) != channel(b->colour, c)
                       ? channel(a->colour, c) < channel(b->colour, c)
                       : a->colour < b->colour;
        });
        std::uint64_t pixels = 0, half = 0;
        for (auto it = first; it != last; ++it) pixels += (*it)->count;
        std::size_t cut = box.begin + 1;
        for (std::size_t i = box.begin; i + 1 < box.end; ++i) {
            half += colours[i]->count;
            cut = i + 1;
            if (2 * half >= pixels) break;
        }
        *worst = measure(colours, box.begin, cut);
        boxes.push_back(measure(colours, cut, box.end));
    }
    return boxes;
}

/// The colour a box's pixels share: their mean, the colour channels weighted by alpha (as the
/// pixels blend over the map).
std::uint32_t mean_colour(std::span<Entry* const> colours) {
    std::uint64_t pixels = 0, alpha = 0;
    std::array<std::uint64_t, 3> weighted{};
    for (const Entry* e : colours) {
        std::uint64_t a = channel(e->colour, 3);
        pixels += e->count;
        alpha += a * e->count;
        for (std::size_t c = 0; c < 3; ++c) weighted[c] += channel(e->colour, c) * a * e->count;
    }
    std::uint32_t out = static_cast<std::uint32_t>((alpha + pixels / 2) / pixels) << 24;
    if (alpha > 0)
        for (std::size_t c = 0; c < 3; ++c)
            out |= static_cast<std::uint32_t>((weighted[c] + alpha / 2) / alpha) << (8 * c);
    return out;
}

/// How far apart two straight colours look over the map: their premultiplied channels' distance.
std::int64_t distance(std::uint32_t a, std::uint32_t b) {
    const std::int64_t alpha_a = channel(a, 3), alpha_b = channel(b, 3);
    std::int64_t d = (alpha_a - alpha_b) * 255 * (alpha_a - alpha_b) * 255;
    for (std::size_t c = 0; c < 3; ++c) {
        std::int64_t e = channel(a, c) * alpha_a - channel(b, c) * alpha_b;
        d += e * e;
    }
    return d;
}

/// The entry of `palette` nearest to `colour`.
std::uint32_t nearest(std::span<const std::uint32_t> palette, std::uint32_t colour) {
    std::uint32_t best = 0;
    std::int64_t best_distance = distance(palette[0], colour);
    for (std::size_t i = 1; i < palette.size() && best_distance > 0; ++i)
        if (std::int64_t d = distance(palette[i], colour); d < best_distance)
            best = static_cast<std::uint32_t>(i), best_distance = d;
    return best;
}

} // namespace

PalettedImage reduce_to_palette(std::span<const std::uint32_t> pixels) {
    ColourTable table;
    for_each_place(
        pixels, [&](std::uint32_t p) { return table.find_or_add(p); },
        [&](std::uint32_t place) { ++table.entries()[place].count; });
    std::vector<Entry*> distinct;
    for (Entry& e : table.entries()) distinct.push_back(&e);

    PalettedImage out;
    std::vector<std::uint32_t> colours; // the palette, in the order found
    if (distinct.size() <= palette_size) {
        for (Entry* e : distinct) {
            e->index = static_cast<std::uint32_t>(colours.size());
            colours.push_back(e->colour);
        }
    } else {
        out.exact = false;
        std::sort(distinct.begin(), distinct.end(), [](const Entry* a, const Entry* b) {
            return a->count != b->count ? a->count > b->count : a->colour < b->colour;
        });
        std::size_t exact = 0;
        for (; exact < exact_entries && distinct[exact]->count >= exact_pixels; ++exact) {
            distinct[exact]->index = static_cast<std::uint32_t>(colours.size());
            colours.push_back(distinct[exact]->colour);
        }
        std::span<Entry*> rest(distinct.begin() + static_cast<std::ptrdiff_t>(exact), distinct.end());
        for (const ColourBox& box : median_cut(rest, palette_size - exact)) {
            const auto members = rest.subspan(box.begin, box.end - box.begin);
            colours.push_back(mean_colour(members));
        }
        // A box's mean is not always the nearest entry to each of its colours (an edge between
        // two fills may be nearer one of them): each colour takes the entry nearest to it.
        for (Entry* e : rest) e->index = nearest(colours, e->colour);
    }

    // Translucent entries first; tRNS then needs no 255s for the opaque ones.
    std::vector<std::uint32_t> position(colours.size());
    for (int opaque = 0; opaque < 2; ++opaque)
        for (std::size_t i = 0; i < colours.size(); ++i)
            if ((channel(colours[i], 3) == 255) == (opaque == 1)) {
                position[i] = static_cast<std::uint32_t>(out.palette.size());
                out.palette.push_back(colours[i]);
                out.translucent += opaque == 0;
            }
    out.indices.reserve(pixels.size());
    const std::vector<Entry>& entries = table.entries();
    for_each_place(
        pixels, [&](std::uint32_t p) { return table.place(p); },
        [&](std::uint32_t place) {
            out.indices.push_back(static_cast<std::uint8_t>(position[entries[place].index]));
        });
    return out;
}

} // namespace wangge::tiles
