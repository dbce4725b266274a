// Facts about loans and disposals, copied from lending's and pledge registration's events. The
// loan's policy version is bound here, once (domain/policy-binding.ts).
import { Injectable } from '@nestjs/common';
import type { Actor, EventEnvelope } from '@ipledger/contracts';
import type { TransactionClient } from './database';
import { Money, Rate } from '@ipledger/money';
import { DEFAULT_DAY_COUNT } from '@ipledger/loan-servicing';
import { causeOfEvent, toDateString } from '@ipledger/service-kit';
import { bindPolicy, type PublishedVersion } from './domain';
import { ClaimsRepository } from './claims.repository';
import { LoanFactsRepository } from './loan-facts.repository';
import { PoliciesRepository, toPolicyResponse } from './policies.repository';
import { SettlementService } from './settlement.service';

/** Who acts when an event from another service makes this service change something. */
export const SYSTEM_ACTOR: Actor = { orgId: 'ipledger-risk-compensation', role: 'system', userId: null };

@Injectable()
export class LoanFactsService {
  constructor(
    private readonly facts: LoanFactsRepository,
    private readonly policies: PoliciesRepository,
    private readonly claims: ClaimsRepository,
    private readonly settlement: SettlementService,
  ) {}

  async learnDisbursement(tx: TransactionClient, event: EventEnvelope<'LoanDisbursed'>): Promise<void> {
    const loan = event.payload;
    const versions = (await this.policies.published(tx)).map(toPublishedVersion);
    const bound = bindPolicy(
      { districtCode: loan.districtCode, disbursedOn: loan.disbursedOn, disbursedAt: new Date(event.occurredAt) },
      versions,
    );
    await this.facts.insertLoan(tx, {
      loanId: loan.loanId,
      pledgeId: loan.pledgeId,
      bankOrgId: loan.bankOrgId,
      borrowerUscc: loan.borrowerUscc,
      borrowerName: loan.borrowerName,
      principal: Money.of(loan.principal),
      termMonths: loan.termMonths,
      districtCode: loan.districtCode,
      ipTypes: loan.ipTypes,
      disbursedOn: loan.disbursedOn,
      pledgeRegistrationNumber: loan.pledgeRegistrationNumber ?? null,
      appraiserOrgId: loan.appraiserOrgId ?? null,
      guarantorOrgId: loan.guarantorOrgId ?? null,
      insurerOrgId: loan.insurerOrgId ?? null,
      policyId: bound?.policyId ?? null,
      borrowerFirmSize: loan.borrowerFirmSize ?? null,
      borrowerIndustry: loan.borrowerIndustry ?? null,
      // Events written before schedules existed: one payment at maturity on ACT/360 (as lending reads them).
      terms: {
        annualInterestRate: Rate.of(loan.annualInterestRate),
        repaymentMethod: loan.repaymentMethod ?? 'bullet',
        dayCount: loan.dayCount ?? DEFAULT_DAY_COUNT,
        periodMonths: loan.periodMonths ?? 1,
      },
    });
  }

  /** A bank's overdue report, kept for the on-time-repayment rule of subsidy schemes. */
  async learnOverdue(tx: TransactionClient, event: EventEnvelope<'LoanOverdue'>): Promise<void> {
    const { loanId, overdueSince, reportedOn, daysPastDue } = event.payload;
    await this.facts.insertOverdueReport(tx, loanId, { overdueSince, reportedOn, daysPastDue });
  }

  /** LoanDefaulted follows LoanDisbursed on the loan topic (same key), so an unknown loan is an error. */
  async learnDefault(tx: TransactionClient, event: EventEnvelope<'LoanDefaulted'>): Promise<void> {
    const { loanId, defaultedOn, outstandingPrincipal, accruedInterest } = event.payload;
    const known = await this.facts.recordDefault(tx, loanId, {
      defaultedOn,
      outstanding: Money.of(outstandingPrincipal),
      interest: Money.of(accruedInterest),
    });
    if (!known) throw new Error(`LoanDefaulted for loan ${loanId}, whose LoanDisbursed was never received`);
  }

  /** Keeps the disposal; if the loan's claim is already settled with the bank, shares the proceeds back now. */
  async learnDisposal(tx: TransactionClient, event: EventEnvelope<'PledgeDisposed'>): Promise<void> {
    const disposal = event.payload;
    await this.facts.insertDisposal(tx, {
      pledgeId: disposal.pledgeId,
      loanId: disposal.loanId,
      method: disposal.method,
      grossProceeds: Money.of(disposal.grossProceeds),
      costs: Money.of(disposal.costs),
      netProceeds: Money.of(disposal.netProceeds),
      disposedOn: disposal.disposedOn,
    });
    const open = await this.claims.openClaimOfLoan(tx, disposal.loanId);
    if (open === null) return;
    const claim = await this.claims.lock(tx, open.id);
    if (claim === null) return;
    await this.settlement.settleIfReady(tx, claim, causeOfEvent(event, SYSTEM_ACTOR));
  }
}

function toPublishedVersion(row: Parameters<typeof toPolicyResponse>[0]): PublishedVersion {
  const policy = toPolicyResponse(row);
  return {
    policyId: policy.id,
    seriesId: policy.seriesId,
    version: policy.version,
    effectiveFrom: policy.effectiveFrom,
    ...(policy.effectiveTo === null ? {} : { effectiveTo: policy.effectiveTo }),
    ...(policy.document.scope.district === undefined ? {} : { district: policy.document.scope.district }),
    ...(policy.document.scope.cityCode === undefined ? {} : { cityCode: policy.document.scope.cityCode }),
    publishedAt: row.publishedAt ?? new Date(toDateString(row.createdAt)),
  };
}
