// CLUSTER, READONLY, READWRITE, ASKING: Sable runs as a standalone server (cluster mode is not
// implemented), so these answer exactly as a Redis 7.0 started without cluster-enabled does:
// every subcommand, HELP included, says cluster support is disabled. The rows still describe the
// commands fully, so COMMAND, COMMAND DOCS and cluster-aware clients probing them see Redis's
// table.
#include "server/commands/common.h"

namespace sable {
namespace {

// Any CLUSTER subcommand, READONLY, READWRITE, ASKING.
void CmdClusterDisabled(CommandContext& ctx) { ctx.reply.error(err::kClusterDisabled); }

struct ClusterRow {
  const char* name;
  int arity;
  uint32_t flags;
  const char* summary;
  const char* since;
  const char* complexity;
  const char* usage;
};

}  // namespace

void RegisterClusterFamily(CommandTable& t) {
  FamilyRows add(t, "cluster");
  add.container("cluster", "A container for cluster commands", "3.0.0");
  const ClusterRow rows[] = {
      {"addslots", -3, kCmdAdmin | kCmdStale | kCmdNoAsyncLoading,
       "Assign new hash slots to receiving node", "3.0.0",
       "O(N) where N is the total number of hash slot arguments", "slot ..."},
      {"addslotsrange", -4, kCmdAdmin | kCmdStale | kCmdNoAsyncLoading,
       "Assign new hash slots to receiving node", "7.0.0",
       "O(N) where N is the total number of the slots between the start slot and end slot "
       "arguments.",
       "<start-slot end-slot> ..."},
      {"bumpepoch", 2, kCmdAdmin | kCmdStale | kCmdNoAsyncLoading,
       "Advance the cluster config epoch", "3.0.0", "O(1)", ""},
      {"count-failure-reports", 3, kCmdAdmin | kCmdStale,
       "Return the number of failure reports active for a given node", "3.0.0",
       "O(N) where N is the number of failure reports", "node-id"},
      {"countkeysinslot", 3, kCmdStale,
       "Return the number of local keys in the specified hash slot", "3.0.0", "O(1)", "slot"},
      {"delslots", -3, kCmdAdmin | kCmdStale | kCmdNoAsyncLoading,
       "Set hash slots as unbound in receiving node", "3.0.0",
       "O(N) where N is the total number of hash slot arguments", "slot ..."},
      {"delslotsrange", -4, kCmdAdmin | kCmdStale | kCmdNoAsyncLoading,
       "Set hash slots as unbound in receiving node", "7.0.0",
       "O(N) where N is the total number of the slots between the start slot and end slot "
       "arguments.",
       "<start-slot end-slot> ..."},
      {"failover", -2, kCmdAdmin | kCmdStale | kCmdNoAsyncLoading,
       "Forces a replica to perform a manual failover of its master.", "3.0.0", "O(1)",
       "[FORCE | TAKEOVER]"},
      {"flushslots", 2, kCmdAdmin | kCmdStale | kCmdNoAsyncLoading,
       "Delete a node's own slots information", "3.0.0", "O(1)", ""},
      {"forget", 3, kCmdAdmin | kCmdStale | kCmdNoAsyncLoading,
       "Remove a node from the nodes table", "3.0.0", "O(1)", "node-id"},
      {"getkeysinslot", 4, kCmdStale, "Return local key names in the specified hash slot", "3.0.0",
       "O(log(N)) where N is the number of requested keys", "slot count"},
      {"help", 2, kCmdLoading | kCmdStale, "Show helpful text about the different subcommands",
       "5.0.0", "O(1)", ""},
      {"info", 2, kCmdStale, "Provides info about Redis Cluster node state", "3.0.0", "O(1)", ""},
      {"keyslot", 3, kCmdStale, "Returns the hash slot of the specified key", "3.0.0",
       "O(N) where N is the number of bytes in the key", "key"},
      {"links", 2, kCmdStale, "Returns a list of all TCP links to and from peer nodes in cluster",
       "7.0.0", "O(N) where N is the total number of Cluster nodes", ""},
      {"meet", -4, kCmdAdmin | kCmdStale | kCmdNoAsyncLoading,
       "Force a node cluster to handshake with another node", "3.0.0", "O(1)",
       "ip port [cluster_bus_port]"},
      {"myid", 2, kCmdStale, "Return the node id", "3.0.0", "O(1)", ""},
      {"nodes", 2, kCmdStale, "Get Cluster config for the node", "3.0.0",
       "O(N) where N is the total number of Cluster nodes", ""},
      {"replicas", 3, kCmdAdmin | kCmdStale, "List replica nodes of the specified master node",
       "5.0.0", "O(1)", "node-id"},
      {"replicate", 3, kCmdAdmin | kCmdStale | kCmdNoAsyncLoading,
       "Reconfigure a node as a replica of the specified master node", "3.0.0", "O(1)", "node-id"},
      {"reset", -2, kCmdAdmin | kCmdNoScript | kCmdStale, "Reset a Redis Cluster node", "3.0.0",
       "O(N) where N is the number of known nodes. The command may execute a FLUSHALL as a side "
       "effect.",
       "[HARD | SOFT]"},
      {"saveconfig", 2, kCmdAdmin | kCmdStale | kCmdNoAsyncLoading,
       "Forces the node to save cluster state on disk", "3.0.0", "O(1)", ""},
      {"set-config-epoch", 3, kCmdAdmin | kCmdStale | kCmdNoAsyncLoading,
       "Set the configuration epoch in a new node", "3.0.0", "O(1)", "config-epoch"},
      {"setslot", -4, kCmdAdmin | kCmdStale | kCmdNoAsyncLoading,
       "Bind a hash slot to a specific node", "3.0.0", "O(1)",
       "slot <IMPORTING node-id | MIGRATING node-id | NODE node-id | STABLE>"},
      {"shards", 2, kCmdStale, "Get array of cluster slots to node mappings", "7.0.0",
       "O(N) where N is the total number of cluster nodes", ""},
      {"slaves", 3, kCmdAdmin | kCmdStale, "List replica nodes of the specified master node",
       "3.0.0", "O(1)", "node-id"},
      {"slots", 2, kCmdStale, "Get array of Cluster slot to node mappings", "3.0.0",
       "O(N) where N is the total number of Cluster nodes", ""},
  };
  for (const ClusterRow& r : rows) {
    CommandSpec& c = add.sub("cluster", r.name, r.arity, r.flags, CmdClusterDisabled, r.summary,
                             r.since, r.complexity);
    c.usage = r.usage;
  }
  const uint32_t LSF = kCmdLoading | kCmdStale | kCmdFast;
  add.top("readonly", 1, LSF, CmdClusterDisabled,
          "Enables read queries for a connection to a cluster replica node", "3.0.0", "O(1)",
          "connection");
  add.top("readwrite", 1, LSF, CmdClusterDisabled,
          "Disables read queries for a connection to a cluster replica node", "3.0.0", "O(1)",
          "connection");
  add.top("asking", 1, kCmdFast, CmdClusterDisabled,
          "Sent by cluster clients after an -ASK redirect", "3.0.0", "O(1)", "connection");
}

}  // namespace sable
