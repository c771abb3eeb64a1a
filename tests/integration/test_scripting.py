"""Scripting (EVAL, EVALSHA, EVAL_RO, SCRIPT), differential against redis-server, byte for byte.

A library of scripts covers the Lua <-> RESP2/RESP3 conversions, redis.call/pcall errors and their
message format, the redis.* API, the sandbox (readonly globals, removed functions and their error
texts), cjson, cmsgpack, bit and struct, shebang flags and the OOM rules; then several connections
exercise atomicity, WATCH, blocking clients, keyspace events and tracking around scripts, and a
script past lua-time-limit: BUSY for others, SCRIPT KILL, UNKILLABLE. A last section drives Sable
alone through redis-py (Lock and register_script, which real applications use).
"""
import re
import socket
import sys
import time

from harness import Conn, parse, run_tests, start_sable

sys.setrecursionlimit(50000)  # the nesting-limit replies are 8,000 levels deep

# Scripts run as EVAL <script> 0 on both servers. Scripts that call math.random seed it first: the
# generator's state is shared by all scripts of a server.
CONVERSIONS = [
    "return 'hello'",
    "return 100.5",
    "return -3.99",
    "return 1e300",
    "return 0/0",
    "return true",
    "return false",
    "return nil",
    "return {1,2,3,'ciao',{1,2}}",
    "return {1,2,3,nil,4}",
    "return {1,'a',{2,{3}},true,false}",
    "return {a=1}",
    "return {[1]=1,[3]=3}",
    "return {{}}",
    "return _G",
    "local a = {}; setmetatable(a,{__index=function() foo() end}) return a",
    "return {ok='fine'}",
    "return {ok='a\\r\\nb'}",
    "return {err='ERR this is an error'}",
    "return {err='x\\ny'}",
    "return {err='-XYZ a'}",
    "return {double=3.5}",
    "return {double=1/0}",
    "return {big_number='123\\r\\n456'}",
    "return {verbatim_string={format='txt', string='hello'}}",
    "return {verbatim_string={format='m', string='hello'}}",
    "return {map={a=1}}",
    "return {set={a=true}}",
    "redis.setresp(3) return {true, false}",
    "return redis.status_reply('FINE')",
    "return redis.status_reply('a\\nb')",
    "return redis.error_reply('My Error')",
    "return redis.error_reply('-My Error')",
    "return redis.error_reply('')",
    "return redis.error_reply()",
    "return redis.status_reply(1)",
    "return redis.call('ping')",
    "return redis.call('echo', 0.1)",
    "return redis.call('echo', 1e20)",
    "return redis.call('echo', 9007199254740991)",
    "return redis.call('echo', 1/0)",
    "return redis.call('echo', -1/0)",
    "redis.call('set', 'x', 'v') return {redis.call('get', 'x'), redis.call('get', 'nokey')}",
    "redis.call('rpush', 'l', 'a', 'b') return {redis.call('lrange', 'l', 0, -1), type(redis.call('llen', 'l'))}",
    "local t = redis.call('set', 'k', 'v') return {type(t), t.ok}",
    "redis.call('set', 'n', '12039611435714932082') return redis.call('get', 'n')",
    "redis.call('hset', 'h', 'f', 'v') redis.setresp(3) local t = redis.call('hgetall', 'h') return {type(t.map), t.map.f}",
    "redis.setresp(3) return redis.call('hgetall', 'nosuch')",
    "redis.setresp(3) return redis.call('get', 'nosuch') == nil",
    "local x = {} for i = 1, 100 do x[i] = i end redis.call('rpush', 'big', unpack(x)) return redis.call('lrange', 'big', 0, -1)",
    "local a = {} for i = 1, 7999 do a[i] = 1 end return redis.call('lpush', 'l2', unpack(a))",
    "return redis.call('sort', 'nokey')",
    "redis.call('sadd', 'myset', 'c', 'a', 'b') return redis.call('sort', 'myset', 'by', '_')",
]

