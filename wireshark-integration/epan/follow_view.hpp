// -z traceshark,follow,KIND,WHAT: every event on one object, in frame order, with its operation, bytes, offset and
// result: Follow TCP Stream for what a trace shows. KIND is
//   file N    one file or registry-key object, from its open to its close (activity.object.file == N)
//   socket N  one connection or flow (activity.object.socket == N), with its linked packets under tshark -2
//   path P    every event naming path P (all its opens, and renames and unlinks, which use no object)
//   pid N     every activity of the processes with pid N
// Procmon, ETW and Linux activities alike (the "traceshark_activity" tap of activity_context).
#pragma once

namespace traceshark::epan {

void follow_view_register();

}  // namespace traceshark::epan
