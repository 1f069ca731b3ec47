// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';

export default defineConfig({
  output: 'server',
  // Middleware mode: our own node:http server (src/server/http/server.ts) serves cached
  // anonymous pages before the Astro pipeline and hands everything else to Astro.
  adapter: node({ mode: 'middleware' }),
  // Auth sessions live in PostgreSQL; Astro's own session store is not used.
  session: false,
  security: {
    checkOrigin: true,
    actionBodySizeLimit: 12 * 1024 * 1024,
  },
  markdown: { syntaxHighlight: 'prism' },
  server: { host: '127.0.0.1', port: 4321 },
  vite: {
    build: { target: 'node22' },
    ssr: { external: ['@node-rs/argon2', '@node-rs/jieba', '@electric-sql/pglite', 'sharp', 'pg', 'ioredis'] },
  },
});
