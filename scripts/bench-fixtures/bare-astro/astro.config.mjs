// The "bare Astro page" of the bench's context row: the stack's floor for any rendered page
// (standalone @astrojs/node, one page returning a fixed string, no middleware, no database).
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';

export default defineConfig({ output: 'server', adapter: node({ mode: 'standalone' }) });
