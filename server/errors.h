// Every error text a client can receive, copied exactly from Redis 7.0 (clients parse them).
// Texts are without the leading '-'; ReplyWriter::error adds it.
#pragma once

#include <fmt/format.h>

#include <cctype>
#include <cstring>
#include <string>
#include <string_view>

namespace sable::err {

inline constexpr std::string_view kWrongType =
    "WRONGTYPE Operation against a key holding the wrong kind of value";
inline constexpr std::string_view kSyntax = "ERR syntax error";
inline constexpr std::string_view kNotInteger = "ERR value is not an integer or out of range";
inline constexpr std::string_view kNotFloat = "ERR value is not a valid float";
inline constexpr std::string_view kNoSuchKey = "ERR no such key";
inline constexpr std::string_view kNotListpackObject = "ERR Not a listpack encoded object.";
inline constexpr std::string_view kNotQuicklistObject = "ERR Not a quicklist encoded object.";
inline constexpr std::string_view kOverflow = "ERR increment or decrement would overflow";
inline constexpr std::string_view kIncrFloatNaN = "ERR increment would produce NaN or Infinity";
inline constexpr std::string_view kOutOfRange = "ERR index out of range";
inline constexpr std::string_view kNoAuth = "NOAUTH Authentication required.";
inline constexpr std::string_view kWrongPass =
    "WRONGPASS invalid username-password pair or user is disabled.";
inline constexpr std::string_view kAuthNoPassword =
    "ERR AUTH <password> called without any password configured for the default user. Are you "
    "sure your configuration is correct?";
inline constexpr std::string_view kDbIndexOutOfRange = "ERR DB index is out of range";
inline constexpr std::string_view kSameObject = "ERR source and destination objects are the same";
inline constexpr std::string_view kStringTooLong =
    "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
inline constexpr std::string_view kBitOffset = "ERR bit offset is not an integer or out of range";
inline constexpr std::string_view kBitValue = "ERR bit is not an integer or out of range";
inline constexpr std::string_view kTimeout = "ERR timeout is not a float or out of range";
inline constexpr std::string_view kTimeoutNegative = "ERR timeout is negative";
inline constexpr std::string_view kExecAbort =
    "EXECABORT Transaction discarded because of previous errors.";
inline constexpr std::string_view kMisconf =
    "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to "
    "disk. Commands that may modify the data set are disabled, because this instance is "
    "configured to report errors during writes if RDB snapshotting fails "
    "(stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB "
    "error.";
// Writes refused while the AOF cannot be written (errno's text appended, as Redis does).
inline std::string aof_misconf(int errnum) {
  return std::string("MISCONF Errors writing to the AOF file: ") + std::strerror(errnum);
}
inline constexpr std::string_view kOom = "OOM command not allowed when used memory > 'maxmemory'.";
inline constexpr std::string_view kNoReplicas = "NOREPLICAS Not enough good replicas to write.";
inline constexpr std::string_view kNoProto = "NOPROTO unsupported protocol version";

// Family-specific texts.
inline constexpr std::string_view kNotPositive = "ERR value is out of range, must be positive";
inline constexpr std::string_view kGenericErr = "ERR";
inline constexpr std::string_view kNumkeysNotPositive = "ERR numkeys should be greater than 0";
inline constexpr std::string_view kInvalidCursor = "ERR invalid cursor";
inline constexpr std::string_view kCountNotPositive = "ERR count should be greater than 0";
inline constexpr std::string_view kLimitNegative = "ERR LIMIT can't be negative";
inline constexpr std::string_view kBgsaveInProgress = "ERR Background save already in progress";
inline constexpr std::string_view kUnblocked = "UNBLOCKED client unblocked via CLIENT UNBLOCK";
inline constexpr std::string_view kWeightNotFloat = "ERR weight value is not a float";
inline constexpr std::string_view kNaNOrInfinity = "ERR value is NaN or Infinity";
inline constexpr std::string_view kTimeoutOutOfRange = "ERR timeout is out of range";
inline constexpr std::string_view kWithscoresByLex =
    "ERR syntax error, WITHSCORES not supported in combination with BYLEX";
inline constexpr std::string_view kScoreNaN = "ERR resulting score is not a number (NaN)";
inline constexpr std::string_view kOffsetOutOfRange = "ERR offset is out of range";
inline constexpr std::string_view kHashNotInteger = "ERR hash value is not an integer";
inline constexpr std::string_view kDecrOverflow = "ERR decrement would overflow";
inline constexpr std::string_view kXxNx =
    "ERR XX and NX options at the same time are not compatible";
inline constexpr std::string_view kLcsNotStrings =
    "ERR The specified keys must contain string values";
inline constexpr std::string_view kBitArgument = "ERR The bit argument must be 1 or 0.";
inline constexpr std::string_view kLcsTooLong = "ERR String too long for LCS";
inline constexpr std::string_view kResp2NotSupported = "ERR RESP2 is not supported by this command";
inline constexpr std::string_view kProtoVersion =
    "ERR Protocol version is not an integer or out of range";
inline constexpr std::string_view kSortScores =
    "ERR One or more scores can't be converted into double";
inline constexpr std::string_view kNumkeysTooMany =
    "ERR Number of keys can't be greater than number of args";
inline constexpr std::string_view kZaddNxXxGtLt =
    "ERR NX and XX, GT or LT options at the same time are not compatible";
inline constexpr std::string_view kMonitorDenyBlocking =
    "ERR MONITOR isn't allowed for DENY BLOCKING client";
inline constexpr std::string_view kBitfieldOverflow = "ERR Invalid OVERFLOW type specified";
inline constexpr std::string_view kLcsLenAndIdx =
    "ERR If you want both the length and indexes, please just use IDX.";
inline constexpr std::string_view kZaddIncrPair =
    "ERR INCR option supports a single increment-element pair";
inline constexpr std::string_view kZaddGtLtNx =
    "ERR GT, LT, and/or NX options at the same time are not compatible";
inline constexpr std::string_view kGtLt =
    "ERR GT and LT options at the same time are not compatible";
inline constexpr std::string_view kBitopNot =
    "ERR BITOP NOT must be called with a single source key.";
inline constexpr std::string_view kBitfieldRo = "ERR BITFIELD_RO only supports the GET subcommand";
inline constexpr std::string_view kCountRange =
    "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";
inline constexpr std::string_view kScoreRange = "ERR min or max is not a float";
inline constexpr std::string_view kLexRange = "ERR min or max not valid string range item";
inline constexpr std::string_view kHashNotFloat = "ERR hash value is not a float";

// --- strings, keys, bitmaps, SORT, scanning ---
inline constexpr std::string_view kBitfieldType =
    "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 "
    "is.";
inline constexpr std::string_view kLcsMemory =
    "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len";
// getIntFromObjectOrReply's range error (MOVE, COPY … DB).
inline constexpr std::string_view kIntRange =
    "ERR value is out of range, value must between -2147483648 and 2147483647";
inline constexpr std::string_view kInvalidFirstDb = "ERR invalid first DB index";
inline constexpr std::string_view kInvalidSecondDb = "ERR invalid second DB index";
inline constexpr std::string_view kLfuNoIdletime =
    "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when "
    "switching between policies at runtime LRU and LFU data will take some time to adjust.";
inline constexpr std::string_view kNoLfuFreq =
    "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that "
    "when switching between policies at runtime LRU and LFU data will take some time to adjust.";
// "ERR invalid expire time in 'set' command", with the command's name.
inline std::string invalid_expire(std::string_view cmd) {
  std::string s = "ERR invalid expire time in '";
  s += cmd;
  s += "' command";
  return s;
}
// "ERR Unsupported option foo" (EXPIRE's NX|XX|GT|LT; the reply writer turns CR/LF into spaces).
inline std::string unsupported_option(std::string_view opt) {
  std::string s = "ERR Unsupported option ";
  s += opt;
  return s;
}

// BGREWRITEAOF, DEBUG LOADAOF.
inline constexpr std::string_view kAofRewriteInProgress =
    "ERR Background append only file rewriting already in progress";

// HyperLogLog.
inline constexpr std::string_view kHllNotHll =
    "WRONGTYPE Key is not a valid HyperLogLog string value.";
inline constexpr std::string_view kHllCorrupt = "INVALIDOBJ Corrupted HLL object detected";
inline constexpr std::string_view kPfdebugNoKey = "ERR The specified key does not exist";
inline constexpr std::string_view kPfdebugUnknownFmt = "ERR Unknown PFDEBUG subcommand '{}'";
inline constexpr std::string_view kHllNotSparse = "ERR HLL encoding is not sparse";

// DUMP / RESTORE.
inline constexpr std::string_view kBusyKey = "BUSYKEY Target key name already exists.";
inline constexpr std::string_view kRestoreTtl = "ERR Invalid TTL value, must be >= 0";
inline constexpr std::string_view kRestoreIdletime = "ERR Invalid IDLETIME value, must be >= 0";
inline constexpr std::string_view kRestoreFreq = "ERR Invalid FREQ value, must be >= 0 and <= 255";
inline constexpr std::string_view kDumpPayload = "ERR DUMP payload version or checksum are wrong";
inline constexpr std::string_view kBadDataFormat = "ERR Bad data format";

// MIGRATE. The I/O errors carry their own code (the client sees "-IOERR …"); a target's error is
// relayed after kMigrateTargetError.
inline constexpr std::string_view kMigrateKeysNotEmpty =
    "ERR When using MIGRATE KEYS option, the key argument must be set to the empty string";
inline constexpr std::string_view kMigrateConnect = "IOERR error or timeout connecting to the client";
inline constexpr std::string_view kMigrateWrite = "IOERR error or timeout writing to target instance";
inline constexpr std::string_view kMigrateRead = "IOERR error or timeout reading to target instance";
inline constexpr std::string_view kMigrateTargetError = "ERR Target instance replied with error: ";

// --- lists, hashes, sets, sorted sets, geo ---
// Texts ending in "Fmt" are fmt format strings (fmt::format(err::kX, args...)).
inline constexpr std::string_view kLposRankZero =
    "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use "
    "negative to start from the end of the list";
inline constexpr std::string_view kLposCountNegative = "ERR COUNT can't be negative";
inline constexpr std::string_view kLposMaxlenNegative = "ERR MAXLEN can't be negative";
inline constexpr std::string_view kValueOutOfRange = "ERR value is out of range";
inline constexpr std::string_view kZrangeLimitNeedsBy =
    "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX";
inline constexpr std::string_view kSetOpNoKeysFmt =
    "ERR at least 1 input key is needed for '{}' command";
inline constexpr std::string_view kGeoLonLatFmt = "ERR invalid longitude,latitude pair {:f},{:f}";
inline constexpr std::string_view kGeoUnit =
    "ERR unsupported unit provided. please use M, KM, FT, MI";
inline constexpr std::string_view kGeoRadiusNotNumeric = "ERR need numeric radius";
inline constexpr std::string_view kGeoRadiusNegative = "ERR radius cannot be negative";
inline constexpr std::string_view kGeoWidthNotNumeric = "ERR need numeric width";
inline constexpr std::string_view kGeoHeightNotNumeric = "ERR need numeric height";
inline constexpr std::string_view kGeoBoxNegative = "ERR height or width cannot be negative";
inline constexpr std::string_view kGeoNoMember = "ERR could not decode requested zset member";
inline constexpr std::string_view kGeoCountNotPositive = "ERR COUNT must be > 0";
inline constexpr std::string_view kGeoSearchStoreWith =
    "ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options";
inline constexpr std::string_view kGeoRadiusStoreWith =
    "ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD "
    "options";
inline constexpr std::string_view kGeoNeedsFromFmt =
    "ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for {}";
inline constexpr std::string_view kGeoNeedsByFmt =
    "ERR exactly one of BYRADIUS and BYBOX can be specified for {}";
inline constexpr std::string_view kGeoAnyNeedsCount =
    "ERR the ANY argument requires COUNT argument";

// --- connection, clients, transactions, pub/sub, server, config, debug ---
// Scripting: the replies of EVAL, SCRIPT, FUNCTION and FCALL (the texts a script's Lua code
// raises inside the interpreter stay with the redis.* API in server/scripting/).
inline constexpr std::string_view kNoScript = "NOSCRIPT No matching script. Please use EVAL.";
inline constexpr std::string_view kBusyEval =
    "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";
inline constexpr std::string_view kBusyFunction =
    "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.";
inline constexpr std::string_view kNotBusy = "NOTBUSY No scripts in execution right now.";
inline constexpr std::string_view kUnkillable =
    "UNKILLABLE Sorry the script already executed write commands against the dataset. You can "
    "either wait the script termination or kill the server in a hard way using the SHUTDOWN "
    "NOSAVE command.";
inline constexpr std::string_view kScriptWriteInRo =
    "ERR Can not execute a script with write flag using *_ro command.";
inline constexpr std::string_view kScriptOom =
    "OOM allow-oom flag is not set on the script, can not run it when used memory > 'maxmemory'";
inline constexpr std::string_view kScriptCompileFmt =
    "ERR Error compiling script (new function): {}";
inline constexpr std::string_view kScriptRunFmt = "ERR Error running script {}, {:.100}";
inline constexpr std::string_view kLuaStackLimit = "ERR reached lua stack limit";
inline constexpr std::string_view kNumkeysNegative = "ERR Number of keys can't be negative";
inline constexpr std::string_view kScriptFlushOptions =
    "ERR SCRIPT FLUSH only support SYNC|ASYNC option";
inline constexpr std::string_view kScriptDebugUnsupported =
    "ERR SCRIPT DEBUG is not supported: this server has no Lua debugger";
inline constexpr std::string_view kScriptDebugUsage = "ERR Use SCRIPT DEBUG YES/SYNC/NO";
inline constexpr std::string_view kFunctionLoadOptionFmt = "ERR Unknown option given: {}";
inline constexpr std::string_view kFunctionListArgFmt = "ERR Unknown argument {}";
inline constexpr std::string_view kFunctionFlushOptions =
    "ERR FUNCTION FLUSH only supports SYNC|ASYNC option";
inline constexpr std::string_view kLibraryNotFound = "ERR Library not found";
inline constexpr std::string_view kLibraryNameArgMissing =
    "ERR library name argument was not given";
inline constexpr std::string_view kLibraryMetadataMissing = "ERR Missing library metadata";
inline constexpr std::string_view kLibraryMetadataInvalid = "ERR Invalid library metadata";
inline constexpr std::string_view kLibraryNameTwice =
    "ERR Invalid metadata value, name argument was given multiple times";
inline constexpr std::string_view kLibraryMetadataValueFmt = "ERR Invalid metadata value given: {}";
inline constexpr std::string_view kLibraryNameNotGiven = "ERR Library name was not given";
inline constexpr std::string_view kEngineNotFoundFmt = "ERR Engine '{}' not found";
inline constexpr std::string_view kLibraryExistsFmt = "ERR Library '{}' already exists";
// FUNCTION RESTORE APPEND names the library without quotes.
inline constexpr std::string_view kLibraryExistsRestoreFmt = "ERR Library {} already exists";
inline constexpr std::string_view kFunctionCompileFmt = "ERR Error compiling function: {}";
inline constexpr std::string_view kFunctionRegisterFmt = "ERR Error registering functions: ERR {}";
inline constexpr std::string_view kNoFunctionsRegistered = "ERR No functions registered";
inline constexpr std::string_view kFunctionExistsFmt = "ERR Function {} already exists";
inline constexpr std::string_view kFunctionNotFound = "ERR Function not found";
inline constexpr std::string_view kFunctionBadNumkeys = "ERR Bad number of keys provided";

// "ERR wrong number of arguments for 'get' command"
inline std::string wrong_arity(std::string_view fullname) {
  std::string s = "ERR wrong number of arguments for '";
  s += fullname;
  s += "' command";
  return s;
}
// Upper-cases a command name for the texts that show it so ("Try CLIENT HELP.").
inline std::string upper_name(std::string_view name) {
  std::string up(name);
  for (char& ch : up) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return up;
}
// "ERR unknown subcommand 'foo'. Try CLIENT HELP."
inline std::string unknown_subcommand(std::string_view sub, std::string_view container) {
  return fmt::format("ERR unknown subcommand '{:.128}'. Try {} HELP.", sub, upper_name(container));
}
// A subcommand that exists but was given arguments it does not take (Redis's
// addReplySubcommandSyntaxError): "... for 'get'. Try SLOWLOG HELP."
inline constexpr std::string_view kDebugReloadOptions =
    "ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.";
inline constexpr std::string_view kDebugReloadFailed = "ERR Error trying to load the RDB dump";
inline constexpr std::string_view kFunctionRestorePolicy =
    "ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.";
inline std::string unknown_subcommand_or_arity(std::string_view sub, std::string_view container) {
  return fmt::format(
      "ERR unknown subcommand or wrong number of arguments for '{:.128}'. Try {} HELP.", sub,
      upper_name(container));
}

// The dispatcher. `args` is the quoted first arguments: "'a' 'b' ".
inline std::string unknown_command(std::string_view name, std::string_view args) {
  return fmt::format("ERR unknown command '{}', with args beginning with: {}", name.substr(0, 128),
                     args);
}
// A refused EXEC: `reason` is the refusal's text without its "ERR " code.
inline std::string exec_abort_because(std::string_view reason) {
  return fmt::format("EXECABORT Transaction discarded because of: {}", reason);
}
// A kCmdProtected command (DEBUG; MODULE LOAD …) while its option (enable-debug-command;
// enable-module-command) does not allow it.
inline std::string protected_command(std::string_view name, std::string_view option) {
  return fmt::format(
      "ERR {} command not allowed. If the {} option is set to \"local\", you "
      "can run it from a local connection, otherwise you need to set this option in the "
      "configuration file, and then restart the server.",
      upper_name(name), option);
}
inline std::string subscribe_context(std::string_view fullname) {
  return fmt::format(
      "ERR Can't execute '{}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are "
      "allowed in this context",
      fullname);
}
inline constexpr std::string_view kNotAllowedInMulti =
    "ERR Command not allowed inside a transaction";

// Accepting connections.
inline constexpr std::string_view kMaxClients = "ERR max number of clients reached";
inline constexpr std::string_view kProtectedMode =
    "DENIED Redis is running in protected mode because protected mode is enabled and no password "
    "is set for the default user. In this mode connections are only accepted from the loopback "
    "interface. If you want to connect from external computers to Redis you may adopt one of the "
    "following solutions: 1) Just disable protected mode sending the command 'CONFIG SET "
    "protected-mode no' from the loopback interface by connecting to Redis from the same host the "
    "server is running, however MAKE SURE Redis is not publicly accessible from internet if you "
    "do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just "
    "disable the protected mode by editing the Redis configuration file, and setting the "
    "protected mode option to 'no', and then restarting the server. 3) If you started the server "
    "manually just for testing, restart it with the '--protected-mode no' option. 4) Set up an "
    "authentication password for the default user. NOTE: You only need to do one of the above "
    "things in order for the server to start accepting connections from the outside.";

// HELLO, CLIENT SETNAME.
inline constexpr std::string_view kInvalidClientName =
    "ERR Client names cannot contain spaces, newlines or special characters.";
inline std::string hello_syntax(std::string_view option) {
  return fmt::format("ERR Syntax error in HELLO option '{}'", option);
}
inline constexpr std::string_view kHelloNoAuth =
    "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO "
    "AUTH <user> <pass> option can be used to authenticate the client and select the RESP "
    "protocol version at the same time";

// CLIENT.
inline std::string unknown_client_type(std::string_view type) {
  return fmt::format("ERR Unknown client type '{}'", type);
}
inline constexpr std::string_view kInvalidClientId = "ERR Invalid client ID";
inline constexpr std::string_view kClientIdNotPositive = "ERR client-id should be greater than 0";
inline std::string no_such_user(std::string_view user) {
  return fmt::format("ERR No such user '{}'", user);
}
inline constexpr std::string_view kNoSuchClient = "ERR No such client";
inline std::string unrecognized_option(std::string_view option) {
  return fmt::format("ERR Unrecognized option '{}'", option);
}
// CLIENT SETINFO: `attr` is "lib-name" or "lib-ver".
inline std::string invalid_client_info(std::string_view attr) {
  return fmt::format("ERR {} cannot contain spaces, newlines or special characters.", attr);
}
inline constexpr std::string_view kUnblockReason =
    "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR";
inline constexpr std::string_view kPauseMode = "ERR CLIENT PAUSE mode must be WRITE or ALL";
inline constexpr std::string_view kTimeoutNotInteger =
    "ERR timeout is not an integer or out of range";

// CLIENT TRACKING, CLIENT CACHING.
inline constexpr std::string_view kTrackingOneRedirect =
    "ERR A client can only redirect to a single other client";
inline constexpr std::string_view kTrackingNoRedirectClient =
    "ERR The client ID you want redirect to does not exist";
inline constexpr std::string_view kTrackingPrefixNeedsBcast =
    "ERR PREFIX option requires BCAST mode to be enabled";
inline constexpr std::string_view kTrackingBcastSwitch =
    "ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then "
    "re-enabling it with a different mode.";
inline constexpr std::string_view kTrackingOptWithBcast =
    "ERR OPTIN and OPTOUT are not compatible with BCAST";
inline constexpr std::string_view kTrackingOptinAndOptout =
    "ERR You can't specify both OPTIN mode and OPTOUT mode";
inline constexpr std::string_view kTrackingOptSwitch =
    "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then "
    "re-enabling it with a different mode.";
inline std::string prefix_overlaps_existing(std::string_view prefix, std::string_view existing) {
  return fmt::format(
      "ERR Prefix '{}' overlaps with an existing prefix '{}'. Prefixes for a single client must "
      "not overlap.",
      prefix, existing);
}
inline std::string prefix_overlaps_provided(std::string_view prefix, std::string_view other) {
  return fmt::format(
      "ERR Prefix '{}' overlaps with another provided prefix '{}'. Prefixes for a single client "
      "must not overlap.",
      prefix, other);
}
inline constexpr std::string_view kCachingNotTracking =
    "ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or "
    "OPTOUT mode enabled";
inline constexpr std::string_view kCachingYesNeedsOptin =
    "ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.";
inline constexpr std::string_view kCachingNoNeedsOptout =
    "ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.";

// MULTI, EXEC, DISCARD, WATCH.
inline constexpr std::string_view kMultiNested = "ERR MULTI calls can not be nested";
inline constexpr std::string_view kDiscardWithoutMulti = "ERR DISCARD without MULTI";
inline constexpr std::string_view kExecWithoutMulti = "ERR EXEC without MULTI";
inline constexpr std::string_view kWatchInsideMulti = "ERR WATCH inside MULTI is not allowed";

// Pub/sub.
inline constexpr std::string_view kSsubscribeDenyBlocking =
    "ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client";

// SHUTDOWN.
inline constexpr std::string_view kNoShutdownInProgress = "ERR No shutdown in progress.";
inline constexpr std::string_view kShutdownFailed = "ERR Errors trying to SHUTDOWN. Check logs.";

// CONFIG SET and CONFIG REWRITE replies.
inline std::string config_set_unknown(std::string_view name) {
  return fmt::format("ERR Unknown option or number of arguments for CONFIG SET - '{}'", name);
}
inline std::string config_set_failed(std::string_view arg, std::string_view reason) {
  return fmt::format("ERR CONFIG SET failed (possibly related to argument '{}') - {}", arg, reason);
}
inline std::string config_rewrite_failed(std::string_view reason) {
  return fmt::format("ERR {}", reason);
}
// Why a directive was not set: the reason CONFIG SET reports after "... - ", and the line a
// config file error shows (without an error code).
inline constexpr std::string_view kConfigUnknown = "unknown";
inline constexpr std::string_view kConfigImmutable = "can't set immutable config";
inline constexpr std::string_view kConfigProtected = "can't set protected config";
inline constexpr std::string_view kConfigDuplicate = "duplicate parameter";
inline constexpr std::string_view kConfigListenPort =
    "Unable to listen on this port. Check server logs.";
inline constexpr std::string_view kConfigTlsFailed =
    "Unable to update TLS configuration. Check server logs.";
inline constexpr std::string_view kConfigBindFailed = "Failed to bind to specified addresses.";
inline constexpr std::string_view kConfigArgCount = "wrong number of arguments";
inline constexpr std::string_view kConfigYesNo = "argument must be 'yes' or 'no'";
inline constexpr std::string_view kConfigNotInteger = "argument couldn't be parsed into an integer";
inline constexpr std::string_view kConfigNotMemory = "argument must be a memory value";
inline std::string config_out_of_range(long long min, long long max) {
  return fmt::format("argument must be between {} and {} inclusive", min, max);
}
inline constexpr std::string_view kConfigOneOf = "argument(s) must be one of the following: ";
inline constexpr std::string_view kConfigTooManyBinds = "Too many bind addresses specified.";
inline constexpr std::string_view kConfigSocketPerm = "Invalid socket file permissions";
inline constexpr std::string_view kConfigNoSuchDir = "No such file or directory";
inline constexpr std::string_view kConfigMemoryOrPercent =
    "argument must be a memory or percent value";
inline constexpr std::string_view kConfigPercentTooBig =
    "percentage argument must be less or equal to 100";
inline constexpr std::string_view kConfigNoReplication = "Replication is not supported";
inline constexpr std::string_view kConfigBadPercentiles =
    "Invalid latency-tracking-info-percentiles parameters";
inline constexpr std::string_view kConfigPercentileRange =
    "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]";
inline constexpr std::string_view kConfigKeyspaceEvents =
    "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";
inline constexpr std::string_view kConfigSaveParams = "Invalid save parameters";
inline constexpr std::string_view kConfigDbfilenamePath =
    "dbfilename can't be a path, just a filename";
inline constexpr std::string_view kConfigObufArgCount =
    "Wrong number of arguments in buffer limit configuration.";
inline constexpr std::string_view kConfigObufClass =
    "Invalid client class specified in buffer limit configuration.";
inline constexpr std::string_view kConfigObufLimits =
    "Error in hard, soft or soft_seconds setting in buffer limit configuration.";
inline constexpr std::string_view kConfigNoFile = "The server is running without a config file";
inline constexpr std::string_view kRewritePermission = "Rewriting config file: Permission denied";
inline constexpr std::string_view kRewriteWrite = "Rewriting config file: write error";
inline constexpr std::string_view kRewriteRename = "Rewriting config file: rename failed";

// DEBUG.
inline constexpr std::string_view kDebugProtocolType =
    "ERR Wrong protocol type name. Please use one of the following: "
    "string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false";
inline constexpr std::string_view kDebugPackedThreshold =
    "ERR argument must be a memory value bigger than 1 and smaller than 4gb";

// COMMAND GETKEYS / GETKEYSANDFLAGS.
inline constexpr std::string_view kGetkeysInvalidCommand = "ERR Invalid command specified";
inline constexpr std::string_view kGetkeysNoKeys = "ERR The command has no key arguments";
inline constexpr std::string_view kGetkeysArity =
    "ERR Invalid number of arguments specified for command";
inline constexpr std::string_view kGetkeysInvalidArgs =
    "ERR Invalid arguments specified for command";

// LATENCY, SLOWLOG.
inline std::string latency_no_samples(std::string_view event) {
  return fmt::format("ERR No samples available for event '{}'", event);
}
inline constexpr std::string_view kSlowlogCount = "ERR count should be greater than or equal to -1";

// CLUSTER, READONLY, READWRITE, ASKING.
inline constexpr std::string_view kClusterDisabled =
    "ERR This instance has cluster support disabled";

// Streams.
inline constexpr std::string_view kStreamInvalidId =
    "ERR Invalid stream ID specified as stream command argument";
inline constexpr std::string_view kStreamIdTooSmall =
    "ERR The ID specified in XADD is equal or smaller than the target stream top item";
inline constexpr std::string_view kStreamIdZero =
    "ERR The ID specified in XADD must be greater than 0-0";
inline constexpr std::string_view kStreamExhausted =
    "ERR The stream has exhausted the last possible ID, unable to add more items";
inline constexpr std::string_view kStreamElementsTooLarge =
    "ERR Elements are too large to be stored";
inline constexpr std::string_view kStreamMaxlenNegative = "ERR The MAXLEN argument must be >= 0.";
inline constexpr std::string_view kStreamLimitNegative = "ERR The LIMIT argument must be >= 0.";
inline constexpr std::string_view kStreamMaxlenMinid =
    "ERR syntax error, MAXLEN and MINID options at the same time are not compatible";
inline constexpr std::string_view kStreamLimitNoStrategy =
    "ERR syntax error, LIMIT cannot be used without specifying a trimming strategy";
inline constexpr std::string_view kStreamLimitNoApprox =
    "ERR syntax error, LIMIT cannot be used without the special ~ option";
inline constexpr std::string_view kStreamXtrimNoStrategy =
    "ERR syntax error, XTRIM must be called with a trimming strategy";
inline constexpr std::string_view kStreamInvalidStart = "ERR invalid start ID for the interval";
inline constexpr std::string_view kStreamInvalidEnd = "ERR invalid end ID for the interval";
inline constexpr std::string_view kStreamUnbalancedFmt =
    "ERR Unbalanced {} list of streams: for each stream key an ID or '$' must be specified.";
inline constexpr std::string_view kStreamGroupOnlyXreadgroup =
    "ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.";
inline constexpr std::string_view kStreamNoackOnlyXreadgroup =
    "ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.";
inline constexpr std::string_view kStreamMissingGroup = "ERR Missing GROUP option for XREADGROUP";
inline constexpr std::string_view kStreamDollarInGroup =
    "ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of "
    "this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would "
    "just return an empty result set.";
inline constexpr std::string_view kStreamGtOutsideGroup =
    "ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> "
    "<consumer> option.";
inline constexpr std::string_view kStreamBlockTimeout =
    "ERR timeout is not an integer or out of range";
inline constexpr std::string_view kStreamNoGroupReadFmt =
    "NOGROUP No such key '{}' or consumer group '{}' in XREADGROUP with GROUP option";
inline constexpr std::string_view kStreamNoGroupFmt =
    "NOGROUP No such key '{}' or consumer group '{}'";
inline constexpr std::string_view kStreamNoGroupForKeyFmt =
    "NOGROUP No such consumer group '{}' for key name '{}'";
inline constexpr std::string_view kStreamBusyGroup = "BUSYGROUP Consumer Group name already exists";
inline constexpr std::string_view kStreamGroupNeedsKey =
    "ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use "
    "the MKSTREAM option to create an empty stream automatically.";
inline constexpr std::string_view kStreamEntriesRead =
    "ERR value for ENTRIESREAD must be positive or -1";
inline constexpr std::string_view kStreamBlockInScriptFmt =
    "ERR {} command is not allowed with BLOCK option from scripts";
inline constexpr std::string_view kStreamKeyGone = "UNBLOCKED the stream key no longer exists";
inline constexpr std::string_view kStreamGroupGone =
    "NOGROUP the consumer group this client was blocked on no longer exists";
inline constexpr std::string_view kXclaimMinIdle = "ERR Invalid min-idle-time argument for XCLAIM";
inline constexpr std::string_view kXautoclaimMinIdle =
    "ERR Invalid min-idle-time argument for XAUTOCLAIM";
inline constexpr std::string_view kXclaimIdle = "ERR Invalid IDLE option argument for XCLAIM";
inline constexpr std::string_view kXclaimTime = "ERR Invalid TIME option argument for XCLAIM";
inline constexpr std::string_view kXclaimRetry =
    "ERR Invalid RETRYCOUNT option argument for XCLAIM";
inline constexpr std::string_view kXclaimOptionFmt = "ERR Unrecognized XCLAIM option '{}'";
inline constexpr std::string_view kXautoclaimCount = "ERR COUNT must be > 0";
inline constexpr std::string_view kXsetidTooSmall =
    "ERR The ID specified in XSETID is smaller than the target stream top item";
inline constexpr std::string_view kXsetidEntriesAdded =
    "ERR The entries_added specified in XSETID is smaller than the target stream length";
inline constexpr std::string_view kXsetidEntriesNegative = "ERR entries_added must be positive";
inline constexpr std::string_view kXsetidBelowGivenMaxDeleted =
    "ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id";

}  // namespace sable::err
