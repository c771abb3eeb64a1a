'use strict';
// node-redis (the `redis` package, v5) against the server in $SABLE_SERVER: every command
// family, scripts and functions through the client's script API, pub/sub, MULTI and
// pipelines, blocking pops, scan iterators, RESP3, streams, and reconnecting after the
// server restarts. Run by ctest as `node_redis`; every wait is bounded.

const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { requireDeps, startServer, within, waitFor, sleep } = require('./server');

const { redis } = requireDeps(['redis']);
const { createClient, defineScript, WatchError } = redis;

const T = { timeout: 20000 };
// Rejects with a server error whose message matches `re` (or the given error class).
function rejectsWith(promise, expected) {
  if (!(expected instanceof RegExp)) return assert.rejects(promise, expected);
  return assert.rejects(promise, (err) => {
    assert.match(err.message, expected);
    return true;
  });
}
const plain = (o) => (o instanceof Map ? Object.fromEntries(o) : { ...o });

let server;
let client;
const extra = [];

async function connect(opts = {}) {
  const c = createClient({
    socket: { host: '127.0.0.1', port: server.port, connectTimeout: 5000, reconnectStrategy: false },
    ...opts,
  });
  c.on('error', () => {}); // failures surface through the awaited commands
  await within(5000, c.connect(), 'node-redis connect');
  extra.push(c);
  return c;
}

before(async () => {
  server = await startServer();
  client = await connect({
    name: 'sable-node-redis',
    scripts: {
      incrBy2: defineScript({
        SCRIPT: "return redis.call('INCRBY', KEYS[1], ARGV[1] * 2)",
        NUMBER_OF_KEYS: 1,
        parseCommand(parser, key, n) {
          parser.pushKey(key);
          parser.push(String(n));
        },
        transformReply(reply) {
          return reply;
        },
      }),
    },
    functions: {
      nodelib: {
        nr_echo: {
          NUMBER_OF_KEYS: 1,
          parseCommand(parser, key, value) {
            parser.pushKey(key);
            parser.push(value);
          },
          transformReply(reply) {
            return reply;
          },
        },
      },
    },
  });
});

after(async () => {
  for (const c of extra) {
    try {
      if (c.isOpen) await within(3000, c.close(), 'close');
    } catch {
      c.destroy();
    }
  }
  const status = await server.stop();
  server.cleanup();
  assert.ok(status.signal === null || status.signal === 'SIGTERM', `server exit ${JSON.stringify(status)}`);
});

