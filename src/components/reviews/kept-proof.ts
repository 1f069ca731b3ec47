// A proof whose file was refused after its review or case report was published: the order
// number the person typed is kept for the proof form on the next page, in a short-lived
// HttpOnly cookie (never in the URL, where logs would keep it), and the form says to choose the
// file again (browsers never refill a file input).
import type { AstroCookies } from 'astro';

/** Ten minutes (s): long enough to pick the file again, short enough not to linger. */
const keptOrderMaxAgeSeconds = 600;

function cookieName(kind: 'review' | 'case_report', id: number): string {
  return `kaopu_order_${kind}_${id}`;
}

export function keepOrderNumber(cookies: AstroCookies, kind: 'review' | 'case_report', id: number, orderNumber: string | undefined, secure: boolean): void {
  const value = (orderNumber ?? '').trim().slice(0, 64);
  if (!value) return;
  cookies.set(cookieName(kind, id), value, { path: '/', maxAge: keptOrderMaxAgeSeconds, httpOnly: true, sameSite: 'lax', secure });
}

/** The kept order number, read once (the cookie is deleted). */
export function takeOrderNumber(cookies: AstroCookies, kind: 'review' | 'case_report', id: number): string | undefined {
  const name = cookieName(kind, id);
  const value = cookies.get(name)?.value;
  if (value !== undefined) cookies.delete(name, { path: '/' });
  return value || undefined;
}

/** Whether a refused form had a file chosen (it is dropped by the browser on the way back). */
export async function fileWasChosen(request: Request): Promise<boolean> {
  if (request.method !== 'POST') return false;
  try {
    const f = (await request.clone().formData()).get('file');
    return typeof f === 'object' && f !== null && (f as File).size > 0;
  } catch {
    return false;
  }
}
