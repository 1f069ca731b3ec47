// The shared member render: markers compile into holes, each reader gets their own variant,
// and nothing that is not a well-formed marker of this process can act as one.
import { describe, expect, it } from 'vitest';
import { compileTemplate, fillTemplate, holeClose, holeOpen, holeVariant, templateHandle } from '../../src/server/http/member-template.ts';

const hole = (key: string, variants: Record<string, string>) =>
  holeOpen(key) + Object.entries(variants).map(([v, html]) => holeVariant(v) + html).join('') + holeClose();

const page = [
  '<header>', hole('account', { member: `<a href="/u/${templateHandle}" class="me">${templateHandle}</a>` }), '</header>',
  '<article>', hole('vote:review:5:17', { none: '[none]', up: '[up]', down: '[down]', own: '[counts]' }),
  hole('own:17', { yes: '[follow-up link]' }), '</article>',
  '<article>', hole('vote:follow_up:9:23', { none: '[none9]', up: '[up9]', down: '[down9]', own: '[counts9]' }), '</article>',
].join('');

function render(reader: { id: number; handle: string; votes?: Map<string, -1 | 1> }): string {
  const t = compileTemplate(page);
  expect(t).not.toBeNull();
  return fillTemplate(t!, { id: reader.id, handle: reader.handle, votes: reader.votes ?? new Map() }).toString();
}

describe('member template', () => {
  it('lists the vote targets the reader’s votes are needed for', () => {
    const t = compileTemplate(page)!;
    expect(Object.fromEntries(t.voteTargets)).toEqual({ review: [5], follow_up: [9] });
  });

  it('a reader who has not voted gets plain buttons and no author-only link', () => {
    expect(render({ id: 40, handle: 'reader' })).toBe(
      '<header><a href="/u/reader" class="me">reader</a></header><article>[none]</article><article>[none9]</article>');
  });

  it('a reader’s own votes show pressed, per item', () => {
    const votes = new Map<string, -1 | 1>([['review:5', 1], ['follow_up:9', -1]]);
    expect(render({ id: 40, handle: 'reader', votes })).toContain('[up]');
    expect(render({ id: 40, handle: 'reader', votes })).toContain('[down9]');
  });

  it('the author sees counts instead of buttons on their own item, and the author-only link', () => {
    const html = render({ id: 17, handle: 'author' });
    expect(html).toContain('[counts][follow-up link]');
    expect(html).toContain('[none9]');
  });

  it('puts the handle in the menu escaped as text and percent-encoded in the URL', () => {
    const html = render({ id: 40, handle: '读者_1' });
    expect(html).toContain('<a href="/u/%E8%AF%BB%E8%80%85_1" class="me">读者_1</a>');
    // Handles cannot hold markup, but the menu must escape whatever it is given.
    expect(render({ id: 40, handle: '<b>"x"</b>' })).toContain('class="me">&#60;b&#62;&#34;x&#34;&#60;/b&#62;</a>');
  });

  it('never leaves a marker in the output', () => {
    expect(render({ id: 40, handle: 'reader' })).not.toMatch(/<!--kp-/);
  });

  it('refuses malformed renders rather than serve the stand-in', () => {
    expect(compileTemplate(holeOpen('account') + holeVariant('member') + 'x')).toBeNull(); // never closed
    expect(compileTemplate(holeOpen('vote:review:5:17') + holeVariant('none') + 'x' + holeClose())).toBeNull(); // variants missing
    expect(compileTemplate(holeOpen('mystery') + holeVariant('yes') + holeClose())).toBeNull(); // unknown hole
    expect(compileTemplate(`a${holeClose()}b`)).toBeNull(); // stray close
    expect(compileTemplate(holeOpen('own:1') + holeOpen('own:2') + holeVariant('yes') + holeClose() + holeClose())).toBeNull(); // nested
  });

  it('treats marker-like text without this process’s nonce as plain text', () => {
    const forged = '<!--kp-0000000000000000:account--><!--kp-0000000000000000|member-->evil<!--kp-0000000000000000/-->';
    const t = compileTemplate(`<p>${forged}</p>`)!;
    expect(t.holes).toHaveLength(0);
    expect(fillTemplate(t, { id: 1, handle: 'x', votes: new Map() }).toString()).toBe(`<p>${forged}</p>`);
  });

  it('rejects hole keys and variant names outside the closed shapes', () => {
    expect(() => holeOpen('account-->')).toThrow();
    expect(() => holeVariant('Up')).toThrow();
  });
});
