// The etl.<provider>.<field> payload fields of this process: one hf per (provider, field path), shared by all
// traces and captures (Wireshark keeps pointers to the registrations until it exits). One object, created by
// proto_register_etl and destroyed by its shutdown routine; the Wireshark-free naming and typing is in
// etw_field_type.hpp.
//
// When a field name can be used in a filter: in the GUI as soon as an event carrying it was dissected; for
// tshark -Y / -e, filters are compiled before the capture is read, so the first time a filter names an unknown
// etl.* field the capture files on the command line are decoded once and all their fields registered
// (etw_field_discovery.hpp). A later event that gives a name another type keeps the first type; its value is
// then shown in etl.field as "name=value".
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "etw_field_type.hpp"

namespace traceshark::epan {

class RuntimeFields;

struct EtwRegistered {
    int hf = -1;
    EtwFt ft = EtwFt::String;
};

class EtwFieldRegistry {
public:
    explicit EtwFieldRegistry(int proto);
    ~EtwFieldRegistry();
    EtwFieldRegistry(const EtwFieldRegistry&) = delete;
    EtwFieldRegistry& operator=(const EtwFieldRegistry&) = delete;

    // The field of that filter name, registered with `ft` if it is new.
    const EtwRegistered& field(const std::string& abbrev, const std::string& display, EtwFt ft,
                               const std::string& blurb);
    // The field `path` (members joined with '.') of `provider`: the field of its filter name (etw_filter_name),
    // registered with `ft` if it is new. What a dissected event asks for every value, so a known (provider, path)
    // is found without building its name.
    const EtwRegistered& field_of(const std::string& provider, const std::string& path, const std::string& display,
                                  EtwFt ft);
    // Registers every field (members of structs included) of a decoded event of `provider`.
    void register_fields(const std::string& provider, const std::vector<etl::Field>& fields);

private:
    std::unordered_map<std::string, std::unique_ptr<EtwRegistered>> fields_;  // by filter name
    std::unordered_map<std::string, std::unordered_map<std::string, const EtwRegistered*>> by_path_;  // provider, path
    std::unique_ptr<RuntimeFields> hfs_;  // owns the registrations Wireshark points into
};

}  // namespace traceshark::epan