ERRORS = [
    "return redis.call()",
    "return redis.pcall()",
    "return redis.call({})",
    "return redis.call('get', nil)",
    "return redis.pcall('echo', true)",
    "return redis.call('nosuch')",
    "return redis.pcall('nosuch')",
    "return redis.pcall('nosuch').err",
    "return redis.call('incr')",
    "return redis.call('get', 'a', 'b', 'c')",
    "redis.call('set', 's', 'x') return redis.call('incr', 's')",
    "redis.call('set', 's', 'x') return redis.pcall('incr', 's')",
    "redis.call('set', 's', 'x') local t = redis.pcall('incr', 's') return t.err",
    "redis.call('set', 'foo', 'bar') return redis.call('lpush', 'foo', 'val')",
    "return redis.call('select', 99)",
    "return redis.pcall('select', 99)",
    "return redis.call('eval', 'return 1', 0)",
    "return redis.pcall('multi')",
    "return redis.pcall('blpop', 'x', 0)",
    "return redis.pcall('subscribe', 'x')",
    "return redis.pcall('client', 'list')",
    "return redis.pcall('client', 'nosuch')",
    "return redis.pcall('client')",
    "return redis.pcall('cluster', 'reset', 'hard')",
    "return redis.pcall('blmpop', 0, 1, 'x', 'LEFT')",
    "return pcall(redis.call, 'incr')",
    "local ok, e = pcall(redis.call, 'incr') return e",
    "return {pcall(redis.call, 'nosuch')}",
    "error('boom')",
    "error('boom', 0)",
    "error({err='MY custom'})",
    "error(12)",
    "error()",
    "error('x\\ny')",
    "local a = nil; return a + 1",
    "local function f() local a = nil; return a.b end return f()",
    "local function f() error('deep') end\nlocal function g() f() end\ng()",
    "return redis.sha1hex()",
    "return redis.sha1hex(1, 2)",
    "redis.log() return 1",
    "redis.log('x', 'y') return 1",
    "redis.log(10, 'y') return 1",
    "return redis.setresp()",
    "return redis.setresp(4)",
    "return redis.set_repl()",
    "return redis.set_repl(10)",
    "return redis.acl_check_cmd('invalid-cmd', 'arg')",
    "return math.random(10, 5)",
    "return math.random(1, 2, 3)",
    "return math.randomseed()",
    "return +",
    "local t = {} t.x = ",
    "return 'hello' --trailing comment",
]

API = [
    "return redis.sha1hex('')",
    "return redis.sha1hex('Pizza & Mandolino')",
    "return redis.sha1hex(12)",
    "return redis.REDIS_VERSION",
    "return redis.REDIS_VERSION_NUM",
    "return {redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING}",
    "return {redis.REPL_NONE, redis.REPL_AOF, redis.REPL_SLAVE, redis.REPL_REPLICA, redis.REPL_ALL}",
    "redis.log(redis.LOG_DEBUG, 'hello', 'world', 1) return 1",
    "return redis.set_repl(redis.REPL_ALL)",
    "return redis.replicate_commands()",
    "return redis.breakpoint()",
    "return redis.debug('x')",
    "return redis.setresp('3')",
    "return redis.acl_check_cmd('set', 'xx', 1)",
    "local t = {} for k, v in pairs(redis) do t[#t+1] = k end table.sort(t) return t",
    "math.randomseed(42) return math.random(100)",
    "math.randomseed(7) return {math.random(), math.random(10), math.random(5, 10)}",
    "math.randomseed(10) return tostring(math.random())",
    "math.randomseed(3) return math.random(0)",
    "return tostring(math.pi)",
    "return {math.floor(3.7), math.ceil(3.2), math.max(1, 5, 3), math.fmod(7, 3)}",
    "return string.format('%5.2f|%d|%s|%q', 3.14159, 42, 'x', 'a\\nb')",
    "return (string.gsub('hello world', '(%w+)', '<%1>'))",
    "return {string.byte('abc', 1, -1)}",
    "return ('abc'):upper()",
    "return tostring(1e15) .. ' ' .. tostring(2^53) .. ' ' .. tostring(1/3)",
    "local t = {3, 1, 2} table.sort(t) return t",
    "local t = {} table.insert(t, 'a') table.insert(t, 1, 'b') return t",
    "return table.concat({1, 2, 3}, ',')",
    "local co = coroutine.create(function() coroutine.yield(1) return 2 end) "
    "local a, b = coroutine.resume(co) local c, d = coroutine.resume(co) return {tostring(a), b, tostring(c), d}",
    "return {pcall(function() return 1, 2 end)}",
    "return {pcall(error)}",
    "return {pcall(error, {err='A b'})}",
    "local ok, e = pcall(function() return foo end) return e",
    "return {xpcall(function() error('a') end, function(e) return 'handled: ' .. e end)}",
    "return {loadstring('return 1')()}",
    "return {loadstring('return +')}",
]

