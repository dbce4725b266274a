// The public HTTP API in one table: the gateway routes by `service`, builds /docs from it, and a
// test checks every controller route is listed here (and nothing else is).
import { z } from 'zod';
import type { Role } from '../primitives';
import type { ServiceName } from '../services';
import { ListPledgesQuery, PledgeListResponse, PledgeResponse, RegisterPledgeRequest, SubmitPledgeApplicationRequest } from './pledges';
import { ListValuationsQuery, SubmitValuationRequest, ValuationListResponse, ValuationResponse } from './valuations';
import { DisburseLoanRequest, ListLoansQuery, LoanListResponse, LoanResponse, RecordRepaymentRequest, ReportDefaultRequest, ReportOverdueRequest } from './loans';
import {
  AccountListResponse,
  AccountResponse,
  JournalEntryListResponse,
  JournalEntryResponse,
  ListAccountsQuery,
  ListEntriesQuery,
  TrialBalanceResponse,
} from './ledger';
import { CreatePolicyDraftRequest, ListPoliciesQuery, PolicyListResponse, PolicyPresetListResponse, PolicyResponse } from './policies';

export interface HttpRoute {
  method: 'GET' | 'POST';
  /** OpenAPI-style path, e.g. /api/pledges/{pledgeId}. */
  path: string;
  service: ServiceName;
  summary: string;
  roles: readonly Role[];
  body?: z.ZodType;
  query?: z.ZodType;
  response: z.ZodType;
  successStatus: 200 | 201;
  /** Statuses besides success that this route documents (400 and 5xx apply everywhere). */
  errors: readonly (404 | 409)[];
}

/** Path prefixes the gateway forwards to each service. */
export const SERVICE_PATH_PREFIXES: Record<ServiceName, string> = {
  'pledge-registration': '/api/pledges',
  valuation: '/api/valuations',
  lending: '/api/loans',
  ledger: '/api/ledger',
  'risk-compensation': '/api/policies',
};

export const HTTP_ROUTES: readonly HttpRoute[] = [
  {
    method: 'POST', path: '/api/pledges', service: 'pledge-registration', roles: ['bank'],
    summary: 'Submit a pledge application (the acting bank is the pledgee).',
    body: SubmitPledgeApplicationRequest, response: PledgeResponse, successStatus: 201, errors: [],
  },
  {
    method: 'GET', path: '/api/pledges', service: 'pledge-registration', roles: ['bank', 'bureau'],
    summary: 'List pledge applications (a bank sees its own).',
    query: ListPledgesQuery, response: PledgeListResponse, successStatus: 200, errors: [],
  },
  {
    method: 'GET', path: '/api/pledges/{pledgeId}', service: 'pledge-registration', roles: ['bank', 'bureau', 'appraiser'],
    summary: 'One pledge application with its IP items and state.',
    response: PledgeResponse, successStatus: 200, errors: [404],
  },
  {
    method: 'POST', path: '/api/pledges/{pledgeId}/registration', service: 'pledge-registration', roles: ['bureau'],
    summary: 'Register the pledge (质押登记) with the registrar’s number and date.',
    body: RegisterPledgeRequest, response: PledgeResponse, successStatus: 200, errors: [404, 409],
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
    method: 'GET', path: '/api/ledger/accounts', service: 'ledger', roles: ['bank', 'bureau'],
    summary: 'Accounts with their posted debits, credits and balance.',
    query: ListAccountsQuery, response: AccountListResponse, successStatus: 200, errors: [],
  },
  {
    method: 'GET', path: '/api/ledger/accounts/{accountCode}', service: 'ledger', roles: ['bank', 'bureau'],
    summary: 'One account and its balance.',
    response: AccountResponse, successStatus: 200, errors: [404],
  },
  {
    method: 'GET', path: '/api/ledger/accounts/{accountCode}/entries', service: 'ledger', roles: ['bank', 'bureau'],
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
];
