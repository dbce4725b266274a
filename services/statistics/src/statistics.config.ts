// The yardsticks the annual figures are measured against, from env variables (validated at start).
// STATISTICS_BASE_YEAR_AMOUNT is an assumption until the bureau supplies the audited 2015 figure:
// the seed asks to double 2015's figure, and the default is half the 100亿元 target, so doubling
// the base year and reaching the target are the same goal.
import { z } from 'zod';
import { Money } from '@ipledger/money';
import { loadConfig } from '@ipledger/service-kit';
import type { Yardsticks } from './domain/annual-report';

const Amount = z.string().refine((value) => Money.parse(value, { bound: 'total' }).ok && Money.of(value).isPositive(), {
  message: 'must be a positive yuan amount with two decimals, e.g. 10000000000.00',
});

export const StatisticsConfigSchema = z.object({
  /** The yearly target of the four categories together: 100亿元. */
  STATISTICS_TARGET: Amount.default('10000000000.00'),
  /** The year whose figure is to be doubled (翻一番). */
  STATISTICS_BASE_YEAR: z.coerce.number().int().min(2000).max(2100).default(2015),
  /** The base year's figure (assumption: half the target until the audited figure is known). */
  STATISTICS_BASE_YEAR_AMOUNT: Amount.default('5000000000.00'),
});
export type StatisticsConfig = z.infer<typeof StatisticsConfigSchema>;

export function loadStatisticsConfig(env: NodeJS.ProcessEnv = process.env): StatisticsConfig {
  return loadConfig(StatisticsConfigSchema, env);
}

export function yardsticksOf(config: StatisticsConfig): Yardsticks {
  return {
    target: Money.of(config.STATISTICS_TARGET),
    baseYear: config.STATISTICS_BASE_YEAR,
    baseYearAmount: Money.of(config.STATISTICS_BASE_YEAR_AMOUNT),
  };
}

export const STATISTICS_CONFIG = Symbol('STATISTICS_CONFIG');
