// The Database type, composed from each domain's table types.
import type {
  AccountTable, AccountTokenTable, EmailChangeTable, RecoveryCodeTable, SessionTable, UploadTable,
} from '../accounts/account.table.ts';
import type {
  PlatformDomainTable, PlatformFactTable, PlatformQualificationTable, PlatformRepresentativeTable,
  PlatformStatusChangeTable, PlatformTable,
} from '../platforms/platform.table.ts';
import type {
  CaseReportTable, HelpfulVoteTable, IncidentTable, IncidentUpdateTable, OfficialReplyTable,
  PurchaseProofTable, ReviewFollowUpTable, ReviewRevisionTable, ReviewTable,
} from '../reviews/review.table.ts';
import type {
  AppealTable, FlagTable, ModerationEventTable, PlatformAlertTable, QueueClaimTable,
} from '../moderation/moderation.table.ts';
import type {
  AccountTrustTable, ModelFindingTable, RankRequestTable, ReviewWeightTable, ScoreSnapshotTable,
} from '../ranking/ranking.table.ts';
import type { SearchDocumentTable, SearchMissTable, SearchOutboxTable } from '../search/search.table.ts';
import type { EarlyWarningTable } from '../warnings/warning.table.ts';
import type { PlatformVerdictTable } from '../verdict/verdict.table.ts';
import type { WriteOnceTable } from '../writes/write-once.table.ts';
import type { ApiKeyTable } from '../api/api-key.table.ts';
import type { NotificationTable, NotifyEventTable, NotifyJobTable, NotifyPrefTable, WatchTable } from '../watch/watch.table.ts';

export interface Database {
  account: AccountTable;
  session: SessionTable;
  recovery_code: RecoveryCodeTable;
  upload: UploadTable;
  account_token: AccountTokenTable;
  email_change: EmailChangeTable;
  platform: PlatformTable;
  platform_domain: PlatformDomainTable;
  platform_status_change: PlatformStatusChangeTable;
  platform_qualification: PlatformQualificationTable;
  platform_fact: PlatformFactTable;
  platform_representative: PlatformRepresentativeTable;
  review: ReviewTable;
  review_revision: ReviewRevisionTable;
  review_follow_up: ReviewFollowUpTable;
  case_report: CaseReportTable;
  purchase_proof: PurchaseProofTable;
  incident: IncidentTable;
  incident_update: IncidentUpdateTable;
  helpful_vote: HelpfulVoteTable;
  official_reply: OfficialReplyTable;
  flag: FlagTable;
  moderation_event: ModerationEventTable;
  queue_claim: QueueClaimTable;
  appeal: AppealTable;
  platform_alert: PlatformAlertTable;
  score_snapshot: ScoreSnapshotTable;
  review_weight: ReviewWeightTable;
  account_trust: AccountTrustTable;
  model_finding: ModelFindingTable;
  rank_request: RankRequestTable;
  search_document: SearchDocumentTable;
  search_outbox: SearchOutboxTable;
  search_miss: SearchMissTable;
  early_warning: EarlyWarningTable;
  platform_verdict: PlatformVerdictTable;
  write_once: WriteOnceTable;
  api_key: ApiKeyTable;
  watch: WatchTable;
  notify_pref: NotifyPrefTable;
  notify_event: NotifyEventTable;
  notification: NotificationTable;
  notify_job: NotifyJobTable;
}
