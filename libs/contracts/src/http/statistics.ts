// Statistics toward the city's target (知识产权运营统计): annual totals of the four categories,
// breakdowns, monthly trend, projection and warnings; beside them, the year's subsidies (扶持资金)
// approved and paid, by kind, district, bank and industry. Amounts are exact yuan strings; every amount
// also comes as display strings in 万元 and 亿元 (rounded half-up, unit stated), as Chinese
// statistical tables show them. Every table can be downloaded: `format=csv` (UTF-8 with BOM) or
// `format=xlsx`.
import { z } from 'zod';
import { TotalMoneyString } from '../primitives';

export const STAT_CATEGORIES = ['licensing', 'transfer', 'capital-contribution', 'pledge-financing'] as const;
export const StatCategory = z.enum(STAT_CATEGORIES);
export const BREAKDOWNS = ['category', 'district', 'bank', 'ip-type', 'industry'] as const;
export const Breakdown = z.enum(BREAKDOWNS, { message: `must be one of ${BREAKDOWNS.join(', ')}` });
export const EXPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export const ExportFormat = z.enum(EXPORT_FORMATS, { message: `must be one of ${EXPORT_FORMATS.join(', ')}` });

const Year = z.coerce.number({ message: 'must be a year, e.g. 2025' }).int().min(2000).max(2100);

export const StatisticsYearQuery = z.strictObject({ year: Year, format: ExportFormat.default('json') });
export const BreakdownQuery = z.strictObject({ year: Year, by: Breakdown, format: ExportFormat.default('json') });

/** An amount with its display forms. */
export const StatAmount = z.object({ yuan: TotalMoneyString, wan: z.string(), yi: z.string() });
export type StatAmount = z.infer<typeof StatAmount>;

/** How many and how much. */
export const StatFigures = z.object({ count: z.number().int(), amount: StatAmount });
export type StatFigures = z.infer<typeof StatFigures>;

/** One kind, district, bank or industry of the subsidies: approved and paid in the year. */
export const SubsidyStatisticsRow = z.object({ key: z.string(), label: z.string(), approved: StatFigures, paid: StatFigures });
export type SubsidyStatisticsRow = z.infer<typeof SubsidyStatisticsRow>;

/**
 * Subsidies (贴息、评估费/担保费/保险费补贴) approved in the year (by approval date) and paid in it (by
 * payout date). `byKind` lists every kind; the other lists only what has figures, largest approved
 * amount first. A null industry is `unclassified` (未分类); a district or industry the statistics
 * could not learn (a payout whose approval was never received) is `unknown` (不详).
 */
export const SubsidyStatistics = z.object({
  approved: StatFigures,
  paid: StatFigures,
  byKind: z.array(SubsidyStatisticsRow),
  byDistrict: z.array(SubsidyStatisticsRow),
  byBank: z.array(SubsidyStatisticsRow),
  byIndustry: z.array(SubsidyStatisticsRow),
});
export type SubsidyStatistics = z.infer<typeof SubsidyStatistics>;

export const AnnualStatisticsResponse = z.object({
  year: z.number().int(),
  categories: z.array(
    z.object({
      category: StatCategory,
      label: z.string(),
      count: z.number().int(),
      amount: StatAmount,
      previousAmount: StatAmount,
      growthPercent: z.string().nullable(),
    }),
  ),
  total: StatAmount,
  count: z.number().int(),
  growthPercent: z.string().nullable(),
  target: StatAmount,
  targetProgressPercent: z.string(),
  baseYear: z.number().int(),
  doublingGoal: StatAmount,
  doublingProgressPercent: z.string(),
  pledges: z.object({
    applications: z.number().int(),
    registrations: z.number().int(),
    medianDaysToRegistration: z.number().int().nullable(),
    p90DaysToRegistration: z.number().int().nullable(),
  }),
  loans: z.object({ disbursed: z.number().int(), defaulted: z.number().int(), defaultRatePercent: z.string().nullable() }),
  compensation: z.object({
    approved: StatAmount,
    paid: StatAmount,
    recovered: StatAmount,
    /** The funds' budgets for the year: appropriated plus top-ups (追加). */
    budgetAppropriated: StatAmount,
    budgetUsed: StatAmount,
  }),
  subsidies: SubsidyStatistics,
});
export type AnnualStatisticsResponse = z.infer<typeof AnnualStatisticsResponse>;

export const BreakdownResponse = z.object({
  year: z.number().int(),
  by: Breakdown,
  rows: z.array(z.object({ key: z.string(), label: z.string(), count: z.number().int(), amount: StatAmount })),
  total: StatAmount,
});
export type BreakdownResponse = z.infer<typeof BreakdownResponse>;

export const MonthlyStatisticsResponse = z.object({
  year: z.number().int(),
  rows: z.array(
    z.object({
      month: z.number().int(),
      licensing: StatAmount,
      transfer: StatAmount,
      capitalContribution: StatAmount,
      pledgeFinancing: StatAmount,
      total: StatAmount,
    }),
  ),
});
export type MonthlyStatisticsResponse = z.infer<typeof MonthlyStatisticsResponse>;

export const ProjectionResponse = z.object({
  year: z.number().int(),
  throughMonth: z.number().int(),
  yearToDate: StatAmount,
  projected: StatAmount,
  method: z.enum(['same-month-share', 'linear']),
  historicalSharePercent: z.string().nullable(),
  yearsUsed: z.array(z.number().int()),
  target: StatAmount,
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
});
export type ProjectionResponse = z.infer<typeof ProjectionResponse>;
