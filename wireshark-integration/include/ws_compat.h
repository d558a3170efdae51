/* The few places where Traceshark's plugins depend on the Wireshark release. Only 4.0 is supported for now;
 * 4.3+ changed the plugin registration (plugin_describe, WIRESHARK_PLUGIN_REGISTER_*) and made the wiretap
 * read callbacks return bool. Keep such differences here. */
#pragma once

#include <wireshark.h>
#include <ws_version.h>

#if !(WIRESHARK_VERSION_MAJOR == 4 && WIRESHARK_VERSION_MINOR == 0)
#error "Traceshark's Wireshark plugins are written for Wireshark 4.0.x"
#endif

#define TRACESHARK_PLUGIN_WANT_MAJOR 4
#define TRACESHARK_PLUGIN_WANT_MINOR 0
/* return type of subtype_read / subtype_seek_read */
typedef gboolean traceshark_read_ret;

/* Every plugin defines these (4.0 ABI). */
#define TRACESHARK_PLUGIN_ABI(version_string)                                               \
    extern "C" {                                                                            \
    /* declared extern first: a namespace-scope const would otherwise have internal linkage */ \
    WS_DLL_PUBLIC_DEF extern const gchar plugin_version[];                                  \
    WS_DLL_PUBLIC_DEF extern const int plugin_want_major;                                   \
    WS_DLL_PUBLIC_DEF extern const int plugin_want_minor;                                   \
    const gchar plugin_version[] = version_string;                        \
    const int plugin_want_major = TRACESHARK_PLUGIN_WANT_MAJOR;           \
    const int plugin_want_minor = TRACESHARK_PLUGIN_WANT_MINOR;           \
    WS_DLL_PUBLIC_DEF void plugin_register(void);                                           \
    }
