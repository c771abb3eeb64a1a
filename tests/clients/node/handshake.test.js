'use strict';
// What node-redis, ioredis and BullMQ send when they connect (HELLO, CLIENT SETINFO/SETNAME,
// SELECT, READONLY, INFO, script loading …) must succeed or fail exactly as with Redis 7.0.
// Each client connects through a recording proxy to the server under test; the recorded
// commands are then replayed, one by one, on raw connections to that server and to Debian's
// redis-server, and the replies compared byte for byte (after blanking what legitimately
// differs: connection ids, INFO text, timestamps). Run by ctest as `node_handshake`.

const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const net = require('node:net');
const { requireDeps, startServer, within, sleep, REDIS_SERVER } = require('./server');

const { redis, ioredis, bullmq } = requireDeps(['redis', 'ioredis', 'bullmq']);
const Redis = ioredis.default ?? ioredis;

const T = { timeout: 20000 };

// ---- RESP parsing: one complete value from a buffer, or null when more bytes are needed ----

function lineEnd(buf, pos) {
  const i = buf.indexOf('\r\n', pos);
  return i < 0 ? -1 : i;
}

// Returns { value, end } where value is a plain JS rendering ({ t: type, v }), or null.
function parseOne(buf, pos = 0) {
  if (pos >= buf.length) return null;
  const type = String.fromCharCode(buf[pos]);
  const le = lineEnd(buf, pos);
  if (le < 0) return null;
  const line = buf.toString('latin1', pos + 1, le);
  let next = le + 2;
  switch (type) {
    case '+': case '-': case ':': case ',': case '(': case '#': case '_':
      return { value: { t: type, v: line }, end: next };
    case '$': case '=': case '!': {
      const n = Number(line);
      if (n < 0) return { value: { t: type, v: null }, end: next };
      if (buf.length < next + n + 2) return null;
      return { value: { t: type, v: buf.toString('latin1', next, next + n) }, end: next + n + 2 };
    }
    case '*': case '~': case '>': case '%': case '|': {
      let n = Number(line);
      if (n < 0) return { value: { t: type, v: null }, end: next };
      if (type === '%' || type === '|') n *= 2;
      const items = [];
      for (let i = 0; i < n; i++) {
        const r = parseOne(buf, next);
        if (!r) return null;
        items.push(r.value);
        next = r.end;
      }
      if (type === '|') {
        // An attribute precedes the real reply.
        const r = parseOne(buf, next);
        if (!r) return null;
        return { value: r.value, end: r.end };
      }
      return { value: { t: type, v: items }, end: next };
    }
    default:
      throw new Error(`bad RESP type byte ${JSON.stringify(type)} at ${pos}`);
  }
}

function parseAll(buf) {
  const out = [];
  let pos = 0;
  for (;;) {
    const r = parseOne(buf, pos);
    if (!r) break;
    out.push(r.value);
    pos = r.end;
  }
  return out;
}

function encodeCommand(args) {
  const parts = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) {
    const b = Buffer.from(a, 'latin1');
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

// ---- recording proxy ----

async function recordingProxy(targetPort) {
  const sessions = [];
  const srv = net.createServer((client) => {
    const up = net.connect({ host: '127.0.0.1', port: targetPort });
    const session = { sent: [] };
    sessions.push(session);
    client.on('data', (d) => {
      session.sent.push(d);
      up.write(d);
    });
    up.on('data', (d) => client.write(d));
    client.on('close', () => up.destroy());
    up.on('close', () => client.destroy());
    client.on('error', () => up.destroy());
    up.on('error', () => client.destroy());
  });
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return {
    port: srv.address().port,
    sessions,
    commands(i) {
      return parseAll(Buffer.concat(sessions[i].sent)).map((c) => c.v.map((x) => x.v));
    },
    close: () => new Promise((resolve) => srv.close(resolve)),
  };
}

// ---- replay on a raw connection ----

class RawConn {
  constructor(port) {
    this.sock = net.connect({ host: '127.0.0.1', port });
    this.buf = Buffer.alloc(0);
    this.waiters = [];
    this.sock.on('data', (d) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.pump();
    });
    this.ready = new Promise((resolve, reject) => {
      this.sock.once('connect', resolve);
      this.sock.once('error', reject);
    });
  }

  pump() {
    while (this.waiters.length) {
      const r = parseOne(this.buf, 0);
      if (!r) return;
      this.buf = this.buf.subarray(r.end);
      this.waiters.shift()(r.value);
    }
  }

  async cmd(args) {
    await this.ready;
    const reply = new Promise((resolve) => this.waiters.push(resolve));
    this.sock.write(encodeCommand(args));
    this.pump();
    return within(5000, reply, `reply to ${args.join(' ')}`);
  }

  close() {
    this.sock.destroy();
  }
}

