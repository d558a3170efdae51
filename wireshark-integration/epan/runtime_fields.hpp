#pragma once
// Header fields registered while dissecting: their names come from a capture's event formats or an ETW
// manifest, not from a static hf_ array. Wireshark keeps pointers into each registration (name, abbrev, blurb
// and the hf id) until it exits, so this object owns them and is destroyed only by the protocol's shutdown
// routine. Shared by the Linux trace-event and ETW registries.

#include <epan/proto.h>

#include <memory>
#include <string>
#include <vector>

namespace traceshark::epan {

class RuntimeFields {
public:
    explicit RuntimeFields(int proto);
    ~RuntimeFields();
    RuntimeFields(const RuntimeFields&) = delete;
    RuntimeFields& operator=(const RuntimeFields&) = delete;

    // Registers one field under the protocol; Wireshark writes its hf id to *hf_id, which must stay valid
    // as long as this object.
    void add(int* hf_id, std::string name, std::string abbrev, std::string blurb, ftenum_t type, int display);

private:
    struct Registration;
    int proto_;
    std::vector<std::unique_ptr<Registration>> registrations_;
};

}  // namespace traceshark::epan
