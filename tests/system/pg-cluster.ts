// A throwaway PostgreSQL 15 cluster for fault tests: initdb into a temp directory, its own port,
// loopback only, its own socket directory. Never the machine's cluster on 5432 (common.md).
// PostgreSQL refuses to run as root: when the tests run as root, every pg binary runs as the
// `postgres` user through runuser, and the directory is handed to that user.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const binDir = process.env.PG_BIN_DIR ?? '/usr/lib/postgresql/15/bin';

export const pgBinariesPresent = existsSync(path.join(binDir, 'initdb'));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function asPostgresUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

export interface PgCluster {
  port: number;
  /** postgres://postgres@127.0.0.1:<port>/<db> */
  url(db?: string): string;
  start(): void;
  /** pg_ctl stop -m <mode> (immediate: no checkpoint, every backend killed at once). */
  stop(mode?: 'immediate' | 'fast' | 'smart'): void;
  /** Stop (immediate) and delete the directory. */
  destroy(): void;
}

export async function createPgCluster(): Promise<PgCluster> {
  const owner = asPostgresUser();
  const dir = mkdtempSync(path.join(tmpdir(), 'kaopu-pgfault-'));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const dataDir = path.join(dir, 'data');
  const socketDir = dir;
  const port = await freePort();
  const run = (bin: string, args: string[]) => {
    const cmd = owner ? 'runuser' : path.join(binDir, bin);
    const argv = owner ? ['-u', 'postgres', '--', path.join(binDir, bin), ...args] : args;
    const r = spawnSync(cmd, argv, { encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };
  run('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const options = `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c max_connections=40 -c shared_buffers=16MB`;
  const cluster: PgCluster = {
    port,
    url: (db = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${db}`,
    start: () => void run('pg_ctl', ['-D', dataDir, '-o', options, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start']),
    stop: (mode = 'immediate') => void run('pg_ctl', ['-D', dataDir, '-m', mode, '-w', '-t', '60', 'stop']),
    destroy: () => {
      try {
        run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } catch {
        /* already stopped */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  cluster.start();
  return cluster;
}
