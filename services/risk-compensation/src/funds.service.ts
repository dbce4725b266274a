// What the bureau sees of each fund (balance, and per year the budget used, remaining, paid,
// shortfall and recovered, and who paid in what) and what a guarantor, insurer or appraiser sees of its own parts.
import { Injectable } from '@nestjs/common';
import type { CompensationShareResponse, FundResponse } from '@ipledger/contracts';
import { NotFoundError, type RequestContext } from '@ipledger/service-kit';
import type { z } from 'zod';
import type { PartyRole } from './domain';
import type { FundBudget } from './claim-records';
import { toFundResponse, toShareResponse } from './claim-response';
import { ClaimsRepository } from './claims.repository';
import { FundContributionsRepository } from './fund-contributions.repository';
import { PoliciesRepository, toPolicyResponse } from './policies.repository';

@Injectable()
export class FundsService {
  constructor(
    private readonly claims: ClaimsRepository,
    private readonly policies: PoliciesRepository,
    private readonly contributions: FundContributionsRepository,
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
    return parts.map(toShareResponse);
  }

  private async toFund(fundId: string, budgets: FundBudget[]): Promise<FundResponse> {
    const [versions, totals] = await Promise.all([this.policies.readSeries(fundId), this.contributions.totals({ fundId })]);
    const fundedByOf = (policyId: string) => {
      const version = versions.find((row) => row.id === policyId);
      return version === undefined ? undefined : toPolicyResponse(version).document.fundedBy;
    };
    return toFundResponse({ fundId, name: versions[versions.length - 1]?.name ?? fundId }, budgets, (budget) => ({
      fundedBy: fundedByOf(budget.policyId),
      totals: totals.filter((total) => total.budgetYear === budget.budgetYear),
    }));
  }
}