SANDBOX = [
    "x = 1",
    "return x",
    "a = 10",
    "function f() end",
    "_G = {}",
    "_G.x = 1",
    "rawset(_G, 'x', 1)",
    "setmetatable(_G, {})",
    "local g = getmetatable(_G) g.__index = {}",
    "redis = function() return 1 end",
    "redis.call = function() return 1 end",
    "cjson.encode = function() return 1 end",
    "cmsgpack.pack = function() return 1 end",
    "bit.lshift = function() return 1 end",
    "string.x = 1",
    "math.random = nil",
    "local mt = getmetatable('') mt.__index = nil return 1",
    "table.insert(string, 'x') return 1",
    "return print",
    "print('some data')",
    "loadfile('some file')",
    "dofile('some file')",
    "return os",
    "return io",
    "return require",
    "return debug",
    "return package",
    "return getfenv",
    "return setfenv",
    "return newproxy",
    "return module",
    "return _G[{}]",
    "return rawget(_G, 'nope')",
    "return rawget(_G, 'redis') == redis",
    "return rawget(_G, 'string') == string",
    "return getmetatable('').__index == string",
    "return getmetatable(string) == nil",
    "return type(getmetatable(_G))",
    "return _G._G == _G",
    "return #_G",
    "return next(string) ~= nil",
    "local t = {} for k, v in pairs(_G) do t[#t+1] = k end table.sort(t) return t",
    "local t = {} for k, v in pairs(string) do t[#t+1] = k end table.sort(t) return t",
    "local t = {} for k, v in pairs(table) do t[#t+1] = k end table.sort(t) return t",
    "local t = {} for k, v in pairs(math) do t[#t+1] = k end table.sort(t) return t",
    "local t = {} for k, v in pairs(coroutine) do t[#t+1] = k end table.sort(t) return t",
    "local t = {} for k, v in pairs(cjson) do t[#t+1] = k end table.sort(t) return t",
    "local t = {} for k, v in pairs(bit) do t[#t+1] = k end table.sort(t) return t",
    "local t = {} for k, v in pairs(struct) do t[#t+1] = k end table.sort(t) return t",
    "local t = {} for k, v in pairs(cmsgpack) do t[#t+1] = k end table.sort(t) return t",
    "local t = {} t.x = 1 return t.x",
    "local function f() return 1 end return f()",
    "KEYS[1] = 'a' return KEYS[1]",
    "return loadstring(string.dump(function() return 1 end))()",
    "local f, e = loadstring(string.dump(function() end)) return e",
    "local f = loadstring('x = 1') return f()",
    "return table.setn({}, 1)",
    "return select('#', unpack({}, -2, 2147483647))",
    "return select('#', unpack({}, 1, 2147483647))",
    "local function f(n) return f(n+1)+1 end return f(1)",
    "local t = setmetatable({}, {__index = function(t,k) return t[k] end}) return t.x",
    "return string.find('abc', '%')",
    "return table.insert(nil, 1)",
    "return string.rep()",
]

