// @ts-check
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';

export default defineConfig({
  output: 'server',
  // Middleware mode: our own node:http server (src/server/http/server.ts) serves cached
  // anonymous pages before the Astro pipeline and hands everything else to Astro.
  // Whole responses instead of many small streamed chunks: one write per page (measured: streaming
  // spent ~18% of server CPU in writev under load).
  adapter: node({ mode: 'middleware', experimentalDisableStreaming: true }),
  // Auth sessions live in PostgreSQL; Astro's own session store is not used.
  session: false,
  security: {
    // No `allowedDomains`: with @astrojs/node in middleware mode it does not stop the Host header
    // from becoming Astro.url, and a matching Host makes X-Forwarded-For trusted as the client
    // address. Host names are checked in our own server (src/server/http/origin.ts, issue 16).
    checkOrigin: true,
    actionBodySizeLimit: 12 * 1024 * 1024,
  },
  // Component styles as hashed, immutable stylesheets, never inlined: a page is sent from the page
  // cache thousands of times while a reader's browser fetches each stylesheet once. 'auto' inlined
  // every chunk under 4 kB, so the platform page carried its 4.6 kB of CSS in every response.
  build: { inlineStylesheets: 'never' },
  markdown: { syntaxHighlight: 'prism' },
  server: { host: '127.0.0.1', port: 4321 },
  vite: {
    build: { target: 'node22' },
    ssr: { external: ['@node-rs/argon2', '@node-rs/jieba', '@electric-sql/pglite', 'sharp', 'pg', 'ioredis'] },
  },
});
