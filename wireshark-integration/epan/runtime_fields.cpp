#include "ws_compat.h"

#include "runtime_fields.hpp"

namespace traceshark::epan {

struct RuntimeFields::Registration {
    hf_register_info info{};
    std::string name, abbrev, blurb;
};

RuntimeFields::RuntimeFields(int proto) : proto_(proto) {}

RuntimeFields::~RuntimeFields() = default;

void RuntimeFields::add(int* hf_id, std::string name, std::string abbrev, std::string blurb, ftenum_t type,
                        int display)
{
    auto r = std::make_unique<Registration>();
    r->name = std::move(name);
    r->abbrev = std::move(abbrev);
    r->blurb = std::move(blurb);
    *hf_id = -1;
    header_field_info& h = r->info.hfinfo;
    r->info.p_id = hf_id;
    h.name = r->name.c_str();
    h.abbrev = r->abbrev.c_str();
    h.type = type;
    h.display = display;
    h.strings = nullptr;
    h.bitmask = 0;
    h.blurb = r->blurb.c_str();
    h.id = -1;
    h.parent = 0;
    h.ref_type = HF_REF_TYPE_NONE;
    h.same_name_prev_id = -1;
    h.same_name_next = nullptr;
    proto_register_field_array(proto_, &r->info, 1);
    registrations_.push_back(std::move(r));
}

}  // namespace traceshark::epan
