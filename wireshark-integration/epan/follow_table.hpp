// Statistics > Traceshark Follow (tshark -z traceshark,events,FILTER): the follow view as a table in the GUI (a
// table's title is its menu item as it is: no "/" submenu, unlike the stats trees).
// Its display filter names what to follow (activity.object.file == N, activity.object.socket == N,
// activity.path == "...", process.pid == N): a row per event on it, in frame order, with the same cells as
// -z traceshark,follow (follow_row.hpp). Fed by the "traceshark_activity" tap, which the filter feeds (it builds
// the tree the activity is worked out with): without a filter there is nothing to follow, and tshark says so.
#pragma once

namespace traceshark::epan {

void follow_table_register();

}  // namespace traceshark::epan
