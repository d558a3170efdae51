#include "file_io_layouts.hpp"

namespace traceshark::etl::kernel_detail {

namespace {
constexpr OpName kNames[] = {
    {0, "Name"}, {32, "FileCreate"}, {35, "FileDelete"}, {36, "FileRundown"}, {64, "Create"}, {65, "Cleanup"},
    {66, "Close"}, {67, "Read"}, {68, "Write"}, {69, "SetInfo"}, {70, "Delete"}, {71, "Rename"},
    {72, "DirEnum"}, {73, "Flush"}, {74, "QueryInfo"}, {75, "FSControl"}, {76, "OperationEnd"},
    {77, "DirNotify"}, {79, "DeletePath"}, {80, "RenamePath"}, {81, "SetLinkPath"},
};
}  // namespace

bool lookup_file_io(const KernelKey& k, EventInfo& info)
{
    info.task = "FileIO";
    name_opcode(info, kNames, k.opcode);
    const bool v3 = k.version >= 3;
    switch (k.opcode) {
    case 0: case 32: case 35: case 36: set_layout(info, file_io::kName); break;
    case 64: set_layout(info, v3 ? Layout(file_io::kCreateV3) : Layout(file_io::kCreateV2)); break;
    case 67: case 68: set_layout(info, v3 ? Layout(file_io::kReadWriteV3) : Layout(file_io::kReadWriteV2)); break;
    case 65: case 66: case 73: set_layout(info, v3 ? Layout(file_io::kSimpleV3) : Layout(file_io::kSimpleV2)); break;
    case 69: case 70: case 71: case 74: case 75:
        set_layout(info, v3 ? Layout(file_io::kInfoV3) : Layout(file_io::kInfoV2));
        break;
    case 72: case 77: set_layout(info, v3 ? Layout(file_io::kDirEnumV3) : Layout(file_io::kDirEnumV2)); break;
    case 76: set_layout(info, file_io::kOpEnd); break;
    case 79: case 80: case 81: set_layout(info, file_io::kPathV3); break;
    default: break;
    }
    return true;
}

}  // namespace traceshark::etl::kernel_detail