// Blanks the parts of a reply that differ between any two servers for reasons other than
// compatibility.
function normalize(args, reply) {
  const name = args.map((a) => a.toUpperCase());
  const blankFields = (r, fields) => {
    if (!r || !Array.isArray(r.v)) return r;
    const v = r.v.map((x) => ({ ...x }));
    for (let i = 0; i + 1 < v.length; i += 2) {
      if (fields.includes(v[i].v)) v[i + 1] = { t: v[i + 1].t, v: '<blank>' };
    }
    return { t: r.t, v };
  };
  if (name[0] === 'HELLO') return blankFields(reply, ['id', 'version']);
  if (name[0] === 'INFO' && (reply.t === '$' || reply.t === '=')) {
    return { t: reply.t, v: /redis_version:/.test(reply.v) ? '<info>' : reply.v };
  }
  if (name[0] === 'CLIENT' && (name[1] === 'ID' || name[1] === 'INFO')) return { t: reply.t, v: '<blank>' };
  if (name[0] === 'TIME') return { t: reply.t, v: '<blank>' };
  return reply;
}

// Commands Sable implements on purpose beyond Redis 7.0 (README, CLIENT family): CLIENT SETINFO
// (Redis 7.2), which node-redis and ioredis send on every connection. When the server under
// test is redis-server itself, both sides reply the same and this list is not consulted.
function isExtension(args) {
  return !testingRedisItself && args.length >= 2 && args[0].toUpperCase() === 'CLIENT' &&
    args[1].toUpperCase() === 'SETINFO';
}
const testingRedisItself = /redis-server$/.test(process.env.SABLE_SERVER ?? '');

let sable;
let oracle;

before(async () => {
  sable = await startServer();
  oracle = await startServer(REDIS_SERVER);
});

after(async () => {
  for (const s of [sable, oracle]) {
    await s.stop();
    s.cleanup();
  }
});

// Runs `drive(port)` against the server under test through the proxy, then replays every
// recorded connection on both servers and compares the replies.
async function checkHandshake(what, drive, { minCommands = 1 } = {}) {
  const proxy = await recordingProxy(sable.port);
  try {
    await within(15000, drive(proxy.port), `${what} session`);
    await sleep(50);
  } finally {
    await proxy.close();
  }
  assert.ok(proxy.sessions.length >= 1, `${what}: no connection seen`);
  // Both servers start the replay empty (the proxied run left its keys and scripts in Sable).
  for (const port of [sable.port, oracle.port]) {
    const c = new RawConn(port);
    await c.cmd(['FLUSHALL']);
    await c.cmd(['SCRIPT', 'FLUSH']);
    c.close();
  }
  const checked = [];
  for (let i = 0; i < proxy.sessions.length; i++) {
    const cmds = proxy.commands(i);
    const a = new RawConn(sable.port);
    const b = new RawConn(oracle.port);
    try {
      for (const args of cmds) {
        // Blocking reads and QUIT would stall or end the replay; the handshake is before them.
        const up = args[0].toUpperCase();
        if (['BZPOPMIN', 'BLMOVE', 'BRPOPLPUSH', 'XREAD', 'XREADGROUP', 'QUIT', 'SUBSCRIBE', 'PSUBSCRIBE'].includes(up)) break;
        const ra = normalize(args, await a.cmd(args));
        const rb = normalize(args, await b.cmd(args));
        if (isExtension(args)) {
          // Sable answers this Redis 7.2 command; Redis 7.0 does not know it. Clients ignore
          // either reply, so the difference is harmless; both sides are still checked.
          assert.deepEqual(ra, { t: '+', v: 'OK' }, `${what}: ${args.join(' ')} on Sable`);
          assert.equal(rb.t, '-', `${what}: ${args.join(' ')} on Redis 7.0`);
          checked.push(args.slice(0, 2).join(' '));
          continue;
        }
        assert.deepEqual(ra, rb, `${what}: reply to ${JSON.stringify(args).slice(0, 200)} differs`);
        checked.push(args.slice(0, 2).join(' '));
      }
    } finally {
      a.close();
      b.close();
    }
  }
  assert.ok(checked.length >= minCommands, `${what}: only ${checked.length} commands recorded`);
  console.log(`${what}: ${checked.length} commands replayed: ${checked.join(', ')}`);
  return checked;
}

