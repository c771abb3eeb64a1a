'use strict';
// BullMQ (over ioredis) against the server in $SABLE_SERVER: a Queue and Workers running plain
// jobs with results, delayed jobs, prioritised jobs, repeatable jobs (every / cron pattern),
// retries with exponential back-off, a parent/children flow, a rate-limited worker, and
// QueueEvents (completed / failed / progress events read from the events stream). BullMQ
// runs everything through its Lua scripts, blocking BZPOPMIN and XREAD BLOCK. Run by ctest as
// `node_bullmq`; every wait is bounded and the file takes well under a minute.

const { describe, test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { requireDeps, startServer, within, waitFor, sleep } = require('./server');

const { bullmq, redis } = requireDeps(['bullmq', 'ioredis', 'redis']);
const { Queue, Worker, QueueEvents, FlowProducer } = bullmq;

const T = { timeout: 20000 };

let server;
let connection;
const closers = [];
const rawClients = [];

// Everything made here is closed in after(), newest first.
function track(obj) {
  closers.push(obj);
  return obj;
}

async function makeQueue(name, opts = {}) {
  const q = track(new Queue(name, { connection, ...opts }));
  await within(5000, q.waitUntilReady(), `queue ${name} ready`);
  return q;
}

async function makeEvents(name) {
  // From the stream's start, not '$': events added before the first XREAD BLOCK count too.
  const ev = track(new QueueEvents(name, { connection, blockingTimeout: 1000, lastEventId: '0-0' }));
  await within(5000, ev.waitUntilReady(), `queue events ${name} ready`);
  return ev;
}

function makeWorker(name, processor, opts = {}) {
  const w = track(new Worker(name, processor, { connection, drainDelay: 1, ...opts }));
  w.on('error', () => {}); // errors surface through the assertions
  return w;
}

// Resolves with the event's arguments once `emitter` emits `event` `count` times.
function collect(emitter, event, count, ms, filter = () => true) {
  const seen = [];
  return within(ms, new Promise((resolve) => {
    const on = (...args) => {
      if (!filter(...args)) return;
      seen.push(args);
      if (seen.length === count) {
        emitter.off(event, on);
        resolve(seen);
      }
    };
    emitter.on(event, on);
  }), `${count} '${event}' events (saw ${seen.length})`);
}

before(async () => {
  server = await startServer();
  connection = { host: '127.0.0.1', port: server.port, maxRetriesPerRequest: null };
});

after(async () => {
  for (const c of closers.reverse()) {
    try {
      await within(10000, c.close(), `close ${c.constructor.name}`);
    } catch {
      // the server is stopped next anyway
    }
  }
  for (const c of rawClients) {
    if (c.isOpen) c.destroy();
  }
  const log = server.logTail();
  const status = await server.stop();
  server.cleanup();
  assert.ok(status.signal === null || status.signal === 'SIGTERM', `server exit ${JSON.stringify(status)}\n${log}`);
});

describe('BullMQ', () => {
  test('plain jobs with results, QueueEvents completed + progress', T, async () => {
    const q = await makeQueue('plain');
    const ev = await makeEvents('plain');
    const completed = collect(ev, 'completed', 20, 15000);
    const progress = collect(ev, 'progress', 20, 15000);
    makeWorker('plain', async (job) => {
      await job.updateProgress(50);
      return { doubled: job.data.n * 2 };
    }, { concurrency: 4 });
    const jobs = await q.addBulk(Array.from({ length: 20 }, (_, n) => ({ name: 'double', data: { n } })));
    assert.equal(jobs.length, 20);
    const done = await completed;
    const byId = new Map(done.map(([e]) => [e.jobId, e.returnvalue]));
    for (const job of jobs) {
      const rv = byId.get(job.id);
      assert.deepEqual(typeof rv === 'string' ? JSON.parse(rv) : rv, { doubled: job.data.n * 2 });
    }
    assert.ok((await progress).every(([e]) => e.data === 50));
    const one = await q.add('double', { n: 21 });
    assert.deepEqual(await within(10000, one.waitUntilFinished(ev), 'waitUntilFinished'), { doubled: 42 });
    const fetched = await q.getJob(one.id);
    assert.deepEqual(fetched.returnvalue, { doubled: 42 });
    assert.ok(fetched.finishedOn >= fetched.processedOn);
    const counts = await q.getJobCounts('completed', 'waiting', 'active', 'failed');
    assert.deepEqual(counts, { completed: 21, waiting: 0, active: 0, failed: 0 });
  });

  test('delayed jobs wait for their delay', T, async () => {
    const q = await makeQueue('delayed');
    const ev = await makeEvents('delayed');
    const delayedEvent = collect(ev, 'delayed', 1, 5000);
    const job = await q.add('later', { x: 1 }, { delay: 700 });
    await delayedEvent;
    assert.equal(await job.getState(), 'delayed');
    assert.equal((await q.getJobCounts('delayed')).delayed, 1);
    const processed = [];
    makeWorker('delayed', async (j) => {
      processed.push(Date.now());
      return j.data.x;
    });
    assert.equal(await within(10000, job.waitUntilFinished(ev), 'delayed job finished'), 1);
    const fetched = await q.getJob(job.id);
    assert.ok(fetched.processedOn - fetched.timestamp >= 650, `ran after ${fetched.processedOn - fetched.timestamp} ms`);
    // A delayed job can be promoted to run right away.
    const far = await q.add('far', { x: 2 }, { delay: 60000 });
    await far.promote();
    assert.equal(await within(10000, far.waitUntilFinished(ev), 'promoted job finished'), 2);
  });

  test('prioritised jobs run highest priority first', T, async () => {
    const q = await makeQueue('prio');
    const ev = await makeEvents('prio');
    const prios = [5, 1, 3, 10, 2, 1, 7];
    for (const [i, priority] of prios.entries()) await q.add('p', { i, priority }, { priority });
    await q.add('none', { i: 99, priority: 0 }); // no priority: before any prioritised job
    assert.equal((await q.getJobCounts('prioritized')).prioritized, prios.length);
    const order = [];
    const done = collect(ev, 'completed', prios.length + 1, 15000);
    makeWorker('prio', async (job) => {
      order.push(job.data.priority);
    }, { concurrency: 1 });
    await done;
    assert.deepEqual(order, [0, 1, 1, 2, 3, 5, 7, 10]);
  });

  test('repeatable jobs: every 250 ms and a cron pattern with seconds', T, async () => {
    const q = await makeQueue('repeat');
    const runs = { every: 0, cron: 0 };
    makeWorker('repeat', async (job) => {
      runs[job.name] += 1;
    });
    await q.upsertJobScheduler('sched-every', { every: 250 }, { name: 'every', data: {} });
    await q.upsertJobScheduler('sched-cron', { pattern: '* * * * * *' }, { name: 'cron', data: {} });
    const schedulers = await q.getJobSchedulers();
    assert.deepEqual(schedulers.map((s) => s.key).sort(), ['sched-cron', 'sched-every']);
    await waitFor(() => runs.every >= 4 && runs.cron >= 2, 8000, `repeat runs (${JSON.stringify(runs)})`, 50);
    assert.equal(await q.removeJobScheduler('sched-every'), true);
    assert.equal(await q.removeJobScheduler('sched-cron'), true);
    assert.equal(await q.getJobSchedulersCount(), 0);
    const frozen = runs.every;
    await sleep(700);
    assert.ok(runs.every <= frozen + 1, 'the scheduler stopped');
  });

  test('retries with exponential back-off, then failure events', T, async () => {
    const q = await makeQueue('retry');
    const ev = await makeEvents('retry');
    const attempts = new Map();
    makeWorker('retry', async (job) => {
      const list = attempts.get(job.id) ?? [];
      list.push(Date.now());
      attempts.set(job.id, list);
      if (job.data.alwaysFail || job.attemptsMade < 2) throw new Error(`boom ${job.attemptsMade}`);
      return 'third time lucky';
    });
    const failedEvents = collect(ev, 'failed', 1, 15000);
    const ok = await q.add('flaky', {}, { attempts: 3, backoff: { type: 'exponential', delay: 150 } });
    const bad = await q.add('broken', { alwaysFail: true }, { attempts: 2, backoff: { type: 'fixed', delay: 50 } });
    assert.equal(await within(15000, ok.waitUntilFinished(ev), 'flaky job'), 'third time lucky');
    const times = attempts.get(ok.id);
    assert.equal(times.length, 3);
    // Exponential: 150 ms, then 300 ms (BullMQ may add jitter only when asked).
    assert.ok(times[1] - times[0] >= 140, `first back-off ${times[1] - times[0]} ms`);
    assert.ok(times[2] - times[1] >= 280, `second back-off ${times[2] - times[1]} ms`);
    const [[failed]] = await failedEvents;
    assert.equal(failed.jobId, bad.id);
    assert.equal(failed.failedReason, 'boom 1');
    const job = await q.getJob(bad.id);
    assert.equal(job.attemptsMade, 2);
    assert.equal(await job.getState(), 'failed');
    assert.deepEqual((await q.getFailed()).map((j) => j.id), [bad.id]);
    // A failed job can be retried by hand.
    await job.retry();
    assert.equal((await q.getJobCounts('failed')).failed, 0);
  });

  test('flows: a parent waits for its children and reads their values', T, async () => {
    const flow = track(new FlowProducer({ connection }));
    const qp = await makeQueue('parents');
    const evp = await makeEvents('parents');
    makeWorker('children', async (job) => job.data.n * 10, { concurrency: 3 });
    makeWorker('parents', async (job) => {
      const values = await job.getChildrenValues();
      return Object.values(values).reduce((a, b) => a + b, 0);
    });
    const tree = await flow.add({
      name: 'sum', queueName: 'parents', data: {},
      children: [1, 2, 3, 4].map((n) => ({ name: 'times10', queueName: 'children', data: { n } })),
    });
    assert.equal(tree.children.length, 4);
    assert.equal(await within(15000, tree.job.waitUntilFinished(evp), 'parent job'), 100);
    const deps = await (await qp.getJob(tree.job.id)).getDependenciesCount();
    assert.equal(deps.processed, 4);
    assert.equal(deps.unprocessed, 0);
  });

  test('rate limiting: at most 2 jobs per 400 ms', T, async () => {
    const q = await makeQueue('limited');
    const ev = await makeEvents('limited');
    const started = [];
    const done = collect(ev, 'completed', 6, 15000);
    makeWorker('limited', async () => {
      started.push(Date.now());
    }, { concurrency: 6, limiter: { max: 2, duration: 400 } });
    await q.addBulk(Array.from({ length: 6 }, (_, i) => ({ name: 'r', data: { i } })));
    await done;
    started.sort((a, b) => a - b);
    // Six jobs at two per window need three windows: the last starts >= 2 windows after the first.
    assert.ok(started[5] - started[0] >= 700, `spread ${started[5] - started[0]} ms`);
    for (let i = 2; i < 6; i++) {
      assert.ok(started[i] - started[i - 2] >= 350, `jobs ${i - 2} and ${i} ${started[i] - started[i - 2]} ms apart`);
    }
  });

  test('stalled jobs: a worker that stops renewing its lock loses the job to another', T, async () => {
    const q = await makeQueue('stall');
    const ev = await makeEvents('stall');
    let release;
    const gate = new Promise((r) => { release = r; });
    let startedA;
    const aStarted = new Promise((r) => { startedA = r; });
    // Worker A takes the job and then hangs without renewing its lock (as if frozen).
    makeWorker('stall', async () => {
      startedA();
      await gate;
      return 'A';
    }, { lockDuration: 500, skipLockRenewal: true, skipStalledCheck: true });
    const stalledEvent = collect(ev, 'stalled', 1, 10000);
    const job = await q.add('s', {});
    await within(5000, aStarted, 'worker A started the job');
    // Worker B's stalled-job check finds the expired lock and moves the job back to wait.
    makeWorker('stall', async () => 'B', { stalledInterval: 300, lockDuration: 5000 });
    const [[stalled]] = await stalledEvent;
    assert.equal(stalled.jobId, job.id);
    assert.equal(await within(10000, job.waitUntilFinished(ev), 'job finished by B'), 'B');
    release();
    const fetched = await q.getJob(job.id);
    assert.equal(fetched.returnvalue, 'B');
    assert.equal(fetched.stalledCounter, 1);
  });

  test('a Worker and Queue over a node-redis connection', T, async () => {
    // BullMQ does not close connections it was handed; after() does (rawClients).
    const mk = async () => {
      const c = redis.createClient({ socket: { host: '127.0.0.1', port: server.port, reconnectStrategy: false } });
      c.on('error', () => {});
      await c.connect();
      rawClients.push(c);
      return c;
    };
    const q = track(new Queue('noderedis', { connection: await mk() }));
    const ev = track(new QueueEvents('noderedis', { connection: await mk(), lastEventId: '0-0', blockingTimeout: 1000 }));
    await within(5000, Promise.all([q.waitUntilReady(), ev.waitUntilReady()]), 'ready over node-redis');
    const w = track(new Worker('noderedis', async (job) => job.data.a + job.data.b,
      { connection: await mk(), drainDelay: 1 }));
    w.on('error', () => {});
    const jobs = await Promise.all([1, 2, 3].map((a) => q.add('add', { a, b: 10 })));
    const values = await within(10000, Promise.all(jobs.map((j) => j.waitUntilFinished(ev))), 'jobs over node-redis');
    assert.deepEqual(values, [11, 12, 13]);
    const delayed = await q.add('add', { a: 1, b: 1 }, { delay: 300 });
    assert.equal(await within(10000, delayed.waitUntilFinished(ev), 'delayed over node-redis'), 2);
  });

  test('queue management: pause/resume, drain, clean, obliterate', T, async () => {
    const q = await makeQueue('manage');
    await q.pause();
    assert.equal(await q.isPaused(), true);
    await q.addBulk(Array.from({ length: 5 }, (_, i) => ({ name: 'm', data: { i } })));
    const ran = [];
    makeWorker('manage', async (job) => { ran.push(job.data.i); });
    await sleep(300);
    assert.equal(ran.length, 0, 'paused queue runs nothing');
    await q.resume();
    await waitFor(() => ran.length === 5, 10000, 'jobs after resume');
    assert.deepEqual(await q.clean(0, 100, 'completed').then((ids) => ids.length), 5);
    await q.pause();
    await q.add('left', {});
    await q.drain();
    assert.equal(await q.count(), 0);
    await q.obliterate({ force: true });
    assert.deepEqual(await q.getJobCounts('waiting', 'completed'), { waiting: 0, completed: 0 });
  });
});
