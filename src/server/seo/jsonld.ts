// schema.org structured data for search engines (issue 17, item 4): the site, a platform as an
// Organization with its AggregateRating and Reviews, a single Review. Pure: plain objects in,
// JSON-LD objects out. Types and properties as schema.org defines them
// (https://schema.org/Organization, /AggregateRating, /Review, /Rating, /WebSite); Google's
// review-snippet guidelines ask for ratingValue, bestRating/worstRating, reviewCount or
// ratingCount, and an author and itemReviewed on a Review.

export type JsonLd = Record<string, unknown>;

/** Ratings on this site are 1–5 stars (the review form's scale). */
export const bestRating = 5;
export const worstRating = 1;

export interface LdReview {
  url: string;
  author: string;
  rating: number;
  body: string;
  publishedAt: Date;
}

export interface LdPlatform {
  url: string;
  name: string;
  alternateName: string | null;
  /** The platform's own web addresses (https://…), as sameAs. */
  sameAs: string[];
  description: string;
  /** Weighted score on 1–5, or null when there is none. */
  ratingValue: number | null;
  reviewCount: number;
  reviews: LdReview[];
}

function rating(value: number): JsonLd {
  return { '@type': 'Rating', ratingValue: round(value), bestRating, worstRating };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function reviewNode(r: LdReview, itemReviewed?: JsonLd): JsonLd {
  const node: JsonLd = {
    '@type': 'Review',
    url: r.url,
    author: { '@type': 'Person', name: r.author },
    reviewRating: rating(r.rating),
    reviewBody: r.body,
    datePublished: r.publishedAt.toISOString(),
  };
  if (itemReviewed) node.itemReviewed = itemReviewed;
  return node;
}

/** A platform as an Organization; AggregateRating only when it has a score and reviews (an empty one is invalid). */
export function platformLd(p: LdPlatform): JsonLd {
  const org: JsonLd = { '@context': 'https://schema.org', '@type': 'Organization', '@id': `${p.url}#organization`, name: p.name, url: p.url, description: p.description };
  if (p.alternateName && p.alternateName !== p.name) org.alternateName = p.alternateName;
  if (p.sameAs.length > 0) org.sameAs = p.sameAs;
  if (p.ratingValue !== null && p.reviewCount > 0) {
    org.aggregateRating = { '@type': 'AggregateRating', ratingValue: round(p.ratingValue), reviewCount: p.reviewCount, bestRating, worstRating };
  }
  if (p.reviews.length > 0) org.review = p.reviews.map((r) => reviewNode(r));
  return org;
}

/** One review on its own page: itemReviewed names the platform. */
export function reviewLd(r: LdReview, platform: { name: string; url: string }): JsonLd {
  return { '@context': 'https://schema.org', ...reviewNode(r, { '@type': 'Organization', name: platform.name, url: platform.url }) };
}

/** The site itself (home page): a WebSite with its search action. */
export function websiteLd(site: { name: string; url: string; searchUrl: string; inLanguage: string }): JsonLd {
  return {
    '@context': 'https://schema.org', '@type': 'WebSite', name: site.name, url: site.url, inLanguage: site.inLanguage,
    potentialAction: { '@type': 'SearchAction', target: `${site.searchUrl}?q={search_term_string}`, 'query-input': 'required name=search_term_string' },
  };
}

/**
 * JSON for a <script type="application/ld+json"> element: `<`, `>` and `&` escaped so user
 * text (a review body with `</script>`) cannot end the element, and U+2028/9 for old parsers.
 */
export function serializeLd(data: JsonLd | JsonLd[]): string {
  return JSON.stringify(data).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Plain text of a review for structured data: markup characters of the Markdown source dropped, whitespace collapsed, bounded. */
export function plainExcerpt(source: string, maxChars = 300): string {
  const text = source.replace(/[*_`#>\[\]]+/g, '').replace(/\(https?:\/\/[^)\s]*\)/g, '').replace(/\s+/g, ' ').trim();
  const chars = [...text];
  return chars.length > maxChars ? `${chars.slice(0, maxChars - 1).join('')}…` : text;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' };

/** Plain text of sanitised HTML from the one renderer (tags dropped, common entities decoded), for structured data. */
export function textFromHtml(html: string, maxChars = 300): string {
  const text = html.replace(/<[^>]*>/g, ' ').replace(/&(#\d+|#x[0-9a-f]+|[a-z]+\d*);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(cp) && cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : ' ';
    }
    return entities[e.toLowerCase()] ?? m;
  });
  return plainExcerpt(text, maxChars);
}
