// npm run db:seed — add demo data to an empty database (idempotent: a second run does nothing).
import { bootRuntime, shutdownRuntime } from '../src/server/runtime.ts';
import { seedDemoIfEmpty } from '../src/server/seed/demo.ts';

const rt = await bootRuntime();
const added = await seedDemoIfEmpty(rt, { log: (m) => console.log(m) });
if (!added) console.log('Database already has data: nothing to seed.');
await shutdownRuntime();
