// MONITOR: stream every executed command to this connection.
#include "server/commands/common.h"
#include "server/monitor.h"

namespace sable {

namespace {
// MONITOR
void CmdMonitor(CommandContext& ctx) {
  Client& c = ctx.client;
  if (c.has(kClientDenyBlocking)) return ctx.reply.error(err::kMonitorDenyBlocking);
  if (c.has(kClientMonitor)) return;
  c.flags |= kClientMonitor;
  ctx.server.monitors->add(c);
  ctx.reply.ok();
}
}  // namespace

void RegisterMonitorCommand(CommandTable& t) {
  FamilyRows rows(t, "server");
  rows.add({.name = "monitor",
            .arity = 1,
            .flags = kCmdAdmin | kCmdNoScript | kCmdLoading | kCmdStale,
            .acl = "@admin @slow @dangerous",
            .summary = "Listen for all requests received by the server in real time",
            .since = "1.0.0",
            .handler = CmdMonitor});
}

}  // namespace sable
