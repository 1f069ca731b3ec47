// npm start: build if needed, open (or create, migrate and seed) the database, serve.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuild } from './lib/build.ts';
import { ConfigError, loadConfig } from '../src/server/config.ts';
import { serveSite, installSignalHandlers } from '../src/server/http/serve.ts';
import { seedDemoIfEmpty } from '../src/server/seed/demo.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.env.ASTRO_TELEMETRY_DISABLED ??= '1';

let config;
try {
  config = loadConfig();
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
if (config.appSecretIsDefault && config.publicOrigin) {
  console.warn('APP_SECRET is the development default: set your own before serving the public.');
}
const distDir = config.distDir ?? path.join(root, 'dist');
await ensureBuild(root, distDir);
const site = await serveSite({
  root,
  distDir,
  config,
  seed: config.seedDemo ? (rt) => seedDemoIfEmpty(rt, { log: (m) => console.log(m) }) : undefined,
});
installSignalHandlers(site.stop);