LIBRARIES = [
    "return table.concat(cjson.decode('[0.0, -5e3, -1, 0.3e-3, 1023.2, 0e10]'), ' ')",
    "local d = cjson.decode('{\"keya\": \"a\", \"keyb\": \"b\"}') return {d.keya, d.keyb}",
    "return cjson.encode({1, 2, {a = 'b'}})",
    "return cjson.encode(cjson.decode('{\"a\":[1,2.5,null,true]}'))",
    "return cjson.encode({[1]=1, [5]=5})",
    "return cjson.encode({[1]=1, [50]=5})",
    "return cjson.encode(0/0)",
    "return cjson.encode(1e300)",
    "return cjson.encode(0.1)",
    "return cjson.encode('\\1\\2\\127/')",
    "return cjson.decode('\"\\\\u00e9\"')",
    "return cjson.decode('[1,2')",
    "return cjson.decode(string.rep('[', 2000) .. string.rep(']', 2000))",
    "local a = {} for i=1,1000 do a = {a} end return cjson.encode(a)",
    "return tostring(cjson.null)",
    "return cjson._NAME",
    "return {bit.tobit(1), bit.band(1), bit.bxor(1, 2), bit.bor(1, 2, 4, 8, 16, 32, 64, 128)}",
    "return {bit.band(0xff, 0x0f), bit.lshift(1, 4), bit.rshift(256, 4), bit.arshift(-256, 4), bit.tohex(255)}",
    "return {bit.bnot(0), bit.rol(1, 33), bit.ror(1, 1), bit.bswap(0x12345678), bit.tohex(-1, -4)}",
    "return bit.tohex(65535, -2147483648)",
    "local e = cmsgpack.pack(0.1) return e",
    "return cmsgpack.pack(-1099511627776)",
    "return cmsgpack.pack(nil, true, false, 0, 127, 128, 255, 256, 65535, 65536, 4294967295, 4294967296)",
    "return cmsgpack.pack(-1, -32, -33, -128, -129, -32768, -32769, -2147483648, -2147483649)",
    "return cmsgpack.pack(2^53, 2^63, -2^63, 2^64, 1.5, 1/0, -1/0, 0/0)",
    "return cmsgpack.pack('', 'a', string.rep('x', 31), string.rep('y', 32), string.rep('z', 300))",
    "return cmsgpack.pack({}, {1, 2, 3}, {[1] = 1, [3] = 3}, {[0] = 1}, {[1.5] = 1}, {a = 1})",
    "local t = {} for i = 1, 70000 do t[i] = i end return cmsgpack.pack(t)",
    "local t = {} for i = 1, 20 do t['k' .. i] = i end return #cmsgpack.pack(t)",
    "local a = {x = nil, y = 5} local b = {x = a} a['x'] = b return cmsgpack.pack(a)",
    "local a = {} a[1] = a a[2] = a return #cmsgpack.pack(a)",
    "return cmsgpack.pack()",
    "return {cmsgpack.unpack(cmsgpack.pack(1, 'two', {3, 4}, true))}",
    "return cjson.encode({cmsgpack.unpack(cmsgpack.pack({a = {1, 2}, b = 'x'}))})",
    "return tostring(cmsgpack.unpack('\\203\\64\\9\\33\\251\\84\\68\\45\\24'))",
    "return tostring(cmsgpack.unpack('\\207\\255\\255\\255\\255\\255\\255\\255\\255'))",
    "return cjson.encode({cmsgpack.unpack('\\130\\1\\2\\3\\4')})",
    "return {cmsgpack.unpack('\\192\\1')}",
    "return cmsgpack.unpack('\\145')",
    "return cmsgpack.unpack('\\193')",
    "return cmsgpack.unpack('\\196\\3abc')",
    "return cmsgpack.unpack('\\219\\255\\255\\255\\255abc')",
    "return #{cmsgpack.unpack(string.rep('\\1', 10000))}",
    "local t = cmsgpack.unpack(string.rep('\\145', 100000) .. '\\1') return type(t)",
    "return {cmsgpack.unpack_one('\\1\\2', 1)}",
    "return {cmsgpack.unpack_one('')}",
    "return cmsgpack.unpack_one('\\1\\2', 5)",
    "return cmsgpack.unpack_one('\\1\\2', -1)",
    "return {cmsgpack.unpack_limit('\\1\\2\\3', 2)}",
    "return {cmsgpack.unpack_limit('\\1\\2\\3', 0)}",
    "return {cmsgpack.unpack_limit('\\1\\2\\3', 0, 1)}",
    "return cmsgpack.unpack(1)",
    "return cmsgpack.unpack({})",
    "return struct.pack('>i4<i2hHbBlLTfdxc3s', 1, 2, -3, 65535, -1, 255, -5, 7, 9, 1.5, 2.25, 'abc', 'zz')",
    "return struct.pack('b!hb!8d', 1, 2, 3, 4)",
    "return struct.pack('>i16', -2)",
    "return struct.pack('>I8', 2^64) .. struct.pack('>i8', -2^63) .. struct.pack('>I4', 1e20)",
    "return struct.pack('>i4', 0/0) .. struct.pack('>i4', 3.7) .. struct.pack('>i4', -3.7)",
    "return struct.pack('>f', 0.1) .. struct.pack('<d', -0.5) .. struct.pack('c0', 'hi')",
    "return {struct.unpack('>i16', string.rep('\\255', 16))}",
    "return tostring(struct.unpack('>I8', '\\255\\255\\255\\255\\255\\255\\255\\255'))",
    "return {struct.unpack('bc0', '\\2abcd')}",
    "return {struct.unpack('s', 'ab\\0cd')}",
    "return {struct.unpack('i4', 'abcdabcd', 5)}",
    "return {struct.size('i4hd'), struct.size('!8bd'), struct.size('c7'), struct.size('q')}",
    "return struct.pack('i33', 1)",
    "return struct.pack('q', 1)",
    "return struct.pack('!3i', 1)",
    "return struct.pack('i99999999999999999999', 1)",
    "return struct.pack('c2147483647', 'ab')",
    "return struct.unpack('c2147483647', 'ab')",
    "return struct.unpack('i4', 'abcd', 0)",
    "return struct.unpack('c0', 'abcd')",
    "return struct.unpack('s', 'abcd')",
    "return struct.size('s')",
    "return struct.pack('i', 'x')",
]


def check_scripts(s, scripts):
    for script in scripts:
        s.same("EVAL", script, "0")


def test_conversions(s):
    check_scripts(s, CONVERSIONS)


def test_errors(s):
    check_scripts(s, ERRORS)


def test_api_and_builtins(s):
    check_scripts(s, API)


def test_sandbox(s):
    check_scripts(s, SANDBOX)


def test_libraries(s):
    check_scripts(s, LIBRARIES)


