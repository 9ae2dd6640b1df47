#pragma once

#include "layers/schema.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wangge::layers {

/// Turns one raw source value into its canonical form for a field of `kind` (dates, timestamps,
/// booleans, integers, enumerations such as a case's source or a roster role). Returns nullopt for
/// an empty value. Throws InputError with `where` (file, row, field) when the value is unusable.
std::optional<std::string> normalise_value(LayerKind kind, const FieldSpec& field, std::string_view raw,
                                           const std::string& where);

/// Splits a list of grid codes ("a,b;c d") into normalised codes.
std::vector<std::string> split_grid_list(std::string_view text);

} // namespace wangge::layers
