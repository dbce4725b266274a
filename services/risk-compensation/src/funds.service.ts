// What the bureau sees of each fund (balance, and per year the budget used, remaining, paid,
// shortfall and recovered) and what a guarantor, insurer or appraiser sees of its own parts.
import { Injectable } from '@nestjs/common';
import { ClaimStatus, type CompensationShareResponse, type FundBudgetYearResponse, type FundResponse } from '@ipledger/contracts';
import { Money } from '@ipledger/money';
import { NotFoundError, toDateString, type RequestContext } from '@ipledger/service-kit';
import type { z } from 'zod';
import type { PartyRole } from './domain';
import { ClaimsRepository, type FundBudgetRow } from './claims.repository';
import { PoliciesRepository } from './policies.repository';

const money = (value: { toFixed(digits: number): string }): Money => Money.of(value.toFixed(2));

export function toBudgetYearResponse(budget: FundBudgetRow): z.infer<typeof FundBudgetYearResponse> {
  return {
    budgetYear: budget.budgetYear,
    appropriated: budget.appropriated.toFixed(2),
    used: budget.used.toFixed(2),
    remaining: money(budget.appropriated).minus(money(budget.used)).toString(),
    paid: budget.paid.toFixed(2),
    shortfall: budget.shortfall.toFixed(2),
    recovered: budget.recovered.toFixed(2),
    claimsApproved: budget.claimsApproved,
    closed:
      budget.closedAt === null || budget.closedOn === null || budget.closedByOrgId === null
        ? null
        : {
            closedOn: toDateString(budget.closedOn),
            closedAt: budget.closedAt.toISOString(),
            closedByOrgId: budget.closedByOrgId,
            closedByUserId: budget.closedByUserId,
          },
  };
}

@Injectable()
export class FundsService {
  constructor(
    private readonly claims: ClaimsRepository,
    private readonly policies: PoliciesRepository,
  ) {}

  async list(): Promise<FundResponse[]> {
    const budgets = await this.claims.budgets();
    const fundIds = [...new Set(budgets.map((budget) => budget.fundId))];
    return Promise.all(
      fundIds.map((fundId) =>
        this.toFund(
          fundId,
          budgets.filter((budget) => budget.fundId === fundId),
        ),
      ),
    );
  }

  async get(fundId: string): Promise<FundResponse> {
    const budgets = await this.claims.budgets(fundId);
    if (budgets.length === 0 && (await this.policies.readSeries(fundId)).length === 0) throw new NotFoundError('fund', fundId);
    return this.toFund(fundId, budgets);
  }

  /** A risk sharer sees its own parts; the bureau sees every sharer's. */
  async shares(ctx: RequestContext): Promise<z.infer<typeof CompensationShareResponse>[]> {
    const role = ctx.actor.role;
    const own = role === 'guarantor' || role === 'insurer' || role === 'appraiser';
    const parts = await this.claims.sharerParts(own ? { party: role satisfies PartyRole, orgId: ctx.actor.orgId } : {});
    return parts.map((part) => ({
      claimId: part.claimId,
      loanId: part.claim.loanId,
      bankOrgId: part.claim.bankOrgId,
      party: part.party as PartyRole,
      orgId: part.orgId,
      share: part.share.toFixed(),
      owed: part.amount.toFixed(2),
      returned: part.returned.toFixed(2),
      claimStatus: ClaimStatus.parse(part.claim.status),
      approvedOn: toDateString(part.claim.decidedOn ?? part.claim.filedOn),
    }));
  }

  private async toFund(fundId: string, budgets: FundBudgetRow[]): Promise<FundResponse> {
    const versions = await this.policies.readSeries(fundId);
    const years = budgets.map(toBudgetYearResponse);
    // The pool holds what was appropriated, less what it paid out, plus what came back.
    const balance = Money.sum(budgets.map((budget) => money(budget.appropriated).minus(money(budget.paid)).plus(money(budget.recovered))));
    return { fundId, name: versions[versions.length - 1]?.name ?? fundId, balance: balance.toString(), years };
  }
}
