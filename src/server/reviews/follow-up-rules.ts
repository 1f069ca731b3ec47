// Follow-up (追评) rules shared by the service that writes them and the ranking that reads them.
// Pure: constants and one predicate, no I/O, no clock.
import { dayMs } from '../time.ts';

/**
 * At most one follow-up per review per 24 h (ms). A follow-up reports what happened *later*;
 * four in a row minutes apart (issue 18) are a flood that rewrites the rating, not news.
 */
export const followUpGapMs = dayMs;
/**
 * A follow-up needs a sentence about what happened (characters): 15 Chinese characters is one
 * clause with a fact in it ("三个月后卡密失效，退款被拒绝。"); a review's 10 is for a short verdict.
 */
export const followUpMinChars = 15;
/**
 * A follow-up written within this time (ms) of its review is "same-day": it is shown at once,
 * but its rating replaces the original only once it is itself this old (maintenance applies it;
 * the ranking reads follow-ups the same way). Otherwise a buyer could post 5★ and "correct" it
 * minutes later, and a shill could move a rating back and forth within a day.
 */
export const sameDayFollowUpMs = dayMs;

/** Accounts younger than this (ms) get the stricter follow-up rate limit (rate-limit.ts followUpNewAccount). */
export const youngAccountMs = 7 * dayMs;

/**
 * Whether a follow-up's rating counts at `nowMs`: at once when it was written a day or more
 * after its review; a same-day follow-up only once it is itself a day old.
 */
export function followUpRatingCounts(reviewCreatedAtMs: number, followUpCreatedAtMs: number, nowMs: number): boolean {
  return followUpCreatedAtMs - reviewCreatedAtMs >= sameDayFollowUpMs || nowMs - followUpCreatedAtMs >= sameDayFollowUpMs;
}
