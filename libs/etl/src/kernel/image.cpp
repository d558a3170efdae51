#include "image_layouts.hpp"

namespace traceshark::etl::kernel_detail {

namespace {
constexpr OpName kNames[] = {{10, "Load"}, {2, "Unload"}, {3, "DCStart"}, {4, "DCStop"}, {33, "KernelBase"},
                             {34, "HypercallPage"}};
}  // namespace

bool lookup_image(const KernelKey& k, EventInfo& info)
{
    info.task = "Image";
    name_opcode(info, kNames, k.opcode);
    switch (k.opcode) {
    case 10: case 2: case 3: case 4:
        if (k.version == 0) set_layout(info, image::kV0);
        else if (k.version == 1) set_layout(info, image::kV1);
        else if (k.version == 2) set_layout(info, image::kV2);
        else set_layout(info, image::kV3);
        break;
    case 33:
        // PerfView has no parser for it and shows TDH's MOF names (MSNT_SystemTrace/Image/KernelBase).
        info.provider = "MSNT_SystemTrace";
        set_layout(info, image::kKernelBase);
        break;
    case 34: set_layout(info, image::kHypercallPage); break;
    default: break;
    }
    return true;
}

}  // namespace traceshark::etl::kernel_detail
