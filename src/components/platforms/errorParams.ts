// The params of an action error (e.g. the slug of the duplicate platform), for a link next to the message.
export function errorParams(error: unknown): Record<string, string | number> {
  if (!error || typeof error !== 'object') return {};
  try {
    const parsed = JSON.parse((error as { message?: string }).message ?? '') as { p?: Record<string, string | number> | null };
    return parsed.p ?? {};
  } catch {
    return {};
  }
}
