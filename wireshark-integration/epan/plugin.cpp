// traceshark.so: the plugin's entry points. Every protocol of the module is registered here; the dissectors
// themselves know nothing of the plugin ABI.
#include "ws_compat.h"

#include <epan/packet.h>
#include <epan/proto.h>

#include "etw_dissector.hpp"
#include "linux_trace_event.hpp"
#include "procmon_dissector.hpp"
#include "process_context.hpp"
#include "traceshark_dissector.hpp"

TRACESHARK_PLUGIN_ABI_EPAN("0.1.0")

namespace {

void register_process_context() { traceshark::epan::process_context_register(); }
void no_handoff() {}  // process, process_event and activity are called by the family dissectors, not by tables

}  // namespace

void plugin_register(void)
{
    static const proto_plugin plugins[] = {
        {proto_register_traceshark, proto_reg_handoff_traceshark},
        {register_process_context, no_handoff},
        {proto_register_procmon, proto_reg_handoff_procmon},
        {proto_register_linux_trace_event, proto_reg_handoff_linux_trace_event},
        {proto_register_etl, proto_reg_handoff_etl},
    };
    for (const proto_plugin& p : plugins) proto_register_plugin(&p);
}
