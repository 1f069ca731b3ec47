// The one renderer for user-written bodies (reviews, follow-ups, case reports,
// incident reports, moderator notes). Everything a user typed reaches HTML
// through renderUserText and nowhere else. Store both `source` and `html`; the
// source can be re-rendered when these rules change (as lobsters' markdowner does).
//
// Pipeline: cleanText → mask card keys → markdown-it (`html: false`, linkify, a
// small rule set: HTML in the source is shown as text) → sanitize-html with a
// strict allowlist as defence in depth.

import MarkdownIt from 'markdown-it';
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
  allowedTags: ['p', 'br', 'strong', 'em', 'code', 'ul', 'ol', 'li', 'blockquote', 'a'],
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
  // A host name with a dot (or an IP literal): `https://user:pw@…` must not link `https://user`.
  if (!url.hostname.includes('.') && !url.hostname.startsWith('[')) return null;
  return url.href;
}

/**
 * markdown-it with only the rules the site shows: paragraphs, line breaks, lists, quotes,
 * emphasis, code spans, links and bare-URL links (linkify). `html: false`: HTML in the
 * source is text. No headings, tables, images, code blocks or entities (the `zero` preset
 * plus this list), so `# x` and `&amp;` stay what was typed. Replaces a hand-written subset
 * that cut `https://example.com/a_(b)` at `(b` and mis-nested `**x *y** z*` (issue 16, item 9).
 */
const markdown = new MarkdownIt('zero', { html: false, linkify: true, breaks: true, typographer: false })
  .enable(['paragraph', 'list', 'blockquote', 'newline', 'emphasis', 'backticks', 'link', 'autolink', 'linkify', 'escape']);
// Only http(s) URLs with a scheme are linked (no `www.` guesses, no e-mail addresses): the rule
// of the hand-written renderer, which readers and tests rely on.
markdown.linkify.set({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false });
// Everything else ([x](javascript:…), relative, mailto:, credentials) is left as the literal text.
markdown.validateLink = (url: string) => safeHref(url) !== null;

function renderMarkdown(text: string): string {
  return markdown.render(text).trim();
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
