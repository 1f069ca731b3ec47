// Private uploads: only the owner and staff. Everyone else gets 404 (not 403: an id
// must not reveal whether a proof exists).
import type { APIRoute } from 'astro';
import { readUploadFor } from '../../server/uploads/upload.service.ts';
import { viewerOf } from '../../server/accounts/staff.ts';

export const GET: APIRoute = async ({ params, locals }) => {
  const id = /^\d{1,12}$/.test(params.id ?? '') ? Number(params.id) : null;
  const file = id === null ? null : await readUploadFor(locals.rt.db, locals.rt, id, viewerOf(locals.user, locals.session));
  if (!file) return new Response('Not found', { status: 404, headers: { 'Cache-Control': 'no-store' } });
  return new Response(new Uint8Array(file.body), {
    headers: {
      'Content-Type': file.mime,
      'Content-Length': String(file.body.length),
      'Cache-Control': 'private, no-store',
      'Content-Disposition': 'inline',
      // Even a hostile PDF opened in the browser cannot script our origin.
      'Content-Security-Policy': "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
    },
  });
};
