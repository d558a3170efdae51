// traceshark-tracedat.so: the plugin's entry points. Every file type of the module is registered here; the
// readers themselves know nothing of the plugin ABI.
#include "wiretap_util.hpp"

TRACESHARK_PLUGIN_ABI_WIRETAP("0.1.0")

namespace {

void register_file_types()
{
    traceshark::wiretap::register_tracedat();
    traceshark::wiretap::register_procmon();
    traceshark::wiretap::register_etl();
}

const wtap_plugin kPlugin = {register_file_types};

}  // namespace

void plugin_register(void) { wtap_register_plugin(&kPlugin); }
