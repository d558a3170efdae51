// Reading a numeric field of a raw ftrace record (libtraceevent's field layout), shared by the Linux mapper's
// parts. Private to libs/tracking/linux.
#pragma once

#include <traceevent/event-parse.h>

#include <cstdint>
#include <optional>

namespace traceshark::tracking::linux_event {

// The field's value, sign-extended for signed fields; nullopt when the field is missing or lies outside the record.
inline std::optional<int64_t> number(tep_format_field* f, tep_record& rec)
{
    if (!f || f->offset < 0 || f->offset + f->size > rec.size) return std::nullopt;
    unsigned long long v;
    if (tep_read_number_field(f, rec.data, &v)) return std::nullopt;
    if ((f->flags & TEP_FIELD_IS_SIGNED) && f->size < 8) {  // libtraceevent does not sign-extend
        const unsigned long long sign = 1ull << (f->size * 8 - 1);
        v = (v ^ sign) - sign;
    }
    return static_cast<int64_t>(v);
}

}  // namespace traceshark::tracking::linux_event
