// The page-cache tags, built in one place: a page caches under the tags of what it shows and a
// write invalidates the tags of what it changed (http/invalidation.ts). A typed builder instead
// of ad-hoc strings, so a misspelt tag fails `npm run check` instead of leaving a stale page.
export const cacheTags = {
  platform: (id: number) => `platform:${id}` as const,
  review: (id: number) => `review:${id}` as const,
  /** A public profile page (/u/…). */
  user: (accountId: number) => `user:${accountId}` as const,
  /** Member pages of the account itself (settings and the like). */
  account: (accountId: number) => `account:${accountId}` as const,
  session: (sessionId: string) => `session:${sessionId}` as const,
  /** What one signed-in reader sees of others' posts (their own votes, say). */
  viewer: (accountId: number) => `viewer:${accountId}` as const,
  home: 'home',
  directory: 'directory',
  ranking: 'ranking',
  /** Every page that shows a verdict band. */
  verdict: 'verdict',
  alerts: 'alerts',
  /** Every page that shows an early warning (预警). */
  warnings: 'warnings',
  modlog: 'modlog',
  /** Every cached page. */
  all: '*',
} as const;

type Built<T> = T extends (...args: never[]) => infer R ? R : T;
export type CacheTag = Built<(typeof cacheTags)[keyof typeof cacheTags]>;

/**
 * What a write returns along with its result: the tags of the pages it changed. The service
 * builds them; its caller (the action, or a job's run loop) invalidates them after the commit,
 * so a service never reaches up into the HTTP layer (issue 19, "one way down").
 */
export type WithTags<T = object> = T & { tags: CacheTag[] };