def test_resp3(s):
    for c in (s.sable, s.redis):
        c.cmd("DEBUG", "SET-DISABLE-DENY-SCRIPTS", "1")
    for proto in ("3", "2"):
        for c in (s.sable, s.redis):
            c.cmd("HELLO", proto)
        for lua in ("2", "3"):
            for t in ("string", "integer", "double", "bignum", "null", "array", "set", "map",
                      "attrib", "verbatim", "true", "false"):
                s.same("EVAL", "redis.setresp(%s) return redis.call('debug', 'protocol', '%s')"
                       % (lua, t), "0")
        check_scripts(s, CONVERSIONS)
        s.same("EVAL", "redis.setresp(3) local t = redis.call('debug', 'protocol', 'verbatim') "
               "return t.verbatim_string.format .. ':' .. t.verbatim_string.string", "0")
    for c in (s.sable, s.redis):
        c.cmd("HELLO", "2")
        c.cmd("DEBUG", "SET-DISABLE-DENY-SCRIPTS", "0")


def test_keys_argv_and_cache(s):
    s.same("EVAL", "return {KEYS[1], KEYS[2], ARGV[1], ARGV[2]}", "2", "a{t}", "b{t}", "c", "d")
    s.same("EVAL", "return {#KEYS, #ARGV}", "0")
    s.same("EVAL", "return 1", "x")
    s.same("EVAL", "return 1", "3", "a")
    s.same("EVAL", "return 1", "-12")
    s.same("EVAL")
    s.same("EVALSHA", "notasha", "0")
    s.same("EVALSHA", "ffd632c7d33e571e9f24556ebed26c3479a87130", "0")
    s.same("SET", "mykey", "myval")
    s.same("EVAL", "return redis.call('get', KEYS[1])", "1", "mykey")
    s.same("EVALSHA", "fd758d1589d044dd850a6f05d52f2eefd27f033f", "1", "mykey")
    s.same("EVALSHA", "FD758D1589D044DD850A6F05D52F2EEFD27F033F", "1", "mykey")
    s.same("EVALSHA_RO", "fd758d1589d044dd850a6f05d52f2eefd27f033f", "1", "mykey")
    s.same("SCRIPT", "LOAD", "return 'loaded'")
    s.same("SCRIPT", "LOAD", "return +")
    s.same("SCRIPT", "EXISTS", "b534286061d4b9e4026607613b95c06c06015ae8", "nope")
    s.same("SCRIPT", "EXISTS")
    s.same("SCRIPT", "FLUSH", "NOW")
    s.same("SCRIPT", "FLUSH", "SYNC", "x")
    s.same("SCRIPT", "FLUSH", "ASYNC")
    s.same("SCRIPT", "EXISTS", "b534286061d4b9e4026607613b95c06c06015ae8")
    s.same("SCRIPT", "KILL")
    s.same("SCRIPT", "KILL", "x")
    s.same("SCRIPT", "HELP")
    s.same("SCRIPT", "NOSUCH")
    s.same("SCRIPT", "DEBUG", "NO")
    s.same("SCRIPT", "DEBUG", "MAYBE")
    s.same("SCRIPT")
    for n in ("eval", "evalsha", "eval_ro", "evalsha_ro"):
        s.same("COMMAND", "GETKEYS", n, "x", "2", "k1", "k2", "a")
    s.same("COMMAND", "INFO", "eval", "evalsha", "eval_ro", "evalsha_ro")


def test_select_inside_script(s):
    s.same("SELECT", "1")
    s.same("SET", "k", "db1")
    s.same("EVAL", "redis.call('select', '0') redis.call('set', 'k', 'db0') return 1", "0")
    s.same("GET", "k")
    s.same("EVAL", "return redis.call('get', 'k')", "0")
    s.same("SELECT", "0")
    s.same("GET", "k")


def test_shebang_and_read_only(s):
    for script in ("#!lua", "#!", "#!\nreturn 1", "#!lua \"a\nreturn 1", "#!python\nreturn 1",
                   "#!lua x\nreturn 1", "#!lua flags=a,\nreturn 1",
                   "#!lua flags=allow-oom,what?\nreturn 1", "#!lua\nreturn 1",
                   "#!lua   \nreturn 1", "#!lua flags=no-writes,allow-oom\nreturn 1",
                   "#!lua flags=no-writes flags=allow-oom\nreturn 1",
                   "#!lua flags=no-writes\nreturn redis.call('set', 'x', 1)",
                   "#!lua flags=no-writes\nreturn redis.call('get', 'x')"):
        s.same("EVAL", script, "0")
    s.same("EVAL_RO", "#!lua\nreturn 1", "0")
    s.same("EVAL_RO", "return redis.call('get', KEYS[1])", "1", "x")
    s.same("EVAL_RO", "return redis.call('del', KEYS[1])", "1", "x")
    s.same("EVAL_RO", "return redis.pcall('set', KEYS[1], 'y')", "1", "x")


