// What a review is about (到账, 退款, 客服, 卡密失效 …): one closed list, chosen by the author on
// the review form and filterable on the platform page (issue 17, item 6). The database CHECKs
// the same list (db/migrations/2026-12-08T0700-review-tags.ts): adding a tag here needs a
// migration that widens it, and its labels in both dictionaries (reviews.tag.<tag>).
import { FieldErrors } from '../errors.ts';
import { isOneOf } from '../one-of.ts';

export const reviewTags = ['arrival', 'refund', 'support', 'invalid_key', 'after_sales', 'price', 'withdrawal'] as const;
export type ReviewTag = (typeof reviewTags)[number];

/** At most three: a review "about everything" tells a reader filtering by one topic nothing. */
export const maxReviewTags = 3;

export function isReviewTag(x: unknown): x is ReviewTag {
  return isOneOf(reviewTags, x);
}

/**
 * The author's choice from the form (a checkbox list arrives as an array, one box as a string,
 * none as null): unknown tags and more than `maxReviewTags` are field errors on 'tags'.
 * Duplicates collapse; the order is the list's, so the same choice is stored the same way.
 */
export function checkReviewTags(errors: FieldErrors, raw: unknown): ReviewTag[] {
  if (raw === null || raw === undefined || raw === '') return [];
  const values = Array.isArray(raw) ? raw : [raw];
  if (!values.every(isReviewTag)) {
    errors.add('tags', 'reviews.error.unknownTag');
    return [];
  }
  const chosen = new Set(values);
  if (chosen.size > maxReviewTags) {
    errors.add('tags', 'reviews.error.tooManyTags', { max: maxReviewTags });
    return [];
  }
  return reviewTags.filter((t) => chosen.has(t));
}
