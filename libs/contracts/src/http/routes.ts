// The public HTTP API in one table: the gateway routes by `service`, builds /docs from it, and a
// test checks every controller route is listed here (and nothing else is).
import { z } from 'zod';
import type { Role } from '../primitives';
import type { ServiceName } from '../services';
import { ClientCredentialsRequest, LoginRequest, TokenResponse } from './auth';
import { DealListResponse, DealResponse, ListDealsQuery, RecordDealRequest, ReverseDealRequest } from './deals';
import {
  AnnualStatisticsResponse,
  BreakdownQuery,
  BreakdownResponse,
  MonthlyStatisticsResponse,
  ProjectionResponse,
  StatisticsYearQuery,
} from './statistics';
import {
  AssignAppraiserRequest,
  ChangePledgeRegistrationRequest,
  DisposePledgeRequest,
  ListPledgesQuery,
  PledgeHistoryResponse,
  PledgeListResponse,
  PledgeResponse,
  RefusePledgeApplicationRequest,
  RegisterPledgeRequest,
  ReleasePledgeRequest,
  ResubmitPledgeApplicationRequest,
  ReturnPledgeApplicationRequest,
  SubmitPledgeApplicationRequest,
} from './pledges';
import { ListValuationsQuery, SubmitValuationRequest, ValuationListResponse, ValuationResponse } from './valuations';
import { DisburseLoanRequest, ListLoansQuery, LoanListResponse, LoanResponse, RecordRepaymentRequest, ReportDefaultRequest, ReportOverdueRequest } from './loans';
import {
  AccountListResponse,
  AccountResponse,
  CheckpointListResponse,
  JournalEntryListResponse,
  JournalEntryResponse,
  ListAccountsQuery,
  ListCheckpointsQuery,
  ListEntriesQuery,
  TrialBalanceResponse,
} from './ledger';
import { CreatePolicyDraftRequest, CreatePolicyVersionRequest, ListPoliciesQuery, PolicyListResponse, PolicyPresetListResponse, PolicyResponse } from './policies';
import {
  ApproveClaimRequest,
  PrepareClaimRequest,
  ClaimListResponse,
  ClaimResponse,
  CompensationShareListResponse,
  FileClaimRequest,
  FundBudgetYearClosedResponse,
  FundListResponse,
  FundResponse,
  ListClaimsQuery,
  RecordClaimPaymentRequest,
  RejectClaimRequest,
} from './claims';
import { AuditExportQuery, AuditExportResponse, AuditListResponse, ListAuditQuery } from './audit';
import { CalendarYearListResponse, CalendarYearResponse, DraftCalendarYearRequest, ListCalendarYearsQuery } from './calendar';

export interface HttpRoute {
  method: 'GET' | 'POST';
  /** OpenAPI-style path, e.g. /api/pledges/{pledgeId}. */
  path: string;
  service: ServiceName;
  summary: string;
  /** Who may call it. Empty only for the public authentication routes (`public: true`). */
  roles: readonly Role[];
  /** Callable without a token: only logging in and getting a token. */
  public?: true;
  body?: z.ZodType;
  query?: z.ZodType;
  response: z.ZodType;
  successStatus: 200 | 201;
  /** Statuses besides success that this route documents (400 and 5xx apply everywhere). */
  errors: readonly (401 | 404 | 409 | 429)[];
}

/** Path prefixes the gateway forwards to each service. */
export const SERVICE_PATH_PREFIXES: Record<ServiceName, readonly string[]> = {
  'pledge-registration': ['/api/pledges'],
  valuation: ['/api/valuations'],
  lending: ['/api/loans'],
  ledger: ['/api/ledger'],
  'risk-compensation': ['/api/policies', '/api/claims', '/api/funds', '/api/compensation-shares', '/api/calendar'],
  identity: ['/api/auth'],
  audit: ['/api/audit'],
  statistics: ['/api/deals', '/api/statistics'],
};