def test_oom(s):
    s.same("SET", "x", "123")
    s.same("CONFIG", "SET", "maxmemory", "1")
    try:
        s.same("EVAL", "redis.call('set', 'x', 1) return 1", "1", "x")
        s.same("EVAL", "return redis.call('get', 'x')", "1", "x")
        s.same("EVAL", "local t = redis.pcall('set', 'x', 'y') return t['err']", "1", "x")
        s.same("EVAL", "#!lua flags=\nreturn 1", "0")
        s.same("EVAL", "#!lua\nreturn 1", "0")
        s.same("EVAL", "#!lua flags=allow-oom\nredis.call('set', 'x', 1) return 1", "1", "x")
        s.same("EVAL", "#!lua flags=no-writes\nreturn redis.call('get', 'x')", "0")
        s.same("EVAL_RO", "#!lua flags=no-writes\nreturn redis.call('get', 'x')", "1", "x")
        s.same("EVAL_RO", "return redis.call('get', 'x')", "1", "x")
        s.same("EVAL_RO", "#!lua\nreturn 1", "0")
    finally:
        s.same("CONFIG", "SET", "maxmemory", "0")


def info_lines(conn, section, prefixes):
    text = parse(conn.cmd("INFO", section)).decode()
    out = []
    for line in text.split("\r\n"):
        if line.startswith(prefixes):
            out.append(line.split(",usec=")[0] + " " + line.split("rejected_calls=")[-1]
                       if "usec=" in line else line)
    return sorted(out)


def test_error_statistics(s):
    for c in (s.sable, s.redis):
        c.cmd("CONFIG", "RESETSTAT")
    s.same("SET", "str", "x")
    s.same("EVAL", "return redis.call('incr', 'str')", "0")
    s.same("EVAL", "return redis.pcall('incr', 'str')", "0")
    s.same("EVAL", "local t = redis.pcall('incr', 'str') return 1", "0")
    s.same("EVAL", "return redis.call('nosuch')", "0")
    s.same("EVAL", "return redis.error_reply('MY err')", "0")
    s.same("EVAL_RO", "return redis.call('set', 'x', 'y')", "0")
    s.same("EVAL", "return {1, redis.pcall('incr', 'str'), redis.pcall('incr', 'str')}", "0")
    s.same("EVAL", "return redis.call('select', 99)", "0")
    s.same("SET", "Sicily", "1")
    s.same("EVAL", "return redis.call('GEOADD', 'Sicily', '13.361389', '38.115556', 'Palermo')",
           "1", "x")
    prefixes = ("errorstat_", "cmdstat_eval", "cmdstat_incr", "cmdstat_set", "cmdstat_select",
                "cmdstat_geoadd", "total_error_replies")
    for section in ("errorstats", "commandstats", "stats"):
        a, b = info_lines(s.sable, section, prefixes), info_lines(s.redis, section, prefixes)
        assert a == b, (section, a, b)


def test_nesting_limit(s):
    for script in ("local a = {}; local b = {a}; a[1] = b; return a",
                   "local a = {}; local b = {a}; a[1] = b; return {1, a, 2}",
                   "local a = {}; a.map = {x=a}; return a",
                   "local a = {}; a.set = {}; a.set[a] = true; return a"):
        a, b = s.both("EVAL", script, "0")
        assert a == b, (script, len(a), len(b), a[-80:], b[-80:])
        s.same("PING")


def test_transactions_and_watch(s):
    other_s, other_r = s.sable_server.conn(), s.redis_server.conn()
    try:
        s.same("WATCH", "w")
        a, b = (other_s.cmd("EVAL", "return redis.call('incr', 'w')", "0"),
                other_r.cmd("EVAL", "return redis.call('incr', 'w')", "0"))
        assert a == b, (a, b)
        s.same("MULTI")
        s.same("GET", "w")
        s.same("EXEC")
        s.same("MULTI")
        s.same("EVAL", "return redis.call('incr', KEYS[1])", "1", "c")
        s.same("EVALSHA", "0000000000000000000000000000000000000000", "0")
        s.same("EVAL", "return redis.call('nosuch')", "0")
        s.same("EXEC")
        s.same("MULTI")
        s.same("EVAL", "return 1")
        s.same("EXEC")
        s.same("WATCH", "k")
        s.same("EVAL", "return redis.call('set', 'k', 'v')", "0")
        s.same("MULTI")
        s.same("EXEC")
    finally:
        other_s.close()
        other_r.close()


def on_both(s, fn):
    """Runs fn(conn_factory) against each server and checks both give the same result."""
    a = fn(s.sable_server.conn)
    b = fn(s.redis_server.conn)
    assert a == b, (a, b)
    return a


