// How the linux_trace_event dissector shows each field of one event format of one machine: the field's own type
// and the hf it is shown with (registered once per filter name, so another machine may have given it another
// type). Plans are per capture (CaptureState); the Registered fields live as long as the process.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "linux_field_type.hpp"

struct tep_format_field;

namespace traceshark::epan {

struct Registered {
    int hf = -1;
    FieldFt ft = FieldFt::None;
    FieldBase base = FieldBase::None;
};

struct FieldPlan {
    const tep_format_field* field = nullptr;  // owned by the machine's EventFormats (MachineDirectory)
    FieldType type;
    Registered* reg = nullptr;
    bool conflict = false;  // reg has another type than this machine's format gives
};

// By machine key, then event id.
using LinuxFieldPlans = std::map<uint64_t, std::map<int, std::vector<FieldPlan>>>;

}  // namespace traceshark::epan
