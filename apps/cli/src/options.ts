// Argument parsers: each names what it expects; commander reports the option that failed.
import { BREAKDOWNS } from '@ipledger/contracts';
import { InvalidArgumentError } from 'commander';

export const STATS_FORMATS = ['table', 'csv', 'xlsx'] as const;
export type StatsFormat = (typeof STATS_FORMATS)[number];
export const LEDGER_FORMATS = ['table', 'csv'] as const;
export type LedgerFormat = (typeof LEDGER_FORMATS)[number];
export type BreakdownBy = (typeof BREAKDOWNS)[number];

export function integerIn(min: number, max: number, what: string) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError(`must be ${what}, an integer from ${min} to ${max}`);
    const number = Number(value);
    if (number < min || number > max) throw new InvalidArgumentError(`must be ${what}, an integer from ${min} to ${max}`);
    return number;
  };
}

export const parseYear = integerIn(2000, 2100, 'a year, e.g. 2025');

export function oneOf<T extends string>(choices: readonly T[]) {
  return (value: string): T => {
    if (!(choices as readonly string[]).includes(value)) throw new InvalidArgumentError(`must be one of ${choices.join(', ')}`);
    return value as T;
  };
}

export function parseBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('must be an http(s) URL, e.g. http://127.0.0.1:3000');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InvalidArgumentError('must be an http(s) URL, e.g. http://127.0.0.1:3000');
  return value;
}

export function parseDate(value: string): string {
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
    Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ||
    new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value
  ) {
    throw new InvalidArgumentError('must be a date YYYY-MM-DD');
  }
  return value;
}

export function parseAccount(value: string): string {
  if (value.trim() === '' || value.length > 200)
    throw new InvalidArgumentError('must be an account code or a prefix of one (1 to 200 characters)');
  return value;
}
