// The migration index: an explicit list (not a folder scan) so that bundlers and Node
// both see every migration, in order. Names are ISO-dated; never rename a landed one.
import type { Migration } from 'kysely/migration';
import * as accounts from './2026-11-25T0100-accounts.ts';
import * as platforms from './2026-11-25T0200-platforms.ts';
import * as reviews from './2026-11-25T0300-reviews.ts';
import * as moderation from './2026-11-25T0400-moderation.ts';
import * as reputationSearch from './2026-11-25T0500-reputation-search.ts';
import * as moderationQueues from './2026-11-25T1300-moderation-queues.ts';
import * as moderationIncidentQueue from './2026-11-25T1301-moderation-incident-queue.ts';
import * as rankingInfluence from './2026-11-25T1400-ranking-influence.ts';
import * as searchPlatformCategories from './2026-11-25T2100-search-platform-categories.ts';
import * as searchReviewFollowUps from './2026-11-25T2101-search-review-follow-ups.ts';
import * as searchModeratedContent from './2026-11-25T2300-search-moderated-content.ts';
import * as searchLatinCompounds from './2026-11-26T0100-search-latin-compounds.ts';
import * as searchAnswers from './2026-12-07T1200-search-answers.ts';
import * as earlyWarnings from './2026-12-07T1100-early-warnings.ts';
import * as verdict from './2026-12-07T1000-verdict.ts';
import * as handleSkeleton from './2026-12-07T1300-handle-skeleton.ts';
import * as accountEmailTokens from './2026-12-07T1400-account-email-tokens.ts';
import * as writeOnce from './2026-12-07T1401-write-once.ts';
import * as resellerHold from './2026-12-08T0400-reseller-hold.ts';
import * as reviewTags from './2026-12-08T0700-review-tags.ts';
import * as apiKeys from './2026-12-08T0600-api-keys.ts';
import * as watchlist from './2026-12-08T0800-watchlist.ts';

export const migrations: Record<string, Migration> = {
  '2026-11-25T0100-accounts': accounts,
  '2026-11-25T0200-platforms': platforms,
  '2026-11-25T0300-reviews': reviews,
  '2026-11-25T0400-moderation': moderation,
  '2026-11-25T0500-reputation-search': reputationSearch,
  '2026-11-25T1300-moderation-queues': moderationQueues,
  '2026-11-25T1301-moderation-incident-queue': moderationIncidentQueue,
  '2026-11-25T1400-ranking-influence': rankingInfluence,
  '2026-11-25T2100-search-platform-categories': searchPlatformCategories,
  '2026-11-25T2101-search-review-follow-ups': searchReviewFollowUps,
  '2026-11-25T2300-search-moderated-content': searchModeratedContent,
  '2026-11-26T0100-search-latin-compounds': searchLatinCompounds,
  '2026-12-07T1200-search-answers': searchAnswers,
  '2026-12-07T1100-early-warnings': earlyWarnings,
  '2026-12-07T1000-verdict': verdict,
  '2026-12-07T1300-handle-skeleton': handleSkeleton,
  '2026-12-07T1400-account-email-tokens': accountEmailTokens,
  '2026-12-07T1401-write-once': writeOnce,
  '2026-12-08T0400-reseller-hold': resellerHold,
  '2026-12-08T0700-review-tags': reviewTags,
  '2026-12-08T0600-api-keys': apiKeys,
  '2026-12-08T0800-watchlist': watchlist,
};