// Replies whose RESP3 shape node-redis decodes (maps, sets, doubles, nulls, verbatim strings,
// stream replies), compared on both servers after HELLO 3. IDs and values are fixed so every
// reply is deterministic.
const RESP3_COMMANDS = [
  ['HELLO', '3'],
  ['HSET', 'h', 'a', '1', 'b', '2'], ['HGETALL', 'h'], ['HGETALL', 'nohash'], ['HMGET', 'h', 'a', 'x'],
  ['ZADD', 'z', '1.5', 'a', '2', 'b', '-3', 'c'], ['ZSCORE', 'z', 'a'], ['ZSCORE', 'z', 'nope'],
  ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'], ['ZPOPMIN', 'z'], ['ZPOPMIN', 'z', '1'], ['ZINCRBY', 'z', '1', 'b'],
  ['ZMSCORE', 'z', 'b', 'x'], ['ZRANK', 'z', 'b'], ['ZMPOP', '1', 'z', 'MAX'], ['ZRANGE', 'nokey', '0', '-1', 'WITHSCORES'],
  ['SADD', 's', '1', '2', '3'], ['SMEMBERS', 's'], ['SINTER', 's', 's'], ['SMISMEMBER', 's', '1', '9'],
  ['GET', 'nokey'], ['LPOP', 'nokey'], ['LPOP', 'nokey', '2'], ['INCRBYFLOAT', 'f', '1.25'],
  ['GEOADD', 'g', '13.361389', '38.115556', 'P'], ['GEOPOS', 'g', 'P', 'Q'], ['GEODIST', 'g', 'P', 'P'],
  ['XADD', 'st', '1-1', 'f', 'v'], ['XADD', 'st', '2-1', 'g', 'w'], ['XRANGE', 'st', '-', '+'],
  ['XREAD', 'STREAMS', 'st', '0'], ['XREAD', 'STREAMS', 'st', '$'], ['XGROUP', 'CREATE', 'st', 'grp', '0'],
  ['XREADGROUP', 'GROUP', 'grp', 'c', 'COUNT', '1', 'STREAMS', 'st', '>'], ['XPENDING', 'st', 'grp'],
  ['XAUTOCLAIM', 'st', 'grp', 'c2', '0', '0-0'], ['XINFO', 'STREAM', 'st'],
  ['CONFIG', 'GET', 'maxmemory-policy'], ['PUBSUB', 'NUMSUB', 'x'], ['OBJECT', 'ENCODING', 'h'],
  ['EVAL', "redis.setresp(3); return redis.call('HGETALL', KEYS[1])", '1', 'h'],
  ['EVAL', 'return {double=0.5}', '0'], ['EVAL', 'return redis.status_reply("FINE")', '0'],
  ['EXISTS', 'h', 'z', 'nokey'], ['TYPE', 'st'], ['LRANGE', 'nokey', '0', '-1'],
];

describe('RESP3 replies as node-redis sees them', () => {
  test('same RESP3 reply on Sable and on Redis 7.0 for each command', T, async () => {
    for (const port of [sable.port, oracle.port]) {
      const c = new RawConn(port);
      await c.cmd(['FLUSHALL']);
      c.close();
    }
    const a = new RawConn(sable.port);
    const b = new RawConn(oracle.port);
    try {
      for (const args of RESP3_COMMANDS) {
        const ra = normalize(args, await a.cmd(args));
        const rb = normalize(args, await b.cmd(args));
        assert.deepEqual(ra, rb, `RESP3 reply to ${args.join(' ')} differs`);
      }
    } finally {
      a.close();
      b.close();
    }
  });
});

describe('connection handshakes match Redis 7.0', () => {
  test('node-redis RESP2 (CLIENT SETINFO LIB-VER / LIB-NAME)', T, async () => {
    const seen = await checkHandshake('node-redis', async (port) => {
      const c = redis.createClient({ socket: { host: '127.0.0.1', port, reconnectStrategy: false } });
      c.on('error', () => {});
      await c.connect();
      await c.ping();
      await c.close();
    }, { minCommands: 3 });
    assert.ok(seen.includes('CLIENT SETINFO'), seen.join(', '));
  });

  test('node-redis RESP3 with name, database and readonly (HELLO 3 SETNAME, SELECT, READONLY)', T, async () => {
    const seen = await checkHandshake('node-redis RESP3', async (port) => {
      const c = redis.createClient({
        RESP: 3, name: 'hs-node', database: 2, readonly: true,
        socket: { host: '127.0.0.1', port, reconnectStrategy: false },
      });
      c.on('error', () => {});
      await c.connect().catch(() => {}); // READONLY fails on a non-cluster server either way
      if (c.isOpen) {
        await c.ping().catch(() => {});
        await c.close().catch(() => c.destroy());
      }
    }, { minCommands: 3 });
    assert.ok(seen.includes('HELLO 3'), seen.join(', '));
    assert.ok(seen.some((s) => s.startsWith('SELECT')), seen.join(', '));
  });

  test('ioredis (INFO ready check, CLIENT SETNAME, SELECT, CLIENT SETINFO)', T, async () => {
    const seen = await checkHandshake('ioredis', async (port) => {
      const c = new Redis({ host: '127.0.0.1', port, connectionName: 'hs-io', db: 4, retryStrategy: () => null });
      c.on('error', () => {});
      await c.ping();
      c.disconnect();
    }, { minCommands: 3 });
    assert.ok(seen.includes('info'), seen.join(', '));
  });

  test('BullMQ Queue start-up (version check, script loading) and a first call', T, async () => {
    await checkHandshake('BullMQ', async (port) => {
      const q = new bullmq.Queue('hs', { connection: { host: '127.0.0.1', port } });
      await q.waitUntilReady();
      await q.getJobCounts();
      await q.close();
    }, { minCommands: 2 });
  });
});
