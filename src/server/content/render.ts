// The one renderer for user-written bodies (reviews, follow-ups, case reports,
// incident reports, moderator notes). Everything a user typed reaches HTML
// through renderUserText and nowhere else. Store both `source` and `html`; the
// source can be re-rendered when these rules change (as lobsters' markdowner does).
//
// Pipeline: cleanText → mask card keys → a small Markdown subset written by
// hand (every text run HTML-escaped, so HTML in the source is shown as text) →
// sanitize-html with a strict allowlist as defence in depth.

import sanitizeHtml from 'sanitize-html';
import { maskCardKeys } from './card-keys.ts';
import { cleanText } from './text.ts';

export type Notice = { code: 'card_key_masked'; count: number };

export interface RenderedText {
  /** The text as it must be stored: cleaned, card keys masked. Rendering it again gives the same html. */
  source: string;
  html: string;
  notices: Notice[];
}

/** rel for every user link: no ranking credit (nofollow ugc), no window.opener, no referrer leak. */
export const USER_LINK_REL = 'nofollow ugc noopener noreferrer';

const ALLOWED_SCHEMES = ['http', 'https'];

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'code', 'ul', 'li', 'blockquote', 'a'],
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ALLOWED_SCHEMES,
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
  // Re-assert rel even if something upstream forgot it.
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: USER_LINK_REL }) },
};

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Only absolute http(s) URLs become links; anything else (javascript:, data:, relative) stays text. */
function safeHref(raw: string): string | null {
  if (!/^https?:\/\//i.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password) return null; // user:pass@ links are a phishing staple
  return url.href;
}

function link(href: string, label: string): string {
  return `<a href="${escapeHtml(href)}" rel="${USER_LINK_REL}">${label}</a>`;
}

// Trailing punctuation is usually the sentence's, not the URL's.
const URL_TRAILING_PUNCTUATION_RE = /[.,;:!?'"。，；：！？、）)\]】」』》]+$/;
const AUTOLINK_RE = /https?:\/\/[^\s<>"'`\u3000-\u303F\uFF01-\uFF0F\uFF1A-\uFF20（）【】「」『』《》]+/gi;
// [text](https://…) — text without brackets or newlines, URL without spaces or parentheses.
const MD_LINK_RE = /\[([^\[\]\n]{1,500})\]\(([^\s()<>]{1,2000})\)/g;

/** Emphasis inside an already-isolated, not-yet-escaped text run. */
function renderEmphasis(text: string): string {
  let out = '';
  // **bold** first, then *em*; the markers must hug non-space text.
  const re = /\*\*(?=\S)([^*\n]*?\S)\*\*|\*(?=[^\s*])([^*\n]*?[^\s*])\*/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    out += escapeHtml(text.slice(last, m.index));
    if (m[1] !== undefined) out += `<strong>${escapeHtml(m[1])}</strong>`;
    else out += `<em>${escapeHtml(m[2]!)}</em>`;
    last = m.index + m[0].length;
  }
  return out + escapeHtml(text.slice(last));
}

/** Autolinks bare http(s) URLs in a text run, emphasis elsewhere. */
function renderAutolinks(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(AUTOLINK_RE)) {
    const trimmed = m[0].replace(URL_TRAILING_PUNCTUATION_RE, '');
    const href = safeHref(trimmed);
    if (href === null) continue;
    out += renderEmphasis(text.slice(last, m.index));
    out += link(href, escapeHtml(trimmed));
    last = m.index + trimmed.length;
  }
  return out + renderEmphasis(text.slice(last));
}

/** [text](url) links (http/https only; otherwise left as literal text), then autolinks. */
function renderLinks(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(MD_LINK_RE)) {
    const href = safeHref(m[2]!);
    if (href === null) continue; // e.g. [x](javascript:alert(1)) stays visible as text
    out += renderAutolinks(text.slice(last, m.index));
    out += link(href, renderEmphasis(m[1]!));
    last = m.index + m[0].length;
  }
  return out + renderAutolinks(text.slice(last));
}

/** Inline Markdown: `code` spans are literal; everything else gets links and emphasis. */
function renderInline(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(/`([^`\n]+)`/g)) {
    out += renderLinks(text.slice(last, m.index));
    out += `<code>${escapeHtml(m[1]!)}</code>`;
    last = m.index + m[0].length;
  }
  return out + renderLinks(text.slice(last));
}

const inlineLines = (lines: string[]): string => lines.map(renderInline).join('<br>');

type Block = { kind: 'p' | 'ul' | 'quote'; lines: string[] };

const BULLET_RE = /^\s{0,3}[-*•]\s+/;
const QUOTE_RE = /^\s{0,3}>\s?/;

/** Blocks: blank lines separate paragraphs; `- ` lines form a list; `> ` lines a quote. */
function toBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      current = null;
      continue;
    }
    const kind: Block['kind'] = BULLET_RE.test(line) ? 'ul' : QUOTE_RE.test(line) ? 'quote' : 'p';
    const content = kind === 'ul' ? line.replace(BULLET_RE, '') : kind === 'quote' ? line.replace(QUOTE_RE, '') : line;
    if (current === null || current.kind !== kind) {
      current = { kind, lines: [] };
      blocks.push(current);
    }
    current.lines.push(content);
  }
  return blocks;
}

function renderMarkdown(text: string): string {
  return toBlocks(text)
    .map((b) => {
      if (b.kind === 'ul') return `<ul>${b.lines.map((l) => `<li>${renderInline(l)}</li>`).join('')}</ul>`;
      if (b.kind === 'quote') return `<blockquote><p>${inlineLines(b.lines)}</p></blockquote>`;
      return `<p>${inlineLines(b.lines)}</p>`;
    })
    .join('\n');
}

/** The only function that turns user-written text into HTML. */
export function renderUserText(source: string): RenderedText {
  const cleaned = cleanText(source);
  const masked = maskCardKeys(cleaned);
  const notices: Notice[] = [];
  if (masked.count > 0) notices.push({ code: 'card_key_masked', count: masked.count });
  const html = sanitizeHtml(renderMarkdown(masked.text), SANITIZE_OPTIONS);
  return { source: masked.text, html, notices };
}

/** Plain text for places that must not carry markup (titles, meta descriptions, feeds), escaped. */
export function renderPlainText(source: string, maxLength?: number): string {
  const cleaned = cleanText(source, { singleLine: true, maxLength });
  return escapeHtml(maskCardKeys(cleaned).text);
}