export const HTTP_ROUTES: readonly HttpRoute[] = [
  {
    method: 'POST', path: '/api/auth/login', service: 'identity', roles: [], public: true,
    summary: 'A person logs in with username and password and gets a short-lived bearer token. Repeated failures are rate-limited (429).',
    body: LoginRequest, response: TokenResponse, successStatus: 200, errors: [401, 429],
  },
  {
    method: 'POST', path: '/api/auth/token', service: 'identity', roles: [], public: true,
    summary: 'A machine client (e.g. a bank’s system) exchanges its client id and secret for a short-lived bearer token. Rate-limited like logins.',
    body: ClientCredentialsRequest, response: TokenResponse, successStatus: 200, errors: [401, 429],
  },
  {
    method: 'POST', path: '/api/pledges', service: 'pledge-registration', roles: ['bank'],
    summary: 'Submit a pledge application (the acting bank is the pledgee) naming its appraiser. 409 right-already-pledged when an IP right is under a registered pledge.',
    body: SubmitPledgeApplicationRequest, response: PledgeResponse, successStatus: 201, errors: [409],
  },
  {
    method: 'GET', path: '/api/pledges', service: 'pledge-registration', roles: ['bank', 'bureau'],
    summary: 'List pledge applications (a bank sees its own). status=SUBMITTED is the bureau’s queue: decision deadlines, overdue first.',
    query: ListPledgesQuery, response: PledgeListResponse, successStatus: 200, errors: [],
  },
  {
    method: 'GET', path: '/api/pledges/{pledgeId}', service: 'pledge-registration', roles: ['bank', 'bureau', 'appraiser'],
    summary: 'One pledge application with its IP items and state (an appraiser sees only the pledges that name it).',
    response: PledgeResponse, successStatus: 200, errors: [404],
  },
  {
    method: 'GET', path: '/api/pledges/{pledgeId}/history', service: 'pledge-registration', roles: ['bank', 'bureau', 'appraiser'],
    summary: 'The whole history of a pledge: every step with who, when and why, and every registration version.',
    response: PledgeHistoryResponse, successStatus: 200, errors: [404],
  },
  {
    method: 'POST', path: '/api/pledges/{pledgeId}/appraiser', service: 'pledge-registration', roles: ['bank'],
    summary: 'Name the pledge’s appraiser (SUBMITTED, RETURNED or REGISTERED): from now on only that appraiser sees and values it.',
    body: AssignAppraiserRequest, response: PledgeResponse, successStatus: 200, errors: [404, 409],
  },
  {
    method: 'POST', path: '/api/pledges/{pledgeId}/return', service: 'pledge-registration', roles: ['bureau'],
    summary: 'Return a SUBMITTED application to the bank for correction (补正) with reasons.',
    body: ReturnPledgeApplicationRequest, response: PledgeResponse, successStatus: 200, errors: [404, 409],
  },
  {
    method: 'POST', path: '/api/pledges/{pledgeId}/resubmission', service: 'pledge-registration', roles: ['bank'],
    summary: 'Resubmit a RETURNED application, corrected (the whole application, checked like a submission); the first receipt is kept.',
    body: ResubmitPledgeApplicationRequest, response: PledgeResponse, successStatus: 200, errors: [404, 409],
  },
  {
    method: 'POST', path: '/api/pledges/{pledgeId}/refusal', service: 'pledge-registration', roles: ['bureau'],
    summary: 'Refuse to register a SUBMITTED application (不予登记) with a reason from the documented list and a note.',
    body: RefusePledgeApplicationRequest, response: PledgeResponse, successStatus: 200, errors: [404, 409],
  },
  {
    method: 'POST', path: '/api/pledges/{pledgeId}/registration', service: 'pledge-registration', roles: ['bureau'],
    summary: 'Register the pledge (质押登记) with the registrar’s number; the registration date is the server’s. 409 right-already-pledged when an IP right is under another registered pledge.',
    body: RegisterPledgeRequest, response: PledgeResponse, successStatus: 200, errors: [404, 409],
  },
  {
    method: 'POST', path: '/api/pledges/{pledgeId}/registration-changes', service: 'pledge-registration', roles: ['bureau'],
    summary: 'Change a registered pledge (变更登记): amount secured, term, pledgor’s name. A new registration version dated by the server.',
    body: ChangePledgeRegistrationRequest, response: PledgeResponse, successStatus: 200, errors: [404, 409],
  },
  {
    method: 'POST', path: '/api/pledges/{pledgeId}/release', service: 'pledge-registration', roles: ['bank'],
    summary: 'Release a registered pledge that secures no loan (注销登记 on the bank’s request); its IP rights are free again.',
    body: ReleasePledgeRequest, response: PledgeResponse, successStatus: 200, errors: [404, 409],
  },
  {
    method: 'POST', path: '/api/pledges/{pledgeId}/disposal', service: 'pledge-registration', roles: ['bank'],
    summary: 'Report the disposal (质物处置) of a defaulted loan’s pledged IP: method, gross proceeds, costs, date. The pledge becomes DISPOSED.',
    body: DisposePledgeRequest, response: PledgeResponse, successStatus: 200, errors: [404, 409],
  },
  {
    method: 'POST', path: '/api/valuations', service: 'valuation', roles: ['appraiser'],
    summary: 'Submit a valuation report for a pledge application.',
    body: SubmitValuationRequest, response: ValuationResponse, successStatus: 201, errors: [404, 409],
  },
  {
    method: 'GET', path: '/api/valuations', service: 'valuation', roles: ['bank', 'bureau', 'appraiser'],
    summary: 'Valuations of one pledge application.',
    query: ListValuationsQuery, response: ValuationListResponse, successStatus: 200, errors: [],
  },
  {
    method: 'GET', path: '/api/valuations/{valuationId}', service: 'valuation', roles: ['bank', 'bureau', 'appraiser'],
    summary: 'One valuation.',
    response: ValuationResponse, successStatus: 200, errors: [404],
  },
  {
    method: 'POST', path: '/api/loans', service: 'lending', roles: ['bank'],
    summary: 'Disburse a loan against a registered and valued pledge, within the loan-to-value limit.',
    body: DisburseLoanRequest, response: LoanResponse, successStatus: 201, errors: [404, 409],
  },
  {
    method: 'GET', path: '/api/loans', service: 'lending', roles: ['bank', 'bureau'],
    summary: 'List loans (a bank sees its own).',
    query: ListLoansQuery, response: LoanListResponse, successStatus: 200, errors: [],
  },
  {
    method: 'GET', path: '/api/loans/{loanId}', service: 'lending', roles: ['bank', 'bureau'],
    summary: 'One loan with its repayments.',
    response: LoanResponse, successStatus: 200, errors: [404],
  },
  {
    method: 'POST', path: '/api/loans/{loanId}/repayments', service: 'lending', roles: ['bank'],
    summary: 'Record a repayment of principal and/or interest; the loan closes when principal reaches zero.',
    body: RecordRepaymentRequest, response: LoanResponse, successStatus: 201, errors: [404, 409],
  },
  {
    method: 'POST', path: '/api/loans/{loanId}/overdue', service: 'lending', roles: ['bank'],
    summary: 'Report the loan overdue (逾期): since when, days past due, overdue interest; a later report updates them.',
    body: ReportOverdueRequest, response: LoanResponse, successStatus: 200, errors: [404, 409],
  },
  {
    method: 'POST', path: '/api/loans/{loanId}/default', service: 'lending', roles: ['bank'],
    summary: 'Report the loan in default (违约) as of a date with the accrued interest; it takes no more repayments.',
    body: ReportDefaultRequest, response: LoanResponse, successStatus: 200, errors: [404, 409],
  },
  {
    method: 'GET', path: '/api/ledger/accounts', service: 'ledger', roles: ['bank', 'bureau', 'guarantor', 'insurer', 'appraiser'],
    summary: 'Accounts with their posted debits, credits and balance.',
    query: ListAccountsQuery, response: AccountListResponse, successStatus: 200, errors: [],
  },
  {
    method: 'GET', path: '/api/ledger/accounts/{accountCode}', service: 'ledger', roles: ['bank', 'bureau', 'guarantor', 'insurer', 'appraiser'],
    summary: 'One account and its balance.',
    response: AccountResponse, successStatus: 200, errors: [404],
  },
  {
    method: 'GET', path: '/api/ledger/accounts/{accountCode}/entries', service: 'ledger', roles: ['bank', 'bureau', 'guarantor', 'insurer', 'appraiser'],
    summary: 'The journal entries that touch one account (its statement).',
    query: ListEntriesQuery, response: JournalEntryListResponse, successStatus: 200, errors: [404],
  },
  {
    method: 'GET', path: '/api/ledger/entries', service: 'ledger', roles: ['bureau'],
    summary: 'The journal in sequence order.',
    query: ListEntriesQuery, response: JournalEntryListResponse, successStatus: 200, errors: [],
  },
  {
    method: 'GET', path: '/api/ledger/entries/{entryId}', service: 'ledger', roles: ['bank', 'bureau'],
    summary: 'One journal entry with its postings and hash.',
    response: JournalEntryResponse, successStatus: 200, errors: [404],
  },
  {
    method: 'GET', path: '/api/ledger/trial-balance', service: 'ledger', roles: ['bureau'],
    summary: 'Total debits and credits over every account: they must be equal.',
    response: TrialBalanceResponse, successStatus: 200, errors: [],
  },
  {
    method: 'GET', path: '/api/ledger/checkpoints', service: 'ledger', roles: ['bureau'],
    summary: 'Signed checkpoints of the hash chain in sequence order, with the public key (and its key id) that checks them.',
    query: ListCheckpointsQuery, response: CheckpointListResponse, successStatus: 200, errors: [],
  },
  {
    method: 'POST', path: '/api/policies', service: 'risk-compensation', roles: ['bureau'],
    summary: 'Create a draft compensation policy (version 1): parties and shares, coverage, caps, eligibility, claim rules.',
    body: CreatePolicyDraftRequest, response: PolicyResponse, successStatus: 201, errors: [],
  },
  {
    method: 'GET', path: '/api/policies', service: 'risk-compensation', roles: ['bureau', 'bank'],
    summary: 'Compensation policy versions with their status (a bank sees the published ones).',
    query: ListPoliciesQuery, response: PolicyListResponse, successStatus: 200, errors: [],
  },
  {
    method: 'GET', path: '/api/policies/presets', service: 'risk-compensation', roles: ['bureau'],
    summary: 'The real schemes shipped as presets, each with the published document it follows.',
    response: PolicyPresetListResponse, successStatus: 200, errors: [],
  },
  {
    method: 'GET', path: '/api/policies/{policyId}', service: 'risk-compensation', roles: ['bureau', 'bank'],
    summary: 'One compensation policy version.',
    response: PolicyResponse, successStatus: 200, errors: [404],
  },
  {
    method: 'POST', path: '/api/policies/{policyId}/publish', service: 'risk-compensation', roles: ['bureau'],
    summary: 'Publish a draft: it is frozen from then on, and a change is a new version.',
    response: PolicyResponse, successStatus: 200, errors: [404, 409],
  },
  {
    method: 'POST', path: '/api/policies/{policyId}/versions', service: 'risk-compensation', roles: ['bureau'],
    summary: 'Draft the next version of a published policy (same series and fund); loans keep the version in force when they were disbursed.',
    body: CreatePolicyVersionRequest, response: PolicyResponse, successStatus: 201, errors: [404, 409],
  },
  {
    method: 'POST', path: '/api/claims', service: 'risk-compensation', roles: ['bank'],
    summary: 'File a compensation claim (补偿申请) for a defaulted loan; refused with the rules it breaks (coverage, deadline, trigger, duplicate).',
    body: FileClaimRequest, response: ClaimResponse, successStatus: 201, errors: [404, 409],
  },
  {
    method: 'GET', path: '/api/claims', service: 'risk-compensation', roles: ['bureau', 'bank'],
    summary: 'The claims queue, filterable by status, bank, fund and loan (a bank sees its own).',
    query: ListClaimsQuery, response: ClaimListResponse, successStatus: 200, errors: [],
  },
  {
    method: 'GET', path: '/api/claims/{claimId}', service: 'risk-compensation', roles: ['bureau', 'bank'],
    summary: 'One claim with its eligibility checks, the step-by-step computation, payment and recovery.',
    response: ClaimResponse, successStatus: 200, errors: [404],
  },
  {
    method: 'POST', path: '/api/claims/{claimId}/prepare', service: 'risk-compensation', roles: ['bureau'],
    summary: 'First pair of eyes (四眼原则): a bureau user reviews a pending claim and prepares it for another bureau user’s approval.',
    body: PrepareClaimRequest, response: ClaimResponse, successStatus: 200, errors: [404, 409],
  },
  {
    method: 'POST', path: '/api/claims/{claimId}/approve', service: 'risk-compensation', roles: ['bureau'],
    summary: 'Approve a pending or prepared claim: the policy computes the covered loss and each party’s part; the fund pays within its budget. Above the policy’s dual-control threshold only a prepared claim, by a user other than its preparer (else 403).',
    body: ApproveClaimRequest, response: ClaimResponse, successStatus: 200, errors: [404, 409],
  },
  {
    method: 'POST', path: '/api/claims/{claimId}/reject', service: 'risk-compensation', roles: ['bureau'],
    summary: 'Reject a pending claim with a reason.',
    body: RejectClaimRequest, response: ClaimResponse, successStatus: 200, errors: [404, 409],
  },
  {
    method: 'POST', path: '/api/claims/{claimId}/payment', service: 'risk-compensation', roles: ['bureau'],
    summary: 'Record the fund’s payout of an approved claim to the bank.',
    body: RecordClaimPaymentRequest, response: ClaimResponse, successStatus: 200, errors: [404, 409],
  },
  {
    method: 'GET', path: '/api/funds', service: 'risk-compensation', roles: ['bureau'],
    summary: 'Compensation funds with their balance and, per year, the budget used, remaining, paid, shortfall and recovered.',
    response: FundListResponse, successStatus: 200, errors: [],
  },
  {
    method: 'GET', path: '/api/funds/{fundId}', service: 'risk-compensation', roles: ['bureau'],
    summary: 'One compensation fund with its budget years.',
    response: FundResponse, successStatus: 200, errors: [404],
  },
  {
    method: 'POST', path: '/api/funds/{fundId}/years/{year}/close', service: 'risk-compensation', roles: ['bureau'],
    summary: 'Close a fund’s budget year: nothing is charged to it any more; later approvals go to the next open year, recoveries to the current open year.',
    response: FundBudgetYearClosedResponse, successStatus: 200, errors: [404, 409],
  },
  {
    method: 'GET', path: '/api/calendar/years', service: 'risk-compensation', roles: ['bank', 'appraiser', 'bureau', 'guarantor', 'insurer', 'statistician'],
    summary: 'The PRC working-day calendar (工作日历) as the bureau maintains it: every year’s revisions, drafts and the one in force.',
    query: ListCalendarYearsQuery, response: CalendarYearListResponse, successStatus: 200, errors: [],
  },
  {
    method: 'POST', path: '/api/calendar/years', service: 'risk-compensation', roles: ['bureau'],
    summary: 'Draft a calendar year (holidays and make-up working days of the State Council notice), or a correction of a published one.',
    body: DraftCalendarYearRequest, response: CalendarYearResponse, successStatus: 201, errors: [409],
  },
  {
    method: 'POST', path: '/api/calendar/years/{calendarYearId}/publish', service: 'risk-compensation', roles: ['bureau'],
    summary: 'Publish a drafted calendar year (四眼原则: not by its drafter); deadlines are counted on it from then on.',
    response: CalendarYearResponse, successStatus: 200, errors: [404, 409],
  },
  {
    method: 'GET', path: '/api/compensation-shares', service: 'risk-compensation', roles: ['guarantor', 'insurer', 'appraiser', 'bureau'],
    summary: 'What a guarantor, insurer or appraiser owes on approved claims and what came back to it from disposals.',
    response: CompensationShareListResponse, successStatus: 200, errors: [],
  },
  {
    method: 'GET', path: '/api/audit', service: 'audit', roles: ['bureau'],
    summary: 'The audit trail (审计日志): every command, allowed or refused, and every denied request, newest first; filter by target, user, organisation, outcome and time.',
    query: ListAuditQuery, response: AuditListResponse, successStatus: 200, errors: [],
  },
  {
    method: 'GET', path: '/api/audit/export', service: 'audit', roles: ['bureau'],
    summary: 'The whole audit trail as its hash chain with the signed checkpoints (NDJSON, ipledger.audit-export.v1), for `ipledger audit verify` with the audit checkpoint public key.',
    query: AuditExportQuery, response: AuditExportResponse, successStatus: 200, errors: [],
  },
  {
    method: 'POST', path: '/api/deals', service: 'statistics', roles: ['bureau'],
    summary: 'Record a licensing (许可), transfer (转让) or capital-contribution (出资入股) deal of IP.',
    body: RecordDealRequest, response: DealResponse, successStatus: 201, errors: [],
  },
  {
    method: 'GET', path: '/api/deals', service: 'statistics', roles: ['bureau'],
    summary: 'Recorded deals (filter by year and kind), newest first.',
    query: ListDealsQuery, response: DealListResponse, successStatus: 200, errors: [],
  },
  {
    method: 'POST', path: '/api/deals/{dealId}/reversal', service: 'statistics', roles: ['bureau'],
    summary: 'Reverse a recorded deal (a correction); it leaves every total.',
    body: ReverseDealRequest, response: DealResponse, successStatus: 200, errors: [404, 409],
  },
  {
    method: 'GET', path: '/api/statistics/annual', service: 'statistics', roles: ['statistician', 'bureau'],
    summary: 'Annual totals of the four categories against the target and the doubling goal, with growth, pledges, loans and compensation. format=csv|xlsx downloads the table.',
    query: StatisticsYearQuery, response: AnnualStatisticsResponse, successStatus: 200, errors: [],
  },
  {
    method: 'GET', path: '/api/statistics/breakdown', service: 'statistics', roles: ['statistician', 'bureau'],
    summary: 'A year broken down by category, district, bank, IP type or industry. format=csv|xlsx downloads the table.',
    query: BreakdownQuery, response: BreakdownResponse, successStatus: 200, errors: [],
  },
  {
    method: 'GET', path: '/api/statistics/monthly', service: 'statistics', roles: ['statistician', 'bureau'],
    summary: 'Month by month, per category, for a year. format=csv|xlsx downloads the table.',
    query: StatisticsYearQuery, response: MonthlyStatisticsResponse, successStatus: 200, errors: [],
  },
  {
    method: 'GET', path: '/api/statistics/projection', service: 'statistics', roles: ['statistician', 'bureau'],
    summary: 'The year-end projection from the pace so far, and early warnings (budget burn, default rate, pace below target).',
    query: StatisticsYearQuery, response: ProjectionResponse, successStatus: 200, errors: [],
  },
];
