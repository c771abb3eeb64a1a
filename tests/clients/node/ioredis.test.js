'use strict';
// ioredis (v5) against the server in $SABLE_SERVER: every command family, defineCommand
// scripts, pipelines and MULTI, pub/sub with PSUBSCRIBE, blocking pops, scanStream, streams,
// reconnecting after the server restarts, and enableOfflineQueue on and off. Run by ctest as
// `node_ioredis`; every wait is bounded.

const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { requireDeps, startServer, within, waitFor, sleep } = require('./server');

const { ioredis } = requireDeps(['ioredis']);
const Redis = ioredis.default ?? ioredis;

const T = { timeout: 20000 };

function rejectsWith(promise, re) {
  return assert.rejects(promise, (err) => {
    assert.match(err.message, re);
    return true;
  });
}

let server;
let r;
const clients = [];

async function connect(opts = {}) {
  const c = new Redis({
    host: '127.0.0.1', port: server.port, lazyConnect: true, connectTimeout: 5000,
    maxRetriesPerRequest: 3, retryStrategy: () => null, ...opts,
  });
  c.on('error', () => {}); // failures surface through the awaited commands
  clients.push(c);
  await within(5000, c.connect(), 'ioredis connect');
  return c;
}

async function drain(stream) {
  const out = [];
  await within(10000, new Promise((resolve, reject) => {
    stream.on('data', (batch) => out.push(...batch));
    stream.on('end', resolve);
    stream.on('error', reject);
  }), 'scan stream');
  return out;
}

before(async () => {
  server = await startServer();
  r = await connect({ connectionName: 'sable-ioredis' });
  r.defineCommand('incrBy2', {
    numberOfKeys: 1,
    lua: "return redis.call('INCRBY', KEYS[1], ARGV[1] * 2)",
  });
  r.defineCommand('hsetGet', {
    lua: "redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]); return redis.call('HGETALL', KEYS[1])",
  });
});

after(async () => {
  for (const c of clients) c.disconnect();
  const status = await server.stop();
  server.cleanup();
  assert.ok(status.signal === null || status.signal === 'SIGTERM', `server exit ${JSON.stringify(status)}`);
});

