// Build the Astro server bundle when it is missing or older than the sources.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';

function newestMtimeMs(dir: string): number {
  let newest = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const full = path.join(dir, name);
    const st = statSync(full);
    newest = Math.max(newest, st.isDirectory() ? newestMtimeMs(full) : st.mtimeMs);
  }
  return newest;
}

/** distDir: where to build (DIST_DIR lets parallel work trees or test runs keep separate builds). */
export async function ensureBuild(root: string, distDir = path.join(root, 'dist')): Promise<void> {
  const entry = path.join(distDir, 'server/entry.mjs');
  const sources = Math.max(
    newestMtimeMs(path.join(root, 'src')),
    newestMtimeMs(path.join(root, 'public')),
    newestMtimeMs(path.join(root, 'db')),
    statSync(path.join(root, 'astro.config.mjs')).mtimeMs,
  );
  if (existsSync(entry) && statSync(entry).mtimeMs >= sources) return linkNodeModules(root, distDir);
  console.log('Building the site (first start or sources changed)…');
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', distDir], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  if (r.status !== 0) {
    console.error('astro build failed');
    process.exit(1);
  }
  // After the build: it empties the output directory first.
  linkNodeModules(root, distDir);
}

/**
 * The server bundle imports packages by name; Node resolves them by walking up from the
 * bundle. A dist dir outside the project (DIST_DIR=/tmp/…) gets a link to node_modules.
 */
function linkNodeModules(root: string, distDir: string): void {
  const rel = path.relative(root, distDir);
  if (!rel.startsWith('..') && !path.isAbsolute(rel)) return;
  mkdirSync(distDir, { recursive: true });
  const link = path.join(distDir, 'node_modules');
  if (!existsSync(link)) symlinkSync(path.join(root, 'node_modules'), link, 'dir');
}