describe('node-redis', () => {
  test('handshake: CLIENT SETNAME from `name`, CLIENT SETINFO tolerated, SELECT', T, async () => {
    assert.equal(await client.clientGetName(), 'sable-node-redis');
    assert.equal(await client.ping(), 'PONG');
    const db3 = await connect({ database: 3 });
    await db3.set('nr:db3', 'x');
    assert.equal(await client.exists('nr:db3'), 0);
    assert.equal(await db3.get('nr:db3'), 'x');
    const info = await client.info('server');
    assert.match(info, /redis_version:/);
  });

  test('strings', T, async () => {
    assert.equal(await client.set('nr:s', 'hello'), 'OK');
    assert.equal(await client.get('nr:s'), 'hello');
    assert.equal(await client.append('nr:s', ' world'), 11);
    assert.equal(await client.strLen('nr:s'), 11);
    assert.equal(await client.getRange('nr:s', 0, 4), 'hello');
    assert.equal(await client.setRange('nr:s', 6, 'WORLD'), 11);
    assert.equal(await client.get('nr:s'), 'hello WORLD');
    assert.equal(await client.set('nr:s', 'x', { NX: true }), null);
    assert.equal(await client.get('nr:missing'), null);
    assert.equal(await client.incr('nr:n'), 1);
    assert.equal(await client.incrBy('nr:n', 41), 42);
    assert.equal(await client.decrBy('nr:n', 2), 40);
    assert.equal(await client.incrByFloat('nr:f', 1.5), '1.5');
    assert.equal(await client.mSet({ 'nr:m1': 'a', 'nr:m2': 'b' }), 'OK');
    assert.deepEqual(await client.mGet(['nr:m1', 'nr:m2', 'nr:m3']), ['a', 'b', null]);
    assert.equal(await client.getSet('nr:m1', 'z'), 'a');
    assert.equal(await client.getDel('nr:m1'), 'z');
    assert.equal(await client.setNX('nr:m1', 'q'), 1);
    await rejectsWith(client.incr('nr:s'), /ERR value is not an integer or out of range/);
    const buf = await client.withTypeMapping({ [redis.RESP_TYPES.BLOB_STRING]: Buffer }).get('nr:s');
    assert.ok(Buffer.isBuffer(buf));
    await client.set(Buffer.from([0, 255, 1]), Buffer.from([9, 0, 200]));
    const raw = await client.withTypeMapping({ [redis.RESP_TYPES.BLOB_STRING]: Buffer })
      .get(Buffer.from([0, 255, 1]));
    assert.deepEqual([...raw], [9, 0, 200]);
    assert.equal(await client.lcs('nr:s', 'nr:m2'), '');
  });

  test('keys and TTL', T, async () => {
    await client.set('nr:k', 'v');
    assert.equal(await client.exists(['nr:k', 'nr:nokey']), 1);
    assert.equal(await client.type('nr:k'), 'string');
    assert.equal(await client.expire('nr:k', 100), 1);
    const ttl = await client.ttl('nr:k');
    assert.ok(ttl > 90 && ttl <= 100, `ttl ${ttl}`);
    assert.ok((await client.pTTL('nr:k')) > 90000);
    assert.equal(await client.persist('nr:k'), 1);
    assert.equal(await client.ttl('nr:k'), -1);
    assert.equal(await client.ttl('nr:nokey'), -2);
    await client.set('nr:px', 'v', { PX: 60 });
    await waitFor(async () => (await client.exists('nr:px')) === 0, 3000, 'PX expiry');
    assert.equal(await client.rename('nr:k', 'nr:k2'), 'OK');
    assert.equal(await client.renameNX('nr:k2', 'nr:s'), 0);
    assert.equal(await client.renameNX('nr:k2', 'nr:k3'), 1);
    assert.equal(await client.copy('nr:k3', 'nr:copy'), 1);
    assert.equal(await client.get('nr:copy'), 'v');
    assert.equal(await client.del(['nr:copy', 'nr:nokey']), 1);
    assert.equal(await client.unlink('nr:s'), 1);
    await client.set('nr:at', 'v');
    assert.equal(await client.expireAt('nr:at', Math.floor(Date.now() / 1000) + 1000), 1);
    assert.ok((await client.expireTime('nr:at')) > Date.now() / 1000);
    assert.equal(await client.objectEncoding('nr:at'), 'embstr');
    assert.ok((await client.keys('nr:*')).includes('nr:at'));
    assert.ok((await client.dbSize()) > 0);
    assert.ok(typeof (await client.randomKey()) === 'string');
    assert.equal(await client.touch('nr:at'), 1);
  });

  test('DUMP / RESTORE', T, async () => {
    await client.hSet('nr:dumph', { a: '1' });
    const dump = await client.withTypeMapping({ [redis.RESP_TYPES.BLOB_STRING]: Buffer }).dump('nr:dumph');
    assert.ok(Buffer.isBuffer(dump));
    assert.equal(await client.restore('nr:restored', 0, dump), 'OK');
    assert.deepEqual(plain(await client.hGetAll('nr:restored')), { a: '1' });
    await rejectsWith(client.restore('nr:restored', 0, dump), /^BUSYKEY Target key name already exists/);
  });

  test('hashes', T, async () => {
    assert.equal(await client.hSet('nr:h', { a: '1', b: '2', c: '3' }), 3);
    assert.equal(await client.hGet('nr:h', 'a'), '1');
    assert.deepEqual(plain(await client.hGetAll('nr:h')), { a: '1', b: '2', c: '3' });
    assert.equal(await client.hLen('nr:h'), 3);
    assert.equal(await client.hIncrBy('nr:h', 'a', 10), 11);
    assert.equal(await client.hIncrByFloat('nr:h', 'b', 0.5), '2.5');
    assert.deepEqual(await client.hmGet('nr:h', ['a', 'zz']), ['11', null]);
    assert.equal(await client.hDel('nr:h', ['c', 'zz']), 1);
    assert.equal(await client.hExists('nr:h', 'c'), 0);
    assert.deepEqual((await client.hKeys('nr:h')).sort(), ['a', 'b']);
    assert.deepEqual((await client.hVals('nr:h')).sort(), ['11', '2.5']);
    assert.equal(await client.hSetNX('nr:h', 'a', 'x'), 0);
    assert.equal(await client.hStrLen('nr:h', 'a'), 2);
    const rnd = await client.hRandField('nr:h');
    assert.ok(['a', 'b'].includes(rnd));
    await client.set('nr:notahash', 'x');
    await rejectsWith(client.hGet('nr:notahash', 'a'), /^WRONGTYPE /);
  });

  test('lists', T, async () => {
    assert.equal(await client.rPush('nr:l', ['a', 'b', 'c']), 3);
    assert.equal(await client.lPush('nr:l', 'z'), 4);
    assert.deepEqual(await client.lRange('nr:l', 0, -1), ['z', 'a', 'b', 'c']);
    assert.equal(await client.lLen('nr:l'), 4);
    assert.equal(await client.lIndex('nr:l', -1), 'c');
    assert.equal(await client.lSet('nr:l', 1, 'A'), 'OK');
    assert.equal(await client.lInsert('nr:l', 'BEFORE', 'b', 'ab'), 5);
    assert.equal(await client.lRem('nr:l', 0, 'ab'), 1);
    assert.equal(await client.lPos('nr:l', 'b'), 2);
    assert.equal(await client.lPop('nr:l'), 'z');
    assert.equal(await client.rPop('nr:l'), 'c');
    assert.equal(await client.lMove('nr:l', 'nr:l2', 'LEFT', 'RIGHT'), 'A');
    assert.deepEqual(await client.lPopCount('nr:l', 5), ['b']);
    assert.equal(await client.lPop('nr:l'), null);
    await client.rPush('nr:l3', ['1', '2', '3', '4']);
    assert.equal(await client.lTrim('nr:l3', 1, 2), 'OK');
    assert.deepEqual(await client.lRange('nr:l3', 0, -1), ['2', '3']);
    assert.deepEqual(await client.lmPop(['nr:empty', 'nr:l3'], 'RIGHT', { COUNT: 5 }),
      ['nr:l3', ['3', '2']]);
  });

  test('sets', T, async () => {
    assert.equal(await client.sAdd('nr:set1', ['a', 'b', 'c']), 3);
    await client.sAdd('nr:set2', ['b', 'c', 'd']);
    assert.equal(await client.sCard('nr:set1'), 3);
    assert.equal(await client.sIsMember('nr:set1', 'a'), 1);
    assert.deepEqual(await client.smIsMember('nr:set1', ['a', 'q']), [1, 0]);
    assert.deepEqual((await client.sInter(['nr:set1', 'nr:set2'])).sort(), ['b', 'c']);
    assert.deepEqual((await client.sUnion(['nr:set1', 'nr:set2'])).sort(), ['a', 'b', 'c', 'd']);
    assert.deepEqual(await client.sDiff(['nr:set1', 'nr:set2']), ['a']);
    assert.equal(await client.sInterStore('nr:set3', ['nr:set1', 'nr:set2']), 2);
    assert.equal(await client.sInterCard(['nr:set1', 'nr:set2']), 2);
    assert.equal(await client.sMove('nr:set1', 'nr:set2', 'a'), 1);
    assert.equal(await client.sRem('nr:set2', ['a', 'b']), 2);
    assert.deepEqual((await client.sMembers('nr:set2')).sort(), ['c', 'd']);
    const popped = await client.sPop('nr:set2');
    assert.ok(['c', 'd'].includes(popped));
    assert.equal((await client.sRandMemberCount('nr:set1', 10)).length, 2);
  });

  test('sorted sets', T, async () => {
    assert.equal(await client.zAdd('nr:z', [
      { score: 1, value: 'one' }, { score: 2, value: 'two' }, { score: 3, value: 'three' },
    ]), 3);
    assert.equal(await client.zScore('nr:z', 'two'), 2);
    assert.equal(await client.zIncrBy('nr:z', 2.5, 'one'), 3.5);
    assert.deepEqual(await client.zRange('nr:z', 0, -1), ['two', 'three', 'one']);
    assert.deepEqual(await client.zRangeWithScores('nr:z', 0, 0), [{ value: 'two', score: 2 }]);
    assert.deepEqual(await client.zRange('nr:z', '+inf', 3, { BY: 'SCORE', REV: true }), ['one', 'three']);
    assert.equal(await client.zRank('nr:z', 'one'), 2);
    assert.equal(await client.zCard('nr:z'), 3);
    assert.equal(await client.zCount('nr:z', 2, 3), 2);
    assert.deepEqual(await client.zPopMin('nr:z'), { value: 'two', score: 2 });
    assert.equal(await client.zRem('nr:z', 'three'), 1);
    await client.zAdd('nr:zl', [{ score: 0, value: 'a' }, { score: 0, value: 'b' }, { score: 0, value: 'c' }]);
    assert.deepEqual(await client.zRangeByLex('nr:zl', '[b', '+'), ['b', 'c']);
    assert.equal(await client.zUnionStore('nr:zu', ['nr:z', 'nr:zl']), 4);
    assert.deepEqual(await client.zmScore('nr:zu', ['one', 'nope']), [3.5, null]);
    assert.deepEqual(await client.zmPop(['nr:zu'], 'MAX'), { key: 'nr:zu', members: [{ value: 'one', score: 3.5 }] });
    assert.equal(await client.zAdd('nr:z', { score: 10, value: 'one' }, { XX: true, CH: true }), 1);
  });

  test('bitmaps', T, async () => {
    assert.equal(await client.setBit('nr:b', 7, 1), 0);
    assert.equal(await client.getBit('nr:b', 7), 1);
    assert.equal(await client.setBit('nr:b', 100, 1), 0);
    assert.equal(await client.bitCount('nr:b'), 2);
    assert.equal(await client.bitPos('nr:b', 1), 7);
    await client.set('nr:b2', '\xff');
    assert.equal(await client.bitOp('AND', 'nr:b3', ['nr:b', 'nr:b2']), 13);
    assert.deepEqual(await client.bitField('nr:bf', [
      { operation: 'SET', encoding: 'u8', offset: 0, value: 200 },
      { operation: 'INCRBY', encoding: 'u8', offset: 0, increment: 100 },
      { operation: 'GET', encoding: 'i8', offset: 0 },
    ]), [0, 44, 44]);
  });

  test('HyperLogLog', T, async () => {
    assert.equal(await client.pfAdd('nr:hll', ['a', 'b', 'c', 'a']), 1);
    assert.equal(await client.pfCount('nr:hll'), 3);
    await client.pfAdd('nr:hll2', ['c', 'd']);
    assert.equal(await client.pfMerge('nr:hll3', ['nr:hll', 'nr:hll2']), 'OK');
    assert.equal(await client.pfCount(['nr:hll3']), 4);
  });

  test('geo', T, async () => {
    assert.equal(await client.geoAdd('nr:geo', [
      { longitude: 13.361389, latitude: 38.115556, member: 'Palermo' },
      { longitude: 15.087269, latitude: 37.502669, member: 'Catania' },
    ]), 2);
    const d = await client.geoDist('nr:geo', 'Palermo', 'Catania', 'km');
    assert.ok(Math.abs(d - 166.2742) < 0.01, `dist ${d}`);
    const pos = await client.geoPos('nr:geo', ['Palermo', 'nowhere']);
    assert.ok(Math.abs(Number(pos[0].longitude) - 13.361389) < 1e-5);
    assert.equal(pos[1], null);
    assert.deepEqual(await client.geoSearch('nr:geo', { longitude: 15, latitude: 37 }, { radius: 100, unit: 'km' }),
      ['Catania']);
    const withs = await client.geoSearchWith('nr:geo', 'Palermo', { radius: 200, unit: 'km' },
      ['WITHDIST'], { SORT: 'ASC' });
    assert.deepEqual(withs.map((r) => r.member), ['Palermo', 'Catania']);
    assert.deepEqual(await client.geoHash('nr:geo', 'Palermo'), ['sqc8b49rny0']);
  });

  test('scripting: EVAL, EVALSHA, defineScript, FUNCTION LOAD + FCALL', T, async () => {
    assert.equal(await client.eval("return ARGV[1] .. KEYS[1]", { keys: ['k'], arguments: ['x'] }), 'xk');
    const sha = await client.scriptLoad("return redis.call('GET', KEYS[1])");
    await client.set('nr:sc', 'val');
    assert.equal(await client.evalSha(sha, { keys: ['nr:sc'] }), 'val');
    assert.deepEqual(await client.scriptExists([sha, '0'.repeat(40)]), [1, 0]);
    await rejectsWith(client.evalSha('f'.repeat(40)), /^NOSCRIPT /);
    // defineScript: EVALSHA first, EVAL after NOSCRIPT (the script cache is flushed first).
    assert.equal(await client.scriptFlush(), 'OK');
    assert.equal(await client.incrBy2('nr:scn', 21), 42);
    assert.equal(await client.incrBy2('nr:scn', 1), 44);
    await rejectsWith(client.eval("return redis.call('NOPE')"), /Unknown Redis command called from script/);
    const lib = "#!lua name=nodelib\n" +
      "redis.register_function('nr_echo', function(keys, args) return keys[1] .. '=' .. args[1] end)\n" +
      "redis.register_function{function_name='nr_ro', callback=function(keys, args) return #keys end, " +
      "flags={'no-writes'}}";
    assert.equal(await client.functionLoad(lib, { REPLACE: true }), 'nodelib');
    assert.equal(await client.nodelib.nr_echo('kk', 'vv'), 'kk=vv');
    assert.equal(await client.fCall('nr_echo', { keys: ['a'], arguments: ['b'] }), 'a=b');
    assert.equal(await client.fCallRo('nr_ro', { keys: ['a', 'b'] }), 2);
    const libs = await client.functionList();
    assert.equal(libs[0].library_name, 'nodelib');
  });

  test('pub/sub with a second client: SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE, PUBSUB', T, async () => {
    const sub = await connect();
    const got = [];
    await sub.subscribe('nr:ch', (message, channel) => got.push(['msg', channel, message]));
    await sub.pSubscribe('nr:p*', (message, channel) => got.push(['pmsg', channel, message]));
    assert.deepEqual(await client.pubSubChannels('nr:*'), ['nr:ch']);
    assert.deepEqual(plain(await client.pubSubNumSub('nr:ch')), { 'nr:ch': 1 });
    assert.equal(await client.pubSubNumPat(), 1);
    assert.equal(await client.publish('nr:ch', 'hello'), 1);
    assert.equal(await client.publish('nr:pat', 'world'), 1);
    await waitFor(() => got.length === 2, 5000, 'two messages');
    assert.deepEqual(got, [['msg', 'nr:ch', 'hello'], ['pmsg', 'nr:pat', 'world']]);
    await sub.unsubscribe('nr:ch');
    await sub.pUnsubscribe();
    assert.equal(await client.publish('nr:ch', 'gone'), 0);
    // Sharded pub/sub (Redis 7.0).
    const sgot = [];
    await sub.sSubscribe('nr:shard', (message) => sgot.push(message));
    assert.equal(await client.sPublish('nr:shard', 'sm'), 1);
    await waitFor(() => sgot.length === 1, 5000, 'sharded message');
    assert.deepEqual(sgot, ['sm']);
    await sub.sUnsubscribe();
  });

  test('MULTI/EXEC, WATCH, pipelines', T, async () => {
    const res = await client.multi().set('nr:tx', '1').incr('nr:tx').get('nr:tx').exec();
    assert.deepEqual(res, ['OK', 2, '2']);
    // An error inside the transaction is reported for its command, the rest run.
    await client.set('nr:txs', 'str');
    await rejectsWith(client.multi().incr('nr:tx').lPush('nr:txs', 'x').exec(), (err) => {
      assert.equal(err.replies[0], 3);
      assert.match(String(err.errorIndexes ?? ''), /1/);
      return true;
    });
    // WATCH: another client's write aborts the transaction.
    const iso = await connect();
    await iso.watch('nr:w');
    await client.set('nr:w', 'changed');
    await rejectsWith(iso.multi().set('nr:w', 'mine').exec(), WatchError);
    assert.equal(await client.get('nr:w'), 'changed');
    await iso.watch('nr:w');
    assert.deepEqual(await iso.multi().set('nr:w', 'mine').exec(), ['OK']);
    // Pipeline without MULTI, and many commands in flight at once.
    const pipe = await client.multi().set('nr:p1', '5').get('nr:p1').incr('nr:p1').execAsPipeline();
    assert.deepEqual(pipe, ['OK', '5', 6]);
    await rejectsWith(client.multi().set('nr:p2', 'a').incr('nr:p2').execAsPipeline(), /not an integer/);
    assert.equal(await client.get('nr:p2'), 'a');
    const many = await Promise.all(Array.from({ length: 500 }, (_, i) => client.incr('nr:many').then(() => i)));
    assert.equal(many.length, 500);
    assert.equal(await client.get('nr:many'), '500');
  });

  test('blocking pops on a separate connection', T, async () => {
    const blocker = await connect();
    const pending = blocker.blPop('nr:bq', 5);
    await sleep(100);
    await client.rPush('nr:bq', 'job1');
    assert.deepEqual(await within(5000, pending, 'BLPOP'), { key: 'nr:bq', element: 'job1' });
    const t0 = Date.now();
    assert.equal(await blocker.blPop('nr:bq', 0.2), null);
    assert.ok(Date.now() - t0 >= 150);
    const zp = blocker.bzPopMin('nr:bz', 5);
    await sleep(50);
    await client.zAdd('nr:bz', { score: 7, value: 'm' });
    assert.deepEqual(await within(5000, zp, 'BZPOPMIN'), { key: 'nr:bz', value: 'm', score: 7 });
    const mv = blocker.blMove('nr:src', 'nr:dst', 'LEFT', 'RIGHT', 5);
    await sleep(50);
    await client.lPush('nr:src', 'moved');
    assert.equal(await within(5000, mv, 'BLMOVE'), 'moved');
    assert.deepEqual(await client.lRange('nr:dst', 0, -1), ['moved']);
  });

  test('scan iterators', T, async () => {
    const multi = client.multi();
    for (let i = 0; i < 300; i++) multi.set(`nr:scan:${i}`, String(i));
    await multi.exec();
    const seen = new Set();
    for await (const keys of client.scanIterator({ MATCH: 'nr:scan:*', COUNT: 40 })) {
      for (const k of keys) seen.add(k);
    }
    assert.equal(seen.size, 300);
    const typed = new Set();
    await client.hSet('nr:scanh', 'f', 'v');
    for await (const keys of client.scanIterator({ TYPE: 'hash', COUNT: 100 })) {
      for (const k of keys) typed.add(k);
    }
    assert.ok(typed.has('nr:scanh'));
    assert.ok(!typed.has('nr:scan:0'));
    const fields = {};
    const h = {};
    for (let i = 0; i < 200; i++) h[`f${i}`] = String(i);
    await client.hSet('nr:bigh', h);
    for await (const entries of client.hScanIterator('nr:bigh', { COUNT: 30 })) {
      for (const { field, value } of entries) fields[field] = value;
    }
    assert.equal(Object.keys(fields).length, 200);
    await client.sAdd('nr:bigs', Array.from({ length: 200 }, (_, i) => `m${i}`));
    let members = 0;
    for await (const ms of client.sScanIterator('nr:bigs')) members += ms.length;
    assert.equal(members, 200);
    await client.zAdd('nr:bigz', Array.from({ length: 200 }, (_, i) => ({ score: i, value: `m${i}` })));
    const zs = new Map();
    for await (const ms of client.zScanIterator('nr:bigz')) for (const m of ms) zs.set(m.value, m.score);
    assert.equal(zs.size, 200);
    assert.equal(zs.get('m150'), 150);
  });

  test('RESP3: HELLO 3, maps, sets, doubles, nulls, pub/sub pushes', T, async () => {
    const c3 = await connect({ RESP: 3 });
    const hello = await c3.hello();
    assert.equal(plain(hello).proto, 3);
    await c3.hSet('nr:r3h', { a: '1', b: '2' });
    assert.deepEqual(plain(await c3.hGetAll('nr:r3h')), { a: '1', b: '2' });
    await c3.sAdd('nr:r3s', ['x', 'y']);
    const members = await c3.sMembers('nr:r3s');
    assert.deepEqual([...members].sort(), ['x', 'y']);
    await c3.zAdd('nr:r3z', { score: 1.5, value: 'm' });
    assert.equal(await c3.zScore('nr:r3z', 'm'), 1.5);
    assert.equal(await c3.get('nr:r3-missing'), null);
    const cfg = plain(await c3.configGet('maxmemory-policy'));
    assert.ok('maxmemory-policy' in cfg);
    const lua = await c3.eval("redis.setresp(3); return redis.call('HGETALL', KEYS[1])", { keys: ['nr:r3h'] });
    assert.deepEqual(plain(lua), { a: '1', b: '2' });
    assert.equal(await c3.eval('return {double=3.25}'), 3.25);
    // Push messages: a RESP3 subscriber.
    const s3 = await connect({ RESP: 3 });
    const got = [];
    await s3.subscribe('nr:r3ch', (m) => got.push(m));
    assert.equal(await c3.publish('nr:r3ch', 'push!'), 1);
    await waitFor(() => got.length === 1, 5000, 'RESP3 push message');
    assert.deepEqual(got, ['push!']);
    // In RESP3 the same connection may run commands while subscribed.
    assert.equal(await s3.ping(), 'PONG');
  });

  test('RESP3 client-side caching (CLIENT TRACKING ON, invalidation pushes)', T, async () => {
    const cache = new redis.BasicClientSideCache({ ttl: 0, maxEntries: 0 });
    const cc = await connect({ RESP: 3, clientSideCache: cache });
    await client.set('nr:csc', 'v1');
    assert.equal(await cc.get('nr:csc'), 'v1');
    assert.equal(await cc.get('nr:csc'), 'v1');
    assert.equal(cache.stats().hitCount, 1);
    assert.equal(cache.stats().missCount, 1);
    // Another client's write makes the server push an invalidation for the key.
    await client.set('nr:csc', 'v2');
    await waitFor(() => cache.size() === 0, 5000, 'invalidation push');
    assert.equal(await cc.get('nr:csc'), 'v2');
    assert.equal(cache.stats().missCount, 2);
    // FLUSHALL invalidates everything (a null invalidation).
    await cc.get('nr:csc');
    await client.flushAll();
    await waitFor(() => cache.size() === 0, 5000, 'flush invalidation');
    assert.equal(await cc.get('nr:csc'), null);
  });

  test('client pool: concurrent tasks, blocking commands on pooled connections', T, async () => {
    const pool = redis.createClientPool({ socket: { host: '127.0.0.1', port: server.port } },
      { minimum: 1, maximum: 4, acquireTimeout: 5000 });
    pool.on('error', () => {});
    await within(5000, pool.connect(), 'pool connect');
    try {
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) =>
        pool.execute((c) => c.multi().incr('nr:pool').rPush('nr:pool:l', String(i)).exec())));
      assert.equal(results.length, 40);
      assert.equal(await pool.get('nr:pool'), '40');
      // A blocked pooled client does not stop other tasks.
      const blocked = pool.blPop('nr:pool:q', 5);
      await sleep(50);
      assert.equal(await pool.lLen('nr:pool:l'), 40);
      await pool.rPush('nr:pool:q', 'x');
      assert.deepEqual(await within(6000, blocked, 'pooled BLPOP'), { key: 'nr:pool:q', element: 'x' });
      assert.ok(pool.totalClients >= 2 && pool.totalClients <= 4, `clients ${pool.totalClients}`);
    } finally {
      await within(5000, pool.close(), 'pool close').catch(() => pool.destroy());
    }
  });

  test('streams: XADD, XRANGE, XREAD, groups, XACK, XAUTOCLAIM', T, async () => {
    const id1 = await client.xAdd('nr:st', '*', { a: '1' });
    assert.match(id1, /^\d+-\d+$/);
    const id2 = await client.xAdd('nr:st', '*', { b: '2', c: '3' });
    assert.equal(await client.xLen('nr:st'), 2);
    const range = await client.xRange('nr:st', '-', '+');
    assert.deepEqual(range.map((e) => [e.id, plain(e.message)]), [[id1, { a: '1' }], [id2, { b: '2', c: '3' }]]);
    const rev = await client.xRevRange('nr:st', '+', '-', { COUNT: 1 });
    assert.equal(rev[0].id, id2);
    const read = await client.xRead({ key: 'nr:st', id: id1 });
    assert.equal(read[0].name, 'nr:st');
    assert.deepEqual(read[0].messages.map((m) => m.id), [id2]);
    assert.equal(await client.xRead({ key: 'nr:st', id: '$' }, { BLOCK: 50 }), null);
    // Blocking XREAD woken by an XADD from another client.
    const blocker = await connect();
    const waiting = blocker.xRead({ key: 'nr:st', id: '$' }, { BLOCK: 5000 });
    await sleep(100);
    const id3 = await client.xAdd('nr:st', '*', { d: '4' });
    const woke = await within(6000, waiting, 'blocking XREAD');
    assert.equal(woke[0].messages[0].id, id3);
    // Consumer groups.
    assert.equal(await client.xGroupCreate('nr:st', 'g', '0'), 'OK');
    await rejectsWith(client.xGroupCreate('nr:st', 'g', '0'), /^BUSYGROUP /);
    assert.equal(await client.xGroupCreate('nr:st2', 'g2', '$', { MKSTREAM: true }), 'OK');
    const got = await client.xReadGroup('g', 'c1', { key: 'nr:st', id: '>' }, { COUNT: 2 });
    assert.deepEqual(got[0].messages.map((m) => m.id), [id1, id2]);
    assert.equal(await client.xAck('nr:st', 'g', id1), 1);
    const pending = await client.xPending('nr:st', 'g');
    assert.equal(pending.pending, 1);
    assert.equal(pending.firstId, id2);
    const claimed = await client.xAutoClaim('nr:st', 'g', 'c2', 0, '0-0');
    assert.deepEqual(claimed.messages.map((m) => m.id), [id2]);
    assert.equal(claimed.nextId, '0-0');
    const range2 = await client.xPendingRange('nr:st', 'g', '-', '+', 10);
    assert.equal(range2[0].consumer, 'c2');
    const info = await client.xInfoStream('nr:st');
    assert.equal(info.length, 3);
    assert.equal(info.groups, 1);
    const groups = await client.xInfoGroups('nr:st');
    assert.equal(groups[0].name, 'g');
    assert.equal(await client.xDel('nr:st', id1), 1);
    assert.equal(await client.xTrim('nr:st', 'MAXLEN', 1), 1);
    assert.equal(await client.xLen('nr:st'), 1);
    const blockGroup = blocker.xReadGroup('g2', 'c', { key: 'nr:st2', id: '>' }, { BLOCK: 5000 });
    await sleep(100);
    await client.xAdd('nr:st2', '*', { e: '5' });
    const gwoke = await within(6000, blockGroup, 'blocking XREADGROUP');
    assert.equal(gwoke[0].messages.length, 1);
  });

  test('reconnect after the server restarts on the same port', { timeout: 30000 }, async () => {
    let ready = 0;
    const rc = createClient({
      socket: {
        host: '127.0.0.1', port: server.port, connectTimeout: 2000,
        reconnectStrategy: (retries) => (retries > 100 ? new Error('gave up') : Math.min(50 * retries, 500)),
      },
    });
    rc.on('error', () => {});
    rc.on('ready', () => { ready += 1; });
    await within(5000, rc.connect(), 'connect');
    extra.push(rc);
    await rc.set('nr:before', '1');
    const others = extra.filter((c) => c !== rc);
    for (const c of others) {
      try { await within(3000, c.close(), 'close'); } catch { c.destroy(); }
    }
    extra.length = 0;
    extra.push(rc);
    await server.restart();
    await waitFor(() => ready >= 2, 15000, 'node-redis reconnected (second ready event)', 50);
    assert.equal(await within(5000, rc.ping(), 'PING after reconnect'), 'PONG');
    // Nothing is persisted (--save ''), so the old key is gone; new writes work.
    assert.equal(await rc.get('nr:before'), null);
    assert.equal(await rc.set('nr:after', '2'), 'OK');
    // A command issued while the server is down waits in the offline queue.
    await server.stop();
    await waitFor(() => !rc.isReady, 5000, 'client sees the disconnect');
    const queued = rc.incr('nr:queued');
    await sleep(200);
    await server.start();
    assert.equal(await within(15000, queued, 'queued INCR'), 1);
    client = rc;
  });
});
