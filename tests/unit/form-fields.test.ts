// The zod text field of the actions (actions/_shared.ts text()) goes through the one text rule
// (content/text.ts validateText), trimmed only: each problem comes out as the field's encoded message.
import { describe, expect, it, vi } from 'vitest';

vi.mock('astro:actions', () => ({ ActionError: class extends Error {} }));
const { text } = await import('../../src/actions/_shared.ts');
const { decodeMessage } = await import('../../src/server/errors.ts');

function messageOf(schema: ReturnType<typeof text>, value: unknown) {
  const r = schema.safeParse(value);
  return r.success ? { value: r.data } : decodeMessage(r.error.issues[0]!.message);
}

describe('text()', () => {
  it.each([
    [{ max: 5 }, null, { key: 'field.required' }],
    [{ max: 5 }, '  ', { key: 'field.required' }],
    [{ max: 5, required: false }, null, { value: '' }],
    [{ max: 5 }, ' 👍👍 ', { value: '👍👍' }],
    [{ max: 5 }, ' a\u200Bb\n', { value: 'a\u200Bb' }],
    [{ max: 5 }, '长长长长长长', { key: 'field.tooLong', params: { max: 5 } }],
    [{ max: 5, min: 3 }, 'ab', { key: 'field.tooShort', params: { min: 3 } }],
    [{ max: 5 }, 'a\uFFFD', { key: 'field.invalidUtf8' }],
    [{ max: 5 }, 'a\uD800', { key: 'field.invalidUtf8' }],
  ] as const)('%j %j → %j', (opts, value, expected) => {
    expect(messageOf(text(opts), value)).toEqual(expected);
  });
});
