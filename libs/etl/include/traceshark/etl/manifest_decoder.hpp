// Payload decoders for manifest-based providers (EVENT_HEADER records):
//  - ManifestDecoder: instrumentation manifests the user supplies (.man / .xml files, or directories of them);
//  - EventSourceDecoder: .NET EventSource providers whose manifest travels in the trace as ManifestData events
//    (Id 0xFFFE, Opcode 0xFE), reassembled per provider while the trace is read in order; the provider's later
//    events are decoded with it.
// Events are looked up by (provider GUID, event id, version). A known provider whose manifest lacks the event's
// id or version gives the names only (decoded = false); a payload shorter than the template gives the fields up
// to there and `problem`.
//
// Event names follow PerfView (TraceEvent's EventName): provider = the manifest's provider name, unchanged
// ("Microsoft-Windows-DotNETRuntime": PerfView does not shorten it, see gcevents.baseline.txt); task = the task's
// display message (its $(string.X) text, e.g. "GC" for CLR's GarbageCollection), else its name, else the event's
// symbol, else "EventID(n)"; opcode = the opcode's display message (the standard win: opcodes as Start, Stop,
// DCStart, DCStop, Extension, Reply, Resume, Suspend, Send, Receive), omitted for opcode 0 (Info).
// Map values are shown as PerfView shows them: a value map's name ("Induced"), a bit map's names joined with
// ", " (unnamed bits as 0x..), the number itself when no entry names the value (0 included).
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "traceshark/etl/decoder.hpp"
#include "traceshark/etl/manifest.hpp"

namespace traceshark::etl {

// Turns a value into the text a message template shows (Value::to_string where available).
using ValueFormatter = std::function<std::string(const Value&)>;

// Decodes a payload with a template. Stops at the first item the payload cannot hold (then `problem` says why
// and `fields` has what was decoded before it). `pointer_size` is the record's (4 or 8).
struct TemplateResult {
    std::vector<Field> fields;
    std::string problem;
    size_t consumed = 0;  // payload bytes used
};
TemplateResult decode_template(const manifest::Provider& provider, const manifest::Template& tmpl,
                               std::span<const uint8_t> payload, uint8_t pointer_size);

// Providers from manifests, by GUID, and the decoding of their events. Several manifests may describe one provider
// (the Windows 7 and Windows 10 exports of it): an event is decoded with a manifest that has its (id, version),
// the first whose template consumes the payload exactly (else the first that has it), so each event finds the
// manifest of its own build; names of events no manifest has come from the first manifest.
class ManifestSet {
public:
    // Adds the manifest's providers; returns how many GUIDs were new.
    size_t add(manifest::Manifest m);
    // The first manifest's provider of that GUID.
    const manifest::Provider* find(const Guid& provider) const;
    // The provider (of whichever manifest) that has this event id and version, or nullptr.
    const manifest::Provider* find_event(const Guid& provider, uint16_t id, uint8_t version) const;
    size_t size() const { return providers_.size(); }
    // Decodes an EVENT_HEADER record of a provider in the set (false if it is not in the set).
    bool decode(const EventRecord& record, DecodedEvent& out, const ValueFormatter& formatter) const;

private:
    struct EventEntry {
        const manifest::Provider* provider;  // the manifest's provider the event belongs to
        const manifest::Event* event;
    };
    struct Entry {
        const manifest::Provider* provider;                   // the first manifest's
        std::unordered_map<uint32_t, std::vector<EventEntry>> events;  // id << 8 | version, in manifest order
    };
    std::deque<manifest::Manifest> manifests_;
    std::map<Guid, Entry> providers_;
};

class ManifestDecoder : public PayloadDecoder {
public:
    // Loads every path: a manifest file, or a directory whose *.man and *.xml files (recursively, sorted) are
    // loaded. A file named directly that cannot be parsed throws manifest::ManifestError; files found in a
    // directory that cannot be parsed are skipped and listed in load_errors().
    explicit ManifestDecoder(const std::vector<std::string>& paths, ValueFormatter formatter = {});
    ManifestDecoder(std::vector<manifest::Manifest> manifests, ValueFormatter formatter = {});
    bool decode(const EventRecord& record, DecodedEvent& out) override;
    const ManifestSet& manifests() const { return set_; }
    const std::vector<std::string>& load_errors() const { return load_errors_; }

private:
    ManifestSet set_;
    ValueFormatter formatter_;
    std::vector<std::string> load_errors_;
};

class EventSourceDecoder : public PayloadDecoder {
public:
    explicit EventSourceDecoder(ValueFormatter formatter = {});
    bool decode(const EventRecord& record, DecodedEvent& out) override;
    const ManifestSet& learned() const { return learned_; }
    // Manifests that arrived complete but did not parse ("<guid>: file:line: what").
    const std::vector<std::string>& errors() const { return errors_; }

    static constexpr size_t kMaxChunks = 1024;             // per manifest (0xFF00 bytes each at most)
    static constexpr size_t kMaxPendingBytes = 32u << 20;  // all manifests being reassembled together
    static constexpr size_t kMaxProviders = 256;           // learned or being reassembled

private:
    struct Pending {
        uint16_t total = 0;
        std::vector<std::string> chunks;
        std::vector<bool> have;
        size_t received = 0, bytes = 0;
    };
    void add_chunk(const EventRecord& record, uint16_t total, uint16_t number, std::span<const uint8_t> data);

    ManifestSet learned_;
    std::map<Guid, Pending> pending_;
    size_t pending_bytes_ = 0;
    std::vector<std::string> errors_;
    ValueFormatter formatter_;
};

std::unique_ptr<PayloadDecoder> make_manifest_decoder(const std::vector<std::string>& paths,
                                                      ValueFormatter formatter = {});
std::unique_ptr<PayloadDecoder> make_eventsource_decoder(ValueFormatter formatter = {});

}  // namespace traceshark::etl
