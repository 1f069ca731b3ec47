// 200 with the database round trip; 503 when the database is unreachable.
import type { APIRoute } from 'astro';
import { pingDatabase } from '../server/db/health.repository.ts';

export const GET: APIRoute = async ({ locals }) => {
  const started = performance.now();
  try {
    await pingDatabase(locals.rt.db);
    const dbMs = Math.round((performance.now() - started) * 100) / 100;
    return Response.json({ status: 'ok', db: locals.rt.dbHandle.kind, dbRoundTripMs: dbMs }, { headers: { 'Cache-Control': 'no-store' } });
  } catch {
    return Response.json({ status: 'unavailable', db: locals.rt.dbHandle.kind }, { status: 503, headers: { 'Cache-Control': 'no-store' } });
  }
};
