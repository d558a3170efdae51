// Helpers shared by the Traceshark file readers (trace.dat, PML): errors, interface blocks, reading through
// wiretap's file handle. Included only by wiretap plugin sources.
#pragma once

#include "ws_compat.h"

#include <wiretap/wtap.h>
#include <wiretap/wtap_opttypes.h>
extern "C" {
#include <wiretap/wtap-int.h>
#include <wiretap/file_wrappers.h>
}

#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "capture_plan.hpp"
#include "traceshark/common/format_error.hpp"
#include "traceshark/wsmeta/event_header.hpp"

namespace traceshark::wiretap {

void register_tracedat();
void register_procmon();
void register_etl();

// Records an error for Wireshark: err code plus a g_malloc'd message.
void set_error(int* err, gchar** err_info, int code, const std::string& message);

// Runs `f`, turning the format libraries' exceptions (tracecmd and procmon share them) into a wiretap error.
template <typename F>
bool guarded(int* err, gchar** err_info, F&& f)
{
    try {
        return f();
    } catch (const common::UnsupportedError& e) {
        set_error(err, err_info, WTAP_ERR_UNSUPPORTED, e.what());
    } catch (const common::FormatError& e) {
        set_error(err, err_info, WTAP_ERR_BAD_FILE, e.what());
    } catch (const std::system_error& e) {
        // An I/O error: wiretap reports positive codes as errno values.
        if (e.code().category() == std::generic_category() || e.code().category() == std::system_category())
            *err = e.code().value() > 0 ? e.code().value() : WTAP_ERR_INTERNAL;
        else
            set_error(err, err_info, WTAP_ERR_INTERNAL, e.what());
    } catch (const std::exception& e) {
        set_error(err, err_info, WTAP_ERR_INTERNAL, e.what());
    } catch (...) {
        set_error(err, err_info, WTAP_ERR_INTERNAL, "unexpected exception");
    }
    return false;
}

// An interface block of the Exported PDU encapsulation with nanosecond timestamps.
wtap_block_t make_idb(std::string_view name, std::string_view description, std::string_view os);

// A compressed file or a pipe: read the decompressed bytes through wiretap.
bool slurp(wtap* wth, std::vector<uint8_t>& bytes, int* err, gchar** err_info);

// Record types both readers write: packets (Exported PDU records) only.
inline const struct supported_block_type kPacketBlocks[] = {
    {WTAP_BLOCK_PACKET, MULTIPLE_BLOCKS_SUPPORTED, NO_OPTIONS_SUPPORTED},
};

// Starts an Exported PDU record for the "traceshark" dissector: the prefix and `header`, then room for `body`
// bytes, whose start is returned. Sets the record's type, lengths, timestamp (ns since 1970) and interface.
uint8_t* start_record(wtap_rec* rec, Buffer* buf, const wsmeta::EventHeader& header, size_t body, uint64_t ts_ns,
                      uint32_t interface_id);

// Makes `priv` and the three callbacks the reader of `wth` (Exported PDU, nanosecond timestamps).
void install_reader(wtap* wth, void* priv, int file_type, subtype_read_func read, subtype_seek_read_func seek_read,
                    void (*close)(wtap*));

// Whether wiretap reads the file straight from disk (so the format library may map it itself).
bool on_disk(wtap* wth);

// ---- the open routine every reader shares: head check, open, interfaces, reader ----

// Reads the first `size` bytes into `head`: WTAP_OPEN_MINE when they were read (the caller then judges them),
// WTAP_OPEN_NOT_MINE for a shorter file, WTAP_OPEN_ERROR for an I/O error.
wtap_open_return_val read_head(wtap* wth, uint8_t* head, size_t size, int* err, gchar** err_info);

// Opens the file with the format library: `from_path(path)` when wiretap reads it straight from disk (the library
// maps it), else `from_memory(bytes)` with the decompressed bytes (gzip, pipes). Either may throw the libraries'
// exceptions; they become wiretap errors. False (err set) when the file could not be opened.
template <typename FromPath, typename FromMemory>
bool open_source(wtap* wth, int* err, gchar** err_info, FromPath&& from_path, FromMemory&& from_memory)
{
    return guarded(err, err_info, [&] {
        if (on_disk(wth)) {
            from_path(std::string(wth->pathname));
            return true;
        }
        std::vector<uint8_t> bytes;
        if (!slurp(wth, bytes, err, err_info)) return false;
        from_memory(std::move(bytes));
        return true;
    });
}

// Every interface block of the capture, before any record: dumpers and mergecap copy the list once
// (wtap_add_idb is not exported in 4.0, so they are appended to interface_data directly).
void add_interfaces(wtap* wth, const CapturePlan& plan);

}  // namespace traceshark::wiretap