def test_side_effects(s):
    def run(conn):
        a, sub, blocked = conn(), conn(), conn()
        try:
            a.cmd("CONFIG", "SET", "notify-keyspace-events", "KEA")
            sub.cmd("PSUBSCRIBE", "__key*__:*")
            blocked.send_raw(Conn.encode("BLPOP", "bl", "0"))
            time.sleep(0.1)
            out = [a.cmd("EVAL", "redis.call('set', 'ev', '1') redis.call('del', 'ev') "
                         "redis.call('rpush', 'bl', 'x') redis.call('rpush', 'bl', 'y') "
                         "return redis.call('llen', 'bl')", "0")]
            out += [sub.read_reply() for _ in range(8)]
            out += [blocked.read_reply(), a.cmd("LRANGE", "bl", "0", "-1")]
            a.cmd("CONFIG", "SET", "notify-keyspace-events", "")
            return out
        finally:
            for c in (a, sub, blocked):
                c.close()
    on_both(s, run)


def drain(conn):
    conn.sock.settimeout(0.3)
    out = []
    try:
        while True:
            out.append(conn.read_reply())
    except (socket.timeout, TimeoutError):
        pass
    conn.sock.settimeout(10)
    return out


def test_tracking(s):
    def run(conn):
        a, t = conn(), conn()
        try:
            t.cmd("HELLO", "3")
            t.cmd("CLIENT", "TRACKING", "ON")
            out = []
            # Redis 7.0 remembers the keys the EVAL declares, once its script runs a read.
            for script, keys, writes in (("return redis.call('get', KEYS[1])", ["k1"], ["k1"]),
                                         ("return 1", ["k2"], ["k2"]),
                                         ("return redis.call('get', 'o')", ["k3"], ["k3", "o"])):
                t.cmd("EVAL", script, str(len(keys)), *keys)
                for w in writes:
                    a.cmd("SET", w, "x")
                out.append(drain(t))
            t.cmd("EVAL_RO", "return 1", "1", "k4")
            a.cmd("SET", "k4", "x")
            out.append(drain(t))
            t.cmd("EVAL_RO", "return redis.call('get', 'o2')", "1", "k5")
            a.cmd("SET", "k5", "x")
            out.append(drain(t))
            return out
        finally:
            a.close()
            t.close()
    on_both(s, run)


def test_monitor(s):
    def run(conn):
        m, a = conn(), conn()
        try:
            m.cmd("MONITOR")
            a.cmd("EVAL", "redis.call('set', KEYS[1], ARGV[1]) return redis.call('get', KEYS[1])",
                  "1", "k", "v")
            a.cmd("EVALSHA", "f" * 40, "0")
            # Without the timestamp and the client's address; the script's commands are [0 lua].
            return [re.sub(rb"^\+[0-9.]+ \[0 [0-9.]+:[0-9]+\]", b"[0 client]",
                           re.sub(rb"^\+[0-9.]+ (\[0 lua\])", rb"\1", m.read_reply()))
                    for _ in range(4)]
        finally:
            m.close()
            a.close()
    on_both(s, run)


# Lua that runs for a second of wall time (whatever the machine's speed), for scripts that
# must still be running when another client speaks.
SPIN_ONE_SECOND = ("local t0 = redis.call('time') while true do local t = redis.call('time') "
                   "if (t[1] - t0[1]) * 1000000 + (t[2] - t0[2]) > 1000000 then break end end")


def test_busy_script_and_kill(s):
    def run(conn):
        a, b = conn(), conn()
        try:
            b.cmd("CONFIG", "SET", "lua-time-limit", "10")
            out = []
            # A read-only script: others get BUSY, SCRIPT KILL stops it, the caller's pipelined
            # command then runs.
            a.send_raw(Conn.encode("EVAL", "while true do end", "0") + Conn.encode("PING"))
            time.sleep(0.3)
            out += [b.cmd("PING"), b.cmd("GET", "x"), b.cmd("SCRIPT", "KILL")]
            out += [a.read_reply(), a.read_reply(), b.cmd("PING")]
            # pcall does not keep a killed script alive.
            a.send_raw(Conn.encode("EVAL", "local f = function() while 1 do redis.call('ping') "
                                   "end end while 1 do pcall(f) end", "0"))
            time.sleep(0.3)
            out += [b.cmd("PING"), b.cmd("SCRIPT", "KILL"), a.read_reply()]
            # A script that wrote cannot be killed; it finishes, and commands queued meanwhile
            # were refused.
            a.send_raw(Conn.encode("EVAL", "redis.call('set', 'x', 'y') " + SPIN_ONE_SECOND
                                   + " return 1", "0"))
            time.sleep(0.3)
            out += [b.cmd("SCRIPT", "KILL"), b.cmd("MULTI"), b.cmd("SET", "a", "b"),
                    b.cmd("EXEC"), a.read_reply(), b.cmd("GET", "x"), b.cmd("SCRIPT", "KILL")]
            # A script past the limit that finishes by itself.
            out.append(a.cmd("EVAL", "for i=1,300000 do redis.call('ping') end return 'ok'",
                             "0"))
            out.append(a.cmd("PING"))
            b.cmd("CONFIG", "SET", "lua-time-limit", "5000")
            return out
        finally:
            a.close()
            b.close()
    on_both(s, run)


