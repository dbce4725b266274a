// The bureau records money a government paid into a fund (资金拨付): a province's, city's or
// district's part of a year's appropriation, or a top-up (追加) that raises the year's budget. The
// rules are domain/fund-funding.ts; the day is the server's. The budget year's row is locked (opened
// first if nothing opened it), so contributions and approvals of one year serialise: a payer can
// never pay in beyond its part, and an approval always sees a top-up that committed before it. The
// room a contribution gives settles earlier shortfalls first (shortfall-settlement.service.ts).
// FundContributionReceived goes out keyed by the fund, in order with the year's opening.
import { Inject, Injectable } from '@nestjs/common';
import type { FundContributionRecordedResponse, RecordFundContributionRequest } from '@ipledger/contracts';
import type { Outbox } from '@ipledger/messaging';
import { Money } from '@ipledger/money';
import {
  Clock,
  newId,
  NotFoundError,
  OUTBOX,
  RuleViolationError,
  UnitOfWork,
  ValidationError,
  type CommandContext,
} from '@ipledger/service-kit';
import { yearOf, type LocalDate } from '@ipledger/calendar';
import type { z } from 'zod';
import { budgetYearTooFar, contributionRefusal, isInForce, levelOfDivision, type PublishedPolicy } from './domain';
import type { TransactionClient } from './database';
import { BudgetsService } from './budgets.service';
import { ClaimsRepository } from './claims.repository';
import { toBudgetYearResponse, toContributionResponse } from './claim-response';
import { FundContributionsRepository } from './fund-contributions.repository';
import { PoliciesRepository } from './policies.repository';
import { ShortfallSettlementService } from './shortfall-settlement.service';
import { toPublishedPolicy } from './policy-documents';

/** The day of the budget year closest to today: which policy version opens a year a contribution opens. */
export function referenceDayOfYear(budgetYear: number, today: LocalDate): LocalDate {
  if (yearOf(today) === budgetYear) return today;
  return yearOf(today) < budgetYear ? `${budgetYear}-01-01` : `${budgetYear}-12-31`;
}

@Injectable()
export class FundContributionsService {
  constructor(
    private readonly contributions: FundContributionsRepository,
    private readonly claims: ClaimsRepository,
    private readonly policies: PoliciesRepository,
    private readonly budgets: BudgetsService,
    private readonly shortfalls: ShortfallSettlementService,
    private readonly unitOfWork: UnitOfWork<TransactionClient>,
    private readonly clock: Clock,
    @Inject(OUTBOX) private readonly outbox: Outbox,
  ) {}

  async record(
    fundId: string,
    request: RecordFundContributionRequest,
    ctx: CommandContext,
  ): Promise<z.infer<typeof FundContributionRecordedResponse>> {
    return this.unitOfWork.run(ctx, async (tx) => {
      const today = this.clock.today();
      const amount = Money.of(request.amount);
      const { budgetYear, payerCode, kind, reference } = request;
      // A year too far ahead is refused before anything opens it.
      const tooFar = budgetYearTooFar(budgetYear, today);
      if (tooFar !== undefined) throw refused(tooFar);
      const policy = await this.policyOpening(tx, fundId, budgetYear, today);
      // Earlier claims' shortfalls come first on the room this gives: locked before the year (claims → budget).
      const shortfalls = await this.shortfalls.lockOutstanding(tx, fundId);
      const budget = await this.budgets.openAndLock(tx, { fundId, budgetYear, policy, on: today }, ctx.cause);
      const funding = await this.contributions.yearFunding(budget, tx);
      const named = funding.fundedBy?.find((contributor) => contributor.payerCode === payerCode);
      // Towards the payer's own part where the policy names payers, towards the whole otherwise.
      const namesPayers = (funding.fundedBy ?? []).length > 0;
      const appropriationPaid = Money.sum(
        funding.totals.filter((total) => !namesPayers || total.payerCode === payerCode).map((total) => total.appropriation),
      );
      const refusal = contributionRefusal(
        { payerCode, kind, amount, budgetYear },
        { appropriated: budget.appropriated, closedOn: budget.closedOn, fundedBy: funding.fundedBy, appropriationPaid },
        today,
      );
      if (refusal !== undefined) throw refused(refusal);
      const payerName = named?.name ?? request.payerName;
      if (payerName === undefined) {
        throw new ValidationError([{ field: 'payerName', rule: `the fund's policy does not name ${payerCode}, so its name is required` }]);
      }
      const earlier = await this.contributions.findByReference(tx, { fundId, payerCode, reference });
      if (earlier !== null) {
        throw new RuleViolationError(
          `${payerCode} already paid into fund ${fundId} under reference ${reference} (${earlier.amount.toString()} for ${earlier.budgetYear}, recorded on ${earlier.receivedOn})`,
          undefined,
          [{ field: 'reference', rule: 'a transfer is recorded once', code: 'duplicate-reference' }],
        );
      }
      const contribution = await this.contributions.insert(tx, {
        id: newId('fundContribution'),
        fundId,
        budgetYear,
        payerCode,
        payerLevel: levelOfDivision(payerCode),
        payerName,
        kind,
        amount,
        reference,
        receivedOn: today,
        recordedBy: { orgId: ctx.actor.orgId, userId: ctx.actor.userId },
      });
      const funded = kind === 'top-up' ? await this.claims.topUpBudget(tx, { fundId, budgetYear }, amount) : budget;
      await this.outbox.append(tx, {
        type: 'FundContributionReceived',
        payload: {
          contributionId: contribution.id,
          fundId,
          budgetYear,
          payerCode,
          payerLevel: contribution.payerLevel,
          payerName,
          kind,
          amount: amount.toString(),
          receivedOn: today,
          reference,
        },
        ...ctx.cause,
      });
      const year = await this.shortfalls.settleFrom(tx, shortfalls, funded, today, ctx.cause);
      return {
        contribution: toContributionResponse(contribution),
        year: toBudgetYearResponse(year, await this.contributions.yearFunding(year, tx)),
      };
    });
  }

  async list(fundId: string, budgetYear: number | undefined) {
    if ((await this.policies.readSeries(fundId)).length === 0) throw new NotFoundError('fund', fundId);
    const contributions = await this.contributions.list({ fundId, ...(budgetYear === undefined ? {} : { budgetYear }) });
    return contributions.map(toContributionResponse);
  }

  /** The published version of the fund's policy in force on the year's day closest to today. */
  private async policyOpening(tx: TransactionClient, fundId: string, budgetYear: number, today: LocalDate): Promise<PublishedPolicy> {
    const versions = await this.policies.series(tx, fundId);
    if (versions.length === 0) throw new NotFoundError('fund', fundId);
    const on = referenceDayOfYear(budgetYear, today);
    const inForce = versions
      .filter((row) => row.status === 'PUBLISHED')
      .map(toPublishedPolicy)
      .find((policy) => isInForce(policy, on));
    if (inForce === undefined) {
      throw new RuleViolationError(
        `no published version of fund ${fundId}'s policy is in force on ${on}, so budget year ${budgetYear} cannot open`,
        undefined,
        [{ field: 'budgetYear', rule: `no policy version in force on ${on}`, code: 'no-policy-in-force' }],
      );
    }
    return inForce;
  }
}

function refused(refusal: { code: string; field: string; message: string }): RuleViolationError {
  return new RuleViolationError(refusal.message, undefined, [{ field: refusal.field, rule: refusal.message, code: refusal.code }]);
}
