/* Everything in Traceshark's plugins that depends on the Wireshark release: Wireshark 4.0.x (Debian 12) and
 * 4.4.x (Debian 13). This header (and nothing else: tests/repo/check_version_conditionals.py checks) may test the
 * Wireshark version; dissectors and readers use the names below and stay the same source for both releases.
 *
 * What differs between 4.0 and 4.4, and the name that hides it:
 *   plugin ABI           4.0: plugin_version, plugin_want_major/minor (4, 0), plugin_register.
 *                        4.4: the same with want 4.4, plus uint32_t plugin_describe(void) returning the
 *                        WS_PLUGIN_DESC_* kind (wsutil/plugins.h).         -> TRACESHARK_PLUGIN_ABI_EPAN/_WIRETAP
 *   wiretap callbacks    subtype_read/subtype_seek_read return gboolean (4.0), bool (4.4)  -> traceshark_read_ret
 *   boolean preferences  prefs_register_bool_preference takes gboolean* (4.0), bool* (4.4) -> traceshark_pref_bool
 *   interface names      epan_get_interface_name/description take a pcapng section number since 4.2
 *                                                                -> traceshark_interface_name/_description
 *   file types/open info same fields in both (bool vs gboolean members take TRUE/FALSE alike); nothing to hide.
 */
#pragma once

#include <wireshark.h>
#include <ws_version.h>

#if WIRESHARK_VERSION_MAJOR == 4 && WIRESHARK_VERSION_MINOR == 0
#define TRACESHARK_WS_RELEASE_4_0 1
#elif WIRESHARK_VERSION_MAJOR == 4 && WIRESHARK_VERSION_MINOR == 4
#define TRACESHARK_WS_RELEASE_4_4 1
#else
#error "Traceshark's Wireshark plugins support Wireshark 4.0.x and 4.4.x"
#endif

#include <epan/epan.h>
#include <epan/packet_info.h>
#include <wiretap/wtap.h>
#ifdef TRACESHARK_WS_RELEASE_4_4
#include <wsutil/plugins.h>
#endif

#define TRACESHARK_PLUGIN_WANT_MAJOR WIRESHARK_VERSION_MAJOR
#define TRACESHARK_PLUGIN_WANT_MINOR WIRESHARK_VERSION_MINOR

#ifdef TRACESHARK_WS_RELEASE_4_0
/* return type of subtype_read / subtype_seek_read */
typedef gboolean traceshark_read_ret;
/* the variable behind a boolean preference */
typedef gboolean traceshark_pref_bool;
#define TRACESHARK_PLUGIN_DESCRIBE(flags) /* 4.0 has no plugin_describe */
#define TRACESHARK_DESC_DISSECTOR 0
#define TRACESHARK_DESC_FILE_TYPE 0
#else
typedef bool traceshark_read_ret;
typedef bool traceshark_pref_bool;
#define TRACESHARK_PLUGIN_DESCRIBE(flags)                                                   \
    WS_DLL_PUBLIC_DEF uint32_t plugin_describe(void);                                       \
    uint32_t plugin_describe(void) { return (flags); }
#define TRACESHARK_DESC_DISSECTOR WS_PLUGIN_DESC_DISSECTOR
#define TRACESHARK_DESC_FILE_TYPE WS_PLUGIN_DESC_FILE_TYPE
#endif

/* The module's exported symbols; `flags` is what plugin_describe reports (4.4; ignored by 4.0). */
#define TRACESHARK_PLUGIN_ABI_(version_string, flags)                                        \
    extern "C" {                                                                            \
    /* declared extern first: a namespace-scope const would otherwise have internal linkage */ \
    WS_DLL_PUBLIC_DEF extern const gchar plugin_version[];                                  \
    WS_DLL_PUBLIC_DEF extern const int plugin_want_major;                                   \
    WS_DLL_PUBLIC_DEF extern const int plugin_want_minor;                                   \
    const gchar plugin_version[] = version_string;                                          \
    const int plugin_want_major = TRACESHARK_PLUGIN_WANT_MAJOR;                             \
    const int plugin_want_minor = TRACESHARK_PLUGIN_WANT_MINOR;                             \
    WS_DLL_PUBLIC_DEF void plugin_register(void);                                           \
    TRACESHARK_PLUGIN_DESCRIBE(flags)                                                       \
    }
/* An epan plugin (dissectors, taps) and a wiretap plugin (file types). */
#define TRACESHARK_PLUGIN_ABI_EPAN(version_string) TRACESHARK_PLUGIN_ABI_(version_string, TRACESHARK_DESC_DISSECTOR)
#define TRACESHARK_PLUGIN_ABI_WIRETAP(version_string) TRACESHARK_PLUGIN_ABI_(version_string, TRACESHARK_DESC_FILE_TYPE)

/* The name / description of the record's interface (pcapng IDB); `pinfo` gives the section in 4.4. */
static inline const char* traceshark_interface_name(const packet_info* pinfo, guint32 interface_id)
{
#ifdef TRACESHARK_WS_RELEASE_4_0
    return epan_get_interface_name(pinfo->epan, interface_id);
#else
    return epan_get_interface_name(pinfo->epan, interface_id, pinfo->rec->presence_flags & WTAP_HAS_SECTION_NUMBER
                                                                  ? pinfo->rec->section_number : 0);
#endif
}
static inline const char* traceshark_interface_description(const packet_info* pinfo, guint32 interface_id)
{
#ifdef TRACESHARK_WS_RELEASE_4_0
    return epan_get_interface_description(pinfo->epan, interface_id);
#else
    return epan_get_interface_description(pinfo->epan, interface_id,
                                          pinfo->rec->presence_flags & WTAP_HAS_SECTION_NUMBER
                                              ? pinfo->rec->section_number : 0);
#endif
}