def test_busy_clients_blocked_on_keys_wait_for_the_script(s):
    def run(conn):
        a, b, blocked = conn(), conn(), conn()
        try:
            b.cmd("CONFIG", "SET", "lua-time-limit", "10")
            blocked.send_raw(Conn.encode("BLPOP", "q", "0"))
            time.sleep(0.1)
            a.send_raw(Conn.encode("EVAL", "redis.call('lpush', 'q', 'y') " + SPIN_ONE_SECOND
                                   + " redis.call('lpush', 'q', 'z') return 1", "0"))
            time.sleep(0.2)
            out = [b.cmd("WATCH", "q"), b.cmd("UNWATCH"), a.read_reply(), blocked.read_reply(),
                   b.cmd("LRANGE", "q", "0", "-1")]
            b.cmd("CONFIG", "SET", "lua-time-limit", "5000")
            return out
        finally:
            for c in (a, b, blocked):
                c.close()
    on_both(s, run)


def test_busy_script_new_connections_get_busy(s):
    """A client that connects while a script is past its limit is accepted and answered -BUSY."""
    def run(conn):
        a, b = conn(), conn()
        late = None
        try:
            b.cmd("CONFIG", "SET", "lua-time-limit", "10")
            a.send_raw(Conn.encode("EVAL", SPIN_ONE_SECOND + " return 1", "0"))
            time.sleep(0.3)
            late = conn()
            out = [late.cmd("PING"), late.cmd("SCRIPT", "KILL"), a.read_reply(), late.cmd("PING")]
            b.cmd("CONFIG", "SET", "lua-time-limit", "5000")
            return out
        finally:
            for c in (a, b, late):
                if c:
                    c.close()
    on_both(s, run)


def test_config_lua_time_limit(s):
    s.same("CONFIG", "GET", "lua-time-limit")
    s.same("CONFIG", "GET", "busy-reply-threshold")
    s.same("CONFIG", "SET", "lua-time-limit", "100")
    s.same("CONFIG", "GET", "busy-reply-threshold")
    s.same("CONFIG", "SET", "busy-reply-threshold", "5000")


def test_memory_info(s):
    s.same("SCRIPT", "FLUSH")
    for i in range(100):
        s.same("SCRIPT", "LOAD", "return %d" % i)
    for c in (s.sable, s.redis):
        text = parse(c.cmd("INFO", "memory")).decode()
        assert "number_of_cached_scripts:100" in text, text
        lua = int(text.split("used_memory_lua:")[1].split("\r\n")[0])
        assert 0 < lua < 10 * 1024 * 1024, lua
    s.same("SCRIPT", "FLUSH")


# ---------------------------------------------------------------- redis-py against Sable alone

def test_redis_py(s):
    try:
        import redis
    except ImportError:
        print("  (redis-py not installed, skipped)")
        return
    srv = start_sable()
    try:
        r = redis.Redis(port=srv.port)
        lock = r.lock("resource", timeout=5)
        assert lock.acquire(blocking=False)
        assert not r.lock("resource", timeout=5).acquire(blocking=False)
        assert lock.extend(10) and r.pttl("resource") > 10000
        assert lock.reacquire() and 4000 < r.pttl("resource") <= 5000
        assert lock.locked() and lock.owned()
        lock.release()
        assert r.get("resource") is None
        short = r.lock("short", timeout=0.2)
        assert short.acquire()
        time.sleep(0.3)
        try:
            short.release()
            raise AssertionError("releasing an expired lock should fail")
        except redis.exceptions.LockNotOwnedError:
            pass
        with r.lock("ctx", timeout=5, blocking_timeout=1):
            assert r.exists("ctx") == 1
        assert r.exists("ctx") == 0
        incr = r.register_script("return redis.call('incrby', KEYS[1], ARGV[1])")
        assert incr(keys=["counter"], args=[5]) == 5
        r.script_flush()
        assert incr(keys=["counter"], args=[5]) == 10  # EVALSHA fails, redis-py loads it again
        p = r.pipeline()
        incr(keys=["counter"], args=[1], client=p)
        assert p.execute() == [11]
        assert r.script_exists(incr.sha) == [True]
        assert r.eval("return {1, 'two', {3}}", 0) == [1, b"two", [3]]
        r.close()
    finally:
        srv.stop()


if __name__ == "__main__":
    run_tests(globals())