describe('ioredis', () => {
  test('handshake: ready check (INFO), CLIENT SETNAME, CLIENT SETINFO tolerated, SELECT', T, async () => {
    assert.equal(r.status, 'ready');
    assert.equal(await r.client('GETNAME'), 'sable-ioredis');
    const db5 = await connect({ db: 5 });
    await db5.set('io:db5', 'x');
    assert.equal(await r.exists('io:db5'), 0);
    assert.equal(await db5.get('io:db5'), 'x');
    assert.equal(await r.ping(), 'PONG');
    assert.equal(await r.echo('hi'), 'hi');
    assert.ok((await r.call('COMMAND', 'COUNT')) > 100);
  });

  test('strings', T, async () => {
    assert.equal(await r.set('io:s', 'hello'), 'OK');
    assert.equal(await r.get('io:s'), 'hello');
    assert.equal(await r.append('io:s', '!'), 6);
    assert.equal(await r.set('io:s', 'x', 'NX'), null);
    assert.equal(await r.set('io:s', 'bye', 'XX', 'GET'), 'hello!');
    assert.equal(await r.incr('io:n'), 1);
    assert.equal(await r.incrby('io:n', 9), 10);
    assert.equal(await r.decr('io:n'), 9);
    assert.equal(await r.incrbyfloat('io:f', '2.5'), '2.5');
    assert.equal(await r.mset({ 'io:a': '1', 'io:bits': '2' }), 'OK');
    assert.deepEqual(await r.mget('io:a', 'io:bits', 'io:none'), ['1', '2', null]);
    assert.equal(await r.msetnx('io:a', 'x', 'io:c', 'y'), 0);
    assert.equal(await r.setex('io:ex', 100, 'v'), 'OK');
    assert.equal(await r.getex('io:ex', 'PERSIST'), 'v');
    assert.equal(await r.strlen('io:s'), 3);
    assert.equal(await r.getrange('io:s', 1, -1), 'ye');
    await r.set('io:bin', Buffer.from([0, 1, 255]));
    assert.deepEqual([...(await r.getBuffer('io:bin'))], [0, 1, 255]);
    await rejectsWith(r.incr('io:s'), /ERR value is not an integer or out of range/);
    await rejectsWith(r.call('NOSUCHCOMMAND'), /ERR unknown command 'NOSUCHCOMMAND'/);
    await rejectsWith(r.call('GET'), /ERR wrong number of arguments for 'get' command/);
  });

  test('keys and TTL', T, async () => {
    await r.set('io:k', 'v');
    assert.equal(await r.expire('io:k', 50), 1);
    const ttl = await r.ttl('io:k');
    assert.ok(ttl > 40 && ttl <= 50);
    assert.equal(await r.pexpire('io:k', 100000), 1);
    assert.ok((await r.pttl('io:k')) > 90000);
    assert.equal(await r.persist('io:k'), 1);
    assert.equal(await r.ttl('io:k'), -1);
    assert.equal(await r.ttl('io:nokey'), -2);
    await r.set('io:px', 'v', 'PX', 50);
    await waitFor(async () => (await r.exists('io:px')) === 0, 3000, 'expiry');
    assert.equal(await r.type('io:k'), 'string');
    assert.equal(await r.rename('io:k', 'io:k2'), 'OK');
    assert.equal(await r.exists('io:k', 'io:k2'), 1);
    assert.equal(await r.copy('io:k2', 'io:k3'), 1);
    assert.equal(await r.del('io:k2', 'io:k3', 'io:nokey'), 2);
    await r.set('io:mv', 'v');
    assert.equal(await r.move('io:mv', 2), 1);
    assert.equal(await r.exists('io:mv'), 0);
    await r.set('io:obj', '12345');
    assert.equal(await r.object('ENCODING', 'io:obj'), 'int');
    await r.rpush('io:sortme', '3', '1', '2');
    assert.deepEqual(await r.sort('io:sortme'), ['1', '2', '3']);
    assert.deepEqual(await r.sort('io:sortme', 'DESC', 'LIMIT', 0, 2), ['3', '2']);
  });

  test('DUMP / RESTORE', T, async () => {
    await r.rpush('io:dumpl', 'a', 'b');
    const payload = await r.dumpBuffer('io:dumpl');
    assert.ok(Buffer.isBuffer(payload));
    assert.equal(await r.restore('io:restored', 5000, payload), 'OK');
    assert.deepEqual(await r.lrange('io:restored', 0, -1), ['a', 'b']);
    assert.ok((await r.pttl('io:restored')) > 0);
    assert.equal(await r.restore('io:restored', 0, payload, 'REPLACE'), 'OK');
    await rejectsWith(r.restore('io:bad', 0, Buffer.from('garbage')), /^ERR DUMP payload version or checksum are wrong/);
  });

  test('hashes', T, async () => {
    assert.equal(await r.hset('io:h', 'a', '1', 'b', '2'), 2);
    assert.equal(await r.hset('io:h', { c: '3' }), 1);
    assert.deepEqual(await r.hgetall('io:h'), { a: '1', b: '2', c: '3' });
    assert.deepEqual(await r.hgetall('io:nohash'), {});
    assert.equal(await r.hget('io:h', 'b'), '2');
    assert.deepEqual(await r.hmget('io:h', 'a', 'zz'), ['1', null]);
    assert.equal(await r.hincrby('io:h', 'a', 4), 5);
    assert.equal(await r.hincrbyfloat('io:h', 'a', '0.5'), '5.5');
    assert.equal(await r.hdel('io:h', 'c'), 1);
    assert.equal(await r.hlen('io:h'), 2);
    assert.deepEqual((await r.hkeys('io:h')).sort(), ['a', 'b']);
    assert.equal(await r.hexists('io:h', 'a'), 1);
    await r.set('io:str', 'x');
    await rejectsWith(r.hset('io:str', 'a', 'b'), /^WRONGTYPE Operation against a key holding the wrong kind of value/);
  });

  test('lists', T, async () => {
    assert.equal(await r.rpush('io:l', 'a', 'b', 'c'), 3);
    assert.equal(await r.lpush('io:l', 'z'), 4);
    assert.deepEqual(await r.lrange('io:l', 0, -1), ['z', 'a', 'b', 'c']);
    assert.equal(await r.lindex('io:l', 1), 'a');
    assert.equal(await r.linsert('io:l', 'AFTER', 'a', 'aa'), 5);
    assert.equal(await r.lrem('io:l', 1, 'aa'), 1);
    assert.equal(await r.lpos('io:l', 'c'), 3);
    assert.equal(await r.rpoplpush('io:l', 'io:l2'), 'c');
    assert.equal(await r.lmove('io:l', 'io:l2', 'LEFT', 'LEFT'), 'z');
    assert.deepEqual(await r.lrange('io:l2', 0, -1), ['z', 'c']);
    assert.deepEqual(await r.lpop('io:l', 2), ['a', 'b']);
    assert.equal(await r.llen('io:l'), 0);
    assert.equal(await r.exists('io:l'), 0);
    assert.deepEqual(await r.lmpop(2, 'io:l', 'io:l2', 'LEFT'), ['io:l2', ['z']]);
  });

  test('sets', T, async () => {
    assert.equal(await r.sadd('io:s1', 'a', 'b', 'c'), 3);
    await r.sadd('io:s2', 'c', 'd');
    assert.equal(await r.scard('io:s1'), 3);
    assert.deepEqual((await r.sunion('io:s1', 'io:s2')).sort(), ['a', 'b', 'c', 'd']);
    assert.deepEqual(await r.sinter('io:s1', 'io:s2'), ['c']);
    assert.deepEqual((await r.sdiff('io:s1', 'io:s2')).sort(), ['a', 'b']);
    assert.equal(await r.sdiffstore('io:s3', 'io:s1', 'io:s2'), 2);
    assert.equal(await r.sismember('io:s3', 'a'), 1);
    assert.deepEqual(await r.smismember('io:s3', 'a', 'c'), [1, 0]);
    assert.equal(await r.srem('io:s3', 'a'), 1);
    assert.deepEqual(await r.smembers('io:s3'), ['b']);
    assert.equal((await r.spop('io:s1', 3)).length, 3);
    assert.equal(await r.exists('io:s1'), 0);
  });

  test('sorted sets', T, async () => {
    assert.equal(await r.zadd('io:z', 1, 'one', 2, 'two', 3, 'three'), 3);
    assert.deepEqual(await r.zrange('io:z', 0, -1, 'WITHSCORES'), ['one', '1', 'two', '2', 'three', '3']);
    assert.equal(await r.zscore('io:z', 'two'), '2');
    assert.equal(await r.zincrby('io:z', 0.5, 'two'), '2.5');
    assert.deepEqual(await r.zrangebyscore('io:z', '(1', '+inf'), ['two', 'three']);
    assert.deepEqual(await r.zrevrange('io:z', 0, 0), ['three']);
    assert.equal(await r.zrevrank('io:z', 'three'), 0);
    assert.deepEqual(await r.zpopmax('io:z'), ['three', '3']);
    assert.equal(await r.zcard('io:z'), 2);
    assert.equal(await r.zadd('io:z', 'GT', 'CH', 1, 'two'), 0);
    assert.equal(await r.zremrangebyscore('io:z', '-inf', 1), 1);
    await r.zadd('io:z2', 5, 'two', 1, 'x');
    assert.equal(await r.zinterstore('io:zi', 2, 'io:z', 'io:z2', 'WEIGHTS', 2, 1), 1);
    assert.equal(await r.zscore('io:zi', 'two'), '10');
    assert.deepEqual(await r.zrange('io:z2', '(1', 10, 'BYSCORE'), ['two']);
    assert.equal(await r.zrangestore('io:zs', 'io:z2', 0, -1), 2);
    assert.deepEqual(await r.zrandmember('io:zs', -3).then((a) => a.length), 3);
  });

  test('bitmaps', T, async () => {
    assert.equal(await r.setbit('io:bm', 3, 1), 0);
    assert.equal(await r.getbit('io:bm', 3), 1);
    assert.equal(await r.bitcount('io:bm'), 1);
    assert.equal(await r.bitpos('io:bm', 1), 3);
    assert.deepEqual(await r.bitfield('io:bf', 'INCRBY', 'i5', 100, 1, 'GET', 'u4', 0), [1, 0]);
    await r.set('io:b1', 'abc');
    await r.set('io:b2', '   ');
    assert.equal(await r.bitop('XOR', 'io:bx', 'io:b1', 'io:b2'), 3);
    assert.equal(await r.get('io:bx'), 'ABC');
  });

  test('HyperLogLog', T, async () => {
    assert.equal(await r.pfadd('io:hll', 'x', 'y'), 1);
    assert.equal(await r.pfadd('io:hll2', 'y', 'z'), 1);
    assert.equal(await r.pfmerge('io:hll3', 'io:hll', 'io:hll2'), 'OK');
    assert.equal(await r.pfcount('io:hll3'), 3);
  });

  test('geo', T, async () => {
    assert.equal(await r.geoadd('io:geo', 13.361389, 38.115556, 'Palermo', 15.087269, 37.502669, 'Catania'), 2);
    assert.equal(await r.geodist('io:geo', 'Palermo', 'Catania'), '166274.1516');
    assert.deepEqual(await r.geohash('io:geo', 'Catania'), ['sqdtr74hyu0']);
    assert.deepEqual(await r.geosearch('io:geo', 'FROMLONLAT', 15, 37, 'BYRADIUS', 200, 'km', 'ASC'),
      ['Catania', 'Palermo']);
    const withs = await r.geosearch('io:geo', 'FROMMEMBER', 'Palermo', 'BYBOX', 400, 400, 'km', 'ASC',
      'WITHDIST', 'WITHCOORD');
    assert.equal(withs[0][0], 'Palermo');
    assert.equal(withs[0][1], '0.0000');
    assert.deepEqual(await r.georadius('io:geo', 15, 37, 100, 'km'), ['Catania']);
    assert.equal(await r.geosearchstore('io:geo2', 'io:geo', 'FROMLONLAT', 15, 37, 'BYRADIUS', 100, 'km'), 1);
    const pos = await r.geopos('io:geo', 'Palermo');
    assert.ok(Math.abs(Number(pos[0][0]) - 13.361389) < 1e-5);
  });

  test('scripting: defineCommand, EVAL/EVALSHA, SCRIPT, FUNCTION + FCALL', T, async () => {
    // defineCommand sends EVALSHA and falls back to EVAL on NOSCRIPT.
    assert.equal(await r.script('FLUSH'), 'OK');
    assert.equal(await r.incrBy2('io:sc', 5), 10);
    assert.equal(await r.incrBy2('io:sc', 1), 12);
    assert.deepEqual(await r.hsetGet(1, 'io:sch', 'f', 'v'), ['f', 'v']);
    const [[e1, v1], [e2, v2]] = await r.pipeline().incrBy2('io:sc', 1).hsetGet(1, 'io:sch', 'g', 'w').exec();
    assert.equal(e1, null);
    assert.equal(v1, 14);
    assert.equal(e2, null);
    assert.deepEqual(v2, ['f', 'v', 'g', 'w']);
    const sha = await r.script('LOAD', 'return {KEYS[1], ARGV[1], 3, false}');
    assert.deepEqual(await r.evalsha(sha, 1, 'k', 'a'), ['k', 'a', 3, null]);
    assert.deepEqual(await r.script('EXISTS', sha, 'deadbeef'), [1, 0]);
    assert.equal(await r.eval("return redis.call('SET', KEYS[1], ARGV[1])", 1, 'io:ev', 'x'), 'OK');
    await rejectsWith(r.eval("return redis.error_reply('MYERR custom')", 0), /^MYERR custom/);
    await rejectsWith(r.evalsha('0'.repeat(40), 0), /^NOSCRIPT No matching script/);
    const lib = "#!lua name=iolib\nredis.register_function('io_sum', function(keys, args) " +
      'return tonumber(args[1]) + tonumber(args[2]) end)';
    assert.equal(await r.function('LOAD', 'REPLACE', lib), 'iolib');
    assert.equal(await r.fcall('io_sum', 0, 2, 3), 5);
    const list = await r.function('LIST', 'LIBRARYNAME', 'iolib');
    assert.equal(list[0][1], 'iolib');
    await rejectsWith(r.fcall('nope', 0), /Function not found/);
  });

  test('pub/sub: SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE with a second client', T, async () => {
    const sub = await connect();
    const got = [];
    sub.on('message', (ch, msg) => got.push(['message', ch, msg]));
    sub.on('pmessage', (pat, ch, msg) => got.push(['pmessage', pat, ch, msg]));
    sub.on('smessage', (ch, msg) => got.push(['smessage', ch, msg]));
    assert.equal(await sub.subscribe('io:ch1', 'io:ch2'), 2);
    assert.equal(await sub.psubscribe('io:news.*'), 3);
    await rejectsWith(sub.get('x'), /only \(P\|S\)?SUBSCRIBE|Connection in subscriber mode/);
    assert.equal(await r.publish('io:ch1', 'one'), 1);
    assert.equal(await r.publish('io:news.tech', 'two'), 1);
    assert.equal(await r.publish('io:nobody', 'x'), 0);
    await waitFor(() => got.length === 2, 5000, 'messages');
    assert.deepEqual(got, [['message', 'io:ch1', 'one'], ['pmessage', 'io:news.*', 'io:news.tech', 'two']]);
    assert.deepEqual(await r.pubsub('NUMSUB', 'io:ch1', 'io:ch9'), ['io:ch1', 1, 'io:ch9', 0]);
    assert.equal(await r.pubsub('NUMPAT'), 1);
    assert.equal(await sub.unsubscribe('io:ch1', 'io:ch2'), 1);
    assert.equal(await sub.punsubscribe('io:news.*'), 0);
    assert.equal(await r.publish('io:ch1', 'gone'), 0);
    got.length = 0;
    const ssub = await connect();
    ssub.on('smessage', (ch, msg) => got.push(['smessage', ch, msg]));
    assert.equal(await ssub.ssubscribe('io:shard'), 1);
    assert.equal(await r.spublish('io:shard', 'sharded'), 1);
    await waitFor(() => got.length === 1, 5000, 'sharded message');
    assert.deepEqual(got, [['smessage', 'io:shard', 'sharded']]);
    // Subscriptions come back after a reconnect (autoResubscribe).
    const again = await connect({ retryStrategy: (n) => (n > 50 ? null : 50) });
    const got2 = [];
    again.on('message', (ch, msg) => got2.push(msg));
    await again.subscribe('io:resub');
    await r.client('KILL', 'SKIPME', 'yes', 'TYPE', 'pubsub');
    await waitFor(async () => (await r.publish('io:resub', 'back')) === 1, 5000, 'resubscribed', 50);
    await waitFor(() => got2.includes('back'), 5000, 'message after resubscribe');
  });

  test('MULTI/EXEC, WATCH, pipelines, auto-pipelining', T, async () => {
    const res = await r.multi().set('io:tx', '1').incr('io:tx').get('io:tx').exec();
    assert.deepEqual(res, [[null, 'OK'], [null, 2], [null, '2']]);
    await r.set('io:txs', 'str');
    const mixed = await r.multi().incr('io:tx').lpush('io:txs', 'x').exec();
    assert.equal(mixed[0][1], 3);
    assert.match(mixed[1][0].message, /^WRONGTYPE/);
    // Queue-time error: EXECABORT.
    await rejectsWith(r.multi().set('io:tx').get('io:tx').exec(), /EXECABORT/);
    const w = await connect();
    await w.watch('io:w');
    await r.set('io:w', 'other');
    assert.equal(await w.multi().set('io:w', 'mine').exec(), null);
    assert.equal(await r.get('io:w'), 'other');
    await w.watch('io:w');
    await w.unwatch();
    await r.set('io:w', 'other2');
    assert.deepEqual(await w.multi().set('io:w', 'mine').exec(), [[null, 'OK']]);
    const pipe = await r.pipeline().set('io:p', 'a').get('io:p').incr('io:p').exec();
    assert.deepEqual(pipe.slice(0, 2), [[null, 'OK'], [null, 'a']]);
    assert.match(pipe[2][0].message, /not an integer/);
    const big = r.pipeline();
    for (let i = 0; i < 1000; i++) big.rpush('io:plist', String(i));
    const bigRes = await big.exec();
    assert.equal(bigRes[999][1], 1000);
    const auto = await connect({ enableAutoPipelining: true });
    const vals = await Promise.all(Array.from({ length: 300 }, (_, i) => auto.lindex('io:plist', i)));
    assert.equal(vals[299], '299');
  });

  test('blocking pops on separate connections', T, async () => {
    const b = await connect();
    const p = b.blpop('io:bq', 5);
    await sleep(100);
    await r.rpush('io:bq', 'job');
    assert.deepEqual(await within(6000, p, 'BLPOP'), ['io:bq', 'job']);
    assert.equal(await b.brpop('io:bq', 0.1), null);
    const z = b.bzpopmax('io:bz', 5);
    await sleep(50);
    await r.zadd('io:bz', 4, 'm');
    assert.deepEqual(await within(6000, z, 'BZPOPMAX'), ['io:bz', 'm', '4']);
    const mv = b.brpoplpush('io:bsrc', 'io:bdst', 5);
    await sleep(50);
    await r.lpush('io:bsrc', 'x');
    assert.equal(await within(6000, mv, 'BRPOPLPUSH'), 'x');
    // Two clients blocked on one key are served in order.
    const b2 = await connect();
    const first = b.blpop('io:fifo', 5);
    await sleep(50);
    const second = b2.blpop('io:fifo', 5);
    await sleep(50);
    await r.rpush('io:fifo', '1', '2');
    assert.deepEqual(await within(6000, Promise.all([first, second]), 'two BLPOP'),
      [['io:fifo', '1'], ['io:fifo', '2']]);
    const lm = b.blmpop(5, 2, 'io:e1', 'io:e2', 'RIGHT');
    await sleep(50);
    await r.rpush('io:e2', 'q');
    assert.deepEqual(await within(6000, lm, 'BLMPOP'), ['io:e2', ['q']]);
  });

  test('scanStream, hscanStream, sscanStream, zscanStream', T, async () => {
    const p = r.pipeline();
    for (let i = 0; i < 400; i++) p.set(`io:scan:${i}`, 'v');
    await p.exec();
    const keys = await drain(r.scanStream({ match: 'io:scan:*', count: 50 }));
    assert.equal(new Set(keys).size, 400);
    const typed = await drain(r.scanStream({ type: 'zset', count: 100 }));
    assert.ok(typed.every((k) => !k.startsWith('io:scan:')));
    const h = {};
    for (let i = 0; i < 150; i++) h[`f${i}`] = `v${i}`;
    await r.hset('io:sh', h);
    const hv = await drain(r.hscanStream('io:sh', { count: 20 }));
    assert.equal(hv.length, 300);
    await r.sadd('io:ss', ...Array.from({ length: 150 }, (_, i) => `m${i}`));
    assert.equal(new Set(await drain(r.sscanStream('io:ss', { match: 'm1*' }))).size, 61);
    await r.zadd('io:sz', ...Array.from({ length: 150 }, (_, i) => [i, `m${i}`]).flat());
    assert.equal((await drain(r.zscanStream('io:sz'))).length, 300);
  });

  test('streams: XADD, XRANGE, XREAD (blocking), groups, XACK, XCLAIM, XAUTOCLAIM, XINFO', T, async () => {
    const id1 = await r.xadd('io:st', '*', 'f', '1');
    const id2 = await r.xadd('io:st', 'MAXLEN', '~', 1000, '*', 'f', '2', 'g', '3');
    assert.equal(await r.xadd('io:st', 'NOMKSTREAM', '*', 'f', 'x').then(() => 'ok'), 'ok');
    assert.equal(await r.xadd('io:nost', 'NOMKSTREAM', '*', 'f', 'x'), null);
    assert.equal(await r.xlen('io:st'), 3);
    const range = await r.xrange('io:st', '-', '+', 'COUNT', 2);
    assert.deepEqual(range, [[id1, ['f', '1']], [id2, ['f', '2', 'g', '3']]]);
    const rd = await r.xread('COUNT', 1, 'STREAMS', 'io:st', '0');
    assert.deepEqual(rd, [['io:st', [[id1, ['f', '1']]]]]);
    await rejectsWith(r.xadd('io:st', '1-1', 'f', 'x'),
      /ERR The ID specified in XADD is equal or smaller than the target stream top item/);
    const b = await connect();
    const waiting = b.xread('BLOCK', 5000, 'STREAMS', 'io:st', '$');
    await sleep(100);
    const id4 = await r.xadd('io:st', '*', 'late', 'yes');
    assert.deepEqual(await within(6000, waiting, 'blocking XREAD'), [['io:st', [[id4, ['late', 'yes']]]]]);
    assert.equal(await r.xgroup('CREATE', 'io:st', 'grp', '0'), 'OK');
    await rejectsWith(r.xgroup('CREATE', 'io:st', 'grp', '0'), /^BUSYGROUP Consumer Group name already exists/);
    const g = await r.xreadgroup('GROUP', 'grp', 'c1', 'COUNT', 2, 'STREAMS', 'io:st', '>');
    assert.deepEqual(g[0][1].map((e) => e[0]), [id1, id2]);
    assert.equal(await r.xack('io:st', 'grp', id1), 1);
    const summary = await r.xpending('io:st', 'grp');
    assert.equal(summary[0], 1);
    assert.equal(summary[1], id2);
    assert.deepEqual(summary[3], [['c1', '1']]);
    const claimed = await r.xclaim('io:st', 'grp', 'c2', 0, id2);
    assert.equal(claimed[0][0], id2);
    const auto = await r.xautoclaim('io:st', 'grp', 'c3', 0, '0-0', 'COUNT', 10);
    assert.equal(auto[0], '0-0');
    assert.deepEqual(auto[1].map((e) => e[0]), [id2]);
    assert.deepEqual(auto[2], []);
    const info = await r.xinfo('STREAM', 'io:st');
    assert.equal(info[info.indexOf('length') + 1], 4);
    const consumers = await r.xinfo('CONSUMERS', 'io:st', 'grp');
    assert.equal(consumers.length, 3);
    assert.equal(await r.xgroup('CREATECONSUMER', 'io:st', 'grp', 'c9'), 1);
    assert.equal(await r.xgroup('DELCONSUMER', 'io:st', 'grp', 'c9'), 0);
    assert.equal(await r.xgroup('SETID', 'io:st', 'grp', '$'), 'OK');
    const bg = b.xreadgroup('GROUP', 'grp', 'c1', 'BLOCK', 5000, 'STREAMS', 'io:st', '>');
    await sleep(100);
    const id5 = await r.xadd('io:st', '*', 'z', 'z');
    const woke = await within(6000, bg, 'blocking XREADGROUP');
    assert.equal(woke[0][1][0][0], id5);
    assert.equal(await r.xdel('io:st', id1, '999-1'), 1);
    assert.equal(await r.xtrim('io:st', 'MINID', id4), 2);
    assert.equal(await r.xgroup('DESTROY', 'io:st', 'grp'), 1);
  });

  test('MONITOR stream and CLIENT LIST / KILL', T, async () => {
    const mon = await r.monitor();
    clients.push(mon);
    const seen = [];
    mon.on('monitor', (time, args, source, database) => seen.push({ time, args, source, database }));
    await sleep(50);
    await r.set('io:mon', 'watched');
    await r.eval("return redis.call('GET', KEYS[1])", 1, 'io:mon');
    await waitFor(() => seen.some((e) => e.args[0] === 'GET'), 5000, 'monitor lines');
    const set = seen.find((e) => e.args[0] === 'set');
    assert.deepEqual(set.args, ['set', 'io:mon', 'watched']);
    assert.match(set.source, /^127\.0\.0\.1:\d+$/);
    assert.equal(set.database, '0');
    assert.ok(Number(set.time) > 1e9);
    // The script's call is shown as coming from lua.
    assert.equal(seen.find((e) => e.args[0] === 'GET').source, 'lua');
    mon.disconnect();
    const victim = await connect({ connectionName: 'io-victim' });
    const list = await r.client('LIST');
    const line = list.split('\n').find((l) => / name=io-victim /.test(l));
    assert.ok(line, list);
    const id = /\bid=(\d+)/.exec(line)[1];
    assert.equal(await r.client('KILL', 'ID', id), 1);
    await waitFor(() => victim.status === 'end', 5000, 'killed client sees the close');
  });

  test('reconnect after the server restarts on the same port', { timeout: 30000 }, async () => {
    // maxRetriesPerRequest is raised from 3 so that a queued command outlives a slow start (a
    // sanitizer build takes longer than three retries to listen again).
    const rc = await connect({
      retryStrategy: (times) => (times > 100 ? null : Math.min(times * 50, 500)),
      maxRetriesPerRequest: 100,
    });
    let readies = 0;
    rc.on('ready', () => { readies += 1; });
    await rc.set('io:before', '1');
    await server.restart();
    await waitFor(() => readies >= 1 && rc.status === 'ready', 15000, 'ioredis reconnected', 50);
    assert.equal(await rc.ping(), 'PONG');
    assert.equal(await rc.get('io:before'), null); // --save '': nothing kept across restarts
    // enableOfflineQueue (default true): a command sent while the server is down runs once
    // the client is back.
    await server.stop();
    await waitFor(() => rc.status !== 'ready', 5000, 'client notices the server went away');
    const queued = rc.incr('io:queued');
    await sleep(200);
    await server.start();
    assert.equal(await within(15000, queued, 'offline-queued INCR'), 1);
    // enableOfflineQueue: false: commands are refused while not connected.
    const noq = new Redis({
      host: '127.0.0.1', port: server.port, lazyConnect: true, enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    noq.on('error', () => {});
    clients.push(noq);
    await rejectsWith(noq.get('io:queued'), /enableOfflineQueue options is false/);
    if (noq.status === 'wait') await noq.connect(); // lazyConnect: the refused GET may have started it
    await waitFor(() => noq.status === 'ready', 5000, 'enableOfflineQueue=false client ready');
    assert.equal(await noq.get('io:queued'), '1');
    r = rc;
  });
});
