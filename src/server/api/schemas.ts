// The JSON API's contract (issue 17, item 1): every response body and query is a zod schema
// here. Handlers parse what they send through these (unknown keys are stripped, so a field a
// read model grows later cannot leak out unreviewed), and /api/v1/openapi.json is generated
// from the same objects (openapi.ts). Dates are ISO 8601 strings in UTC.
import { z } from 'astro/zod';
import { REASON_EFFECTS, VERDICT_BANDS } from '../verdict/verdict.ts';
import { incidentStatuses } from '../reviews/review.table.ts';
import { CATEGORIES, STATUSES } from '../platforms/platform.service.ts';
import { incidentKinds } from '../incidents/incident.service.ts';

export const apiLocales = ['zh-CN', 'en'] as const;
export const defaultApiLimit = 20;
export const maxApiLimit = 50;

const dateTime = z.iso.datetime({ offset: true });
const dateOnly = z.iso.date();
const stars = z.number().min(0).max(5);
const bilingual = z.object({ 'zh-CN': z.string(), en: z.string() });

export const errorSchema = z.object({
  error: z.object({
    code: z.enum(['bad_request', 'bad_cursor', 'bad_limit', 'not_found', 'rate_limited', 'invalid_api_key', 'unavailable', 'internal']),
    message: z.string().meta({ description: 'In the language asked for (?lang= or Accept-Language).' }),
  }),
}).meta({ title: 'Error' });

export const earlyWarningSchema = z.object({
  since: dateTime,
  complaints: z.int().min(0).meta({ description: 'Distinct complainants counted in the window.' }),
  windowDays: z.int().min(1),
  text: z.string(),
}).meta({ title: 'EarlyWarning', description: '预警: a surge of complaints, before anything is confirmed.' });

export const dimensionsSchema = z.object({
  qualification: stars.nullable(),
  service: stars.nullable(),
  risk: stars.nullable(),
  reputation: stars.nullable(),
}).meta({ description: 'Stars (1–5) per dimension of the seed article: 资质 服务 风控 口碑; null when nothing is known.' });

export const platformSummarySchema = z.object({
  slug: z.string(),
  name: bilingual,
  url: z.url(),
  status: z.enum(STATUSES),
  statusText: z.string(),
  band: z.enum(VERDICT_BANDS).nullable(),
  bandText: z.string().nullable(),
  score: stars.nullable().meta({ description: 'Weighted overall score (stars), or the plain mean before the first ranking run.' }),
  weighted: z.boolean(),
  rank: z.int().min(1).nullable(),
  categories: z.array(z.enum(CATEGORIES)),
  dimensions: dimensionsSchema,
  earlyWarning: earlyWarningSchema.nullable(),
  counts: z.object({
    reviews: z.int().min(0),
    incidentsOpen: z.int().min(0),
    incidentsResolved: z.int().min(0),
    incidentsConfirmed: z.int().min(0),
  }),
}).meta({ title: 'PlatformSummary' });

export const verdictReasonSchema = z.object({
  code: z.string(),
  dimension: z.string(),
  effect: z.enum(REASON_EFFECTS),
  text: z.string(),
});

export const changeSchema = z.object({
  code: z.string(),
  text: z.string(),
  delta: z.number(),
  count: z.int().nullable(),
  reviewId: z.int().nullable(),
  incidentCaseNo: z.string().nullable(),
  fromBand: z.enum(VERDICT_BANDS).nullable(),
  toBand: z.enum(VERDICT_BANDS).nullable(),
});

export const platformDetailSchema = platformSummarySchema.extend({
  aliases: z.array(z.string()),
  domains: z.array(z.object({ domain: z.string(), primary: z.boolean() })),
  foundedOn: dateOnly.nullable(),
  operatorType: z.string(),
  feedUrl: z.url(),
  verdict: z.object({ band: z.enum(VERDICT_BANDS), bandText: z.string(), computedAt: dateTime, reasons: z.array(verdictReasonSchema) }).nullable(),
  statusHistory: z.array(z.object({ from: z.string(), to: z.string(), at: dateTime, evidence: z.string() })),
  history: z.object({
    points: z.array(z.object({ at: dateTime, score: stars, lowerBound: z.number(), rank: z.int().nullable(), reviewCount: z.int().min(0) })),
    changelog: z.array(z.object({
      computedAt: dateTime, scoreBefore: z.number().nullable(), scoreAfter: z.number(),
      rankBefore: z.int().nullable(), rankAfter: z.int().nullable(), changes: z.array(changeSchema),
    })).meta({ description: 'Newest first: the score snapshots that say why the score moved.' }),
  }),
  incidentSummary: z.object({
    open: z.int().min(0), resolved: z.int().min(0), unresolved: z.int().min(0), rejected: z.int().min(0),
    medianDaysToResolution: z.number().nullable(),
  }),
}).meta({ title: 'PlatformDetail' });

