'use strict';
// Starts the server under test for the Node client tests.
//
// The binary comes from $SABLE_SERVER (CMake sets it to the sable-server it built, like for
// tests/integration/*.py); pointing it at /usr/bin/redis-server runs the same tests against
// Redis. Each server listens on a free loopback port, keeps no snapshot and writes its log
// into a temporary directory that is shown when a test fails.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

function requireDeps(names) {
  const out = {};
  for (const name of names) {
    try {
      out[name] = require(name);
    } catch (err) {
      console.error(
        `cannot load the npm package '${name}' (${err.message}).\n` +
          'Install the pinned dependencies with `make node-deps` (runs `npm ci --prefix ' +
          'tests/clients/node`).',
      );
      process.exit(1);
    }
  }
  return out;
}

function serverBinary() {
  const fromEnv = process.env.SABLE_SERVER;
  if (fromEnv) return fromEnv;
  return path.join(__dirname, '..', '..', '..', 'build', 'release', 'sable-server');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    sock.setTimeout(500);
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
    sock.once('timeout', () => {
      sock.destroy();
      resolve(false);
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

class Server {
  constructor(port, workdir, binary) {
    this.port = port;
    this.workdir = workdir;
    this.binary = binary;
    this.proc = null;
    this.exited = null;
  }

  async start(timeoutMs = 10000) {
    const argv = [
      '--port', String(this.port), '--bind', '127.0.0.1', '--save', '',
      '--dir', this.workdir,
    ];
    const log = fs.openSync(path.join(this.workdir, 'server.log'), 'a');
    this.proc = spawn(this.binary, argv, { cwd: this.workdir, stdio: ['ignore', log, log] });
    fs.closeSync(log);
    this.exited = new Promise((resolve) => {
      this.proc.once('exit', (code, signal) => resolve({ code, signal }));
      this.proc.once('error', (err) => resolve({ code: -1, signal: null, err }));
    });
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.proc.exitCode !== null || this.proc.signalCode !== null) break;
      if (await canConnect(this.port)) return this;
      await sleep(20);
    }
    throw new Error(`server did not listen on port ${this.port}:\n${this.logTail()}`);
  }

  // SIGTERM, then SIGKILL after 20 s; resolves once the process has exited.
  async stop() {
    if (!this.proc) return null;
    const proc = this.proc;
    this.proc = null;
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 20000);
    const result = await this.exited;
    clearTimeout(timer);
    return result;
  }

  async restart() {
    await this.stop();
    // The port is ours again once the old process has gone; retry briefly in case the
    // kernel still holds it.
    let lastErr;
    for (let i = 0; i < 50; i++) {
      try {
        return await this.start();
      } catch (err) {
        lastErr = err;
        await sleep(100);
      }
    }
    throw lastErr;
  }

  alive() {
    return this.proc !== null && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  logTail(n = 40) {
    try {
      const text = fs.readFileSync(path.join(this.workdir, 'server.log'), 'utf8');
      return text.split('\n').slice(-n).join('\n');
    } catch {
      return '';
    }
  }

  cleanup() {
    try {
      fs.rmSync(this.workdir, { recursive: true, force: true });
    } catch {
      // left behind in the temporary directory
    }
  }
}

// The server under test, or with `binary` another one (e.g. REDIS_SERVER as the oracle).
async function startServer(binary = serverBinary()) {
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'sable-node-'));
  const server = new Server(await freePort(), workdir, binary);
  await server.start();
  return server;
}

// Rejects when `promise` has not settled within `ms`, naming what was awaited.
function within(ms, promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Polls `fn` until it returns a truthy value (returned) or `ms` elapses (throws).
async function waitFor(fn, ms, what, stepMs = 20) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(stepMs);
  }
}

const REDIS_SERVER = '/usr/bin/redis-server';

module.exports = { requireDeps, startServer, within, waitFor, sleep, serverBinary, freePort, REDIS_SERVER };
