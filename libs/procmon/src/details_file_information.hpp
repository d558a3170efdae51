// Information-class requests of the file-system class (see details_file_information.cpp).
#pragma once

#include <cstdint>

#include "details.hpp"

namespace traceshark::procmon::detail {

void query_file_information(DetailContext& c, uint8_t info_class);
void set_file_information(DetailContext& c, uint8_t info_class);
void query_volume_information(DetailContext& c, uint8_t info_class);

}  // namespace traceshark::procmon::detail