export const reviewSchema = z.object({
  id: z.int(),
  url: z.url(),
  author: z.object({ handle: z.string(), url: z.url() }),
  rating: z.int().min(1).max(5).meta({ description: 'Current rating (a follow-up may have replaced the original).' }),
  originalRating: z.int().min(1).max(5),
  dimensions: z.object({ service: z.int().nullable(), risk: z.int().nullable(), value: z.int().nullable(), afterSales: z.int().nullable() }),
  productCategory: z.string(),
  amountBand: z.string(),
  proof: z.enum(['none', 'pending', 'verified', 'rejected']).or(z.string()),
  bodyHtml: z.string().meta({ description: 'Sanitised HTML, as on the site (card keys already masked).' }),
  helpful: z.int().min(0),
  unhelpful: z.int().min(0),
  createdAt: dateTime,
  editedAt: dateTime.nullable(),
  weight: z.object({
    band: z.enum(['low', 'medium', 'high']).nullable().meta({ description: 'How much this review counts in the score; null before the model has run.' }),
    bandText: z.string().nullable(),
    reasons: z.array(z.object({ code: z.string(), factor: z.number(), text: z.string() })),
  }),
  followUps: z.array(z.object({
    id: z.int(), rating: z.int().min(1).max(5), outcome: z.string().nullable(), bodyHtml: z.string(), createdAt: dateTime,
    officialReply: z.object({ bodyHtml: z.string(), handle: z.string(), createdAt: dateTime }).nullable(),
  })),
  officialReply: z.object({ bodyHtml: z.string(), handle: z.string(), createdAt: dateTime }).nullable(),
}).meta({ title: 'Review' });

export const incidentSchema = z.object({
  caseNo: z.string(),
  url: z.url(),
  kind: z.enum(incidentKinds),
  kindText: z.string(),
  // a rejected case is not public
  status: z.enum(incidentStatuses).exclude(['rejected']),
  statusText: z.string(),
  createdAt: dateTime,
}).meta({ title: 'Incident' });

export const modLogEntrySchema = z.object({
  id: z.int(),
  action: z.string(),
  actionText: z.string(),
  subject: z.object({ kind: z.string(), id: z.int(), text: z.string(), url: z.url().nullable() }),
  platform: z.object({ slug: z.string(), name: z.string() }).nullable(),
  moderator: z.string().meta({ description: 'Handle of the moderator, or the system.' }),
  reason: z.string().nullable(),
  reasonText: z.string().nullable(),
  note: z.string(),
  createdAt: dateTime,
}).meta({ title: 'ModerationLogEntry' });

function pageOf<T extends z.ZodType>(item: T, title: string) {
  return z.object({
    data: z.array(item),
    nextCursor: z.string().nullable().meta({ description: 'Pass as ?cursor= for the next page; null on the last page.' }),
  }).meta({ title });
}

export const platformListSchema = pageOf(platformSummarySchema, 'PlatformPage');
export const reviewListSchema = pageOf(reviewSchema, 'ReviewPage');
export const incidentListSchema = pageOf(incidentSchema, 'IncidentPage');
export const modLogListSchema = pageOf(modLogEntrySchema, 'ModerationLogPage');
export const platformResponseSchema = z.object({ data: platformDetailSchema }).meta({ title: 'PlatformResponse' });

// ── queries ──

const limitSchema = z.string().regex(/^\d{1,3}$/).transform(Number).pipe(z.int().min(1).max(maxApiLimit)).optional()
  .meta({ description: `Items per page, 1–${maxApiLimit} (default ${defaultApiLimit}).` });
const cursorSchema = z.string().max(300).optional().meta({ description: 'Opaque cursor from a previous page\'s nextCursor.' });
const langSchema = z.enum(apiLocales).optional().meta({ description: 'Language of the words in the answer; else Accept-Language; else zh-CN.' });

export const pageQuerySchema = z.object({ limit: limitSchema, cursor: cursorSchema, lang: langSchema });
export const platformListQuerySchema = pageQuerySchema.extend({
  category: z.enum(CATEGORIES).optional(),
  status: z.enum(STATUSES).optional(),
  sort: z.enum(['rank', 'newest', 'reviews']).optional(),
});
export const reviewListQuerySchema = pageQuerySchema.extend({
  sort: z.enum(['helpful', 'newest', 'lowest', 'follow_ups']).optional(),
  rating: z.enum(['1', '2', '3', '4', '5']).optional(),
  verified: z.enum(['1']).optional().meta({ description: '1: only reviews with a verified purchase proof.' }),
});
export const modLogQuerySchema = pageQuerySchema.extend({
  action: z.string().max(64).optional(),
  platform: z.string().max(64).optional(),
});
export const langQuerySchema = z.object({ lang: langSchema });

export type PlatformSummary = z.infer<typeof platformSummarySchema>;
export type PlatformDetail = z.infer<typeof platformDetailSchema>;
export type ApiReview = z.infer<typeof reviewSchema>;
export type ApiIncident = z.infer<typeof incidentSchema>;
export type ModLogEntry = z.infer<typeof modLogEntrySchema>;
