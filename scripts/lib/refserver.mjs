// The reference server for the scripts that measure the built portal: a fresh
// database in a temporary folder, a free port on loopback, demo mode, dist/ served.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Chromium as root on this kind of machine: no sandbox, and no traffic beyond loopback.
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];

// Starts target/debug/refserver (or `serverBin`); `url` resolves once it listens.
export function startServer(serverBin, dist) {
  const db = mkdtempSync(join(tmpdir(), 'portal-measure-'));
  const child = spawn(serverBin, ['--addr', '127.0.0.1:0', '--db', join(db, 'db.sqlite3'), '--dist', dist, '--demo'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = new Promise((resolve, reject) => {
    let out = '';
    let log = '';
    child.stderr.on('data', (chunk) => { log += chunk; });
    const deadline = setTimeout(() => reject(new Error('refserver did not start within 60 s')), 60_000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const found = out.match(/listening on (http:\/\/\S+)/);
      if (found) {
        clearTimeout(deadline);
        resolve(found[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`refserver exited (${code}) before listening:\n${log}`)));
  });
  const stop = () => {
    child.kill();
    rmSync(db, { recursive: true, force: true });
  };
  return { url, stop };
}

