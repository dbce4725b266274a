// Chinese patent application numbers (专利申请号), and granted patents written "ZL" + the same
// number. Since 1 October 2003: YYYY + type digit + 7-digit serial; before: YY + type digit +
// 5-digit serial. Either is followed by "." and a check digit.
import { currentYearInChina } from './china-clock';
import { basicInputProblem, firstCharacterOutside } from './input-checks';
import { computePatentCheckDigit } from './patent-check-digit';
import { invalid, valid, Validation } from './validation';

export const PATENT_KINDS = ['invention', 'utility-model', 'design', 'pct-invention', 'pct-utility-model'] as const;
export type PatentKind = (typeof PATENT_KINDS)[number];

export const PATENT_TYPE_DIGITS: Readonly<Record<PatentKind, string>> = {
  invention: '1',
  'utility-model': '2',
  design: '3',
  'pct-invention': '8',
  'pct-utility-model': '9',
};

export interface PatentNumber {
  readonly era: '2003+' | 'pre-2003';
  readonly year: number;
  readonly kind: PatentKind;
  /** Kept as written, with leading zeros: 7 digits (2003+) or 5 digits (pre-2003). */
  readonly serial: string;
  /** Whether it was written as a granted patent ("ZL" prefix). */
  readonly granted: boolean;
  /** The application number with its check digit and without "ZL", e.g. "201910884346.5", so
   * that an application and its grant are the same key. */
  readonly normalised: string;
}

export interface PatentValidationOptions {
  /** The moment "the future" starts; defaults to now. */
  readonly now?: Date;
}

const FIRST_YEAR = 1985;
// The 12-digit format began on 1 October 2003, so 2003 is valid in both formats.
const LAST_SHORT_YEAR = 2003;

export function validatePatentNumber(input: string, options: PatentValidationOptions = {}): Validation<PatentNumber> {
  const problem = basicInputProblem(input);
  if (problem !== undefined) {
    return invalid(problem);
  }
  const prefix = input.slice(0, 2);
  if (prefix.toUpperCase() === 'ZL' && prefix !== 'ZL') {
    return invalid(`prefix '${prefix}' must be upper case 'ZL'`);
  }
  const granted = prefix === 'ZL';
  const number = granted ? input.slice(2) : input;

  if (/^(\d{8}|\d{12})[\dXx]$/.test(number)) {
    return invalid("must have a '.' before the check digit");
  }
  const dot = number.indexOf('.');
  const digits = dot === -1 ? number : number.slice(0, dot);
  const stray = firstCharacterOutside(digits, /\d/);
  if (stray !== undefined) {
    return invalid(`character '${stray.character}' at position ${stray.position + (granted ? 2 : 0)} is not allowed`);
  }
  if (digits.length !== 12 && digits.length !== 8) {
    return invalid(`must have 12 digits (8 for applications before October 2003) before the check digit, got ${digits.length}`);
  }
  if (dot === -1) {
    return invalid("must end with '.' and a check digit");
  }
  const check = number.slice(dot + 1);
  if (check === 'x') {
    return invalid("check digit 'x' must be upper case 'X'");
  }
  if (!/^[\dX]$/.test(check)) {
    return invalid("must end with '.' and a single check digit (0-9 or X)");
  }

  const long = digits.length === 12;
  const typeDigit = long ? digits[4] : digits[2];
  const kind = kindOf(typeDigit);
  if (kind === undefined) {
    return invalid(`patent type digit ${typeDigit} is unknown`);
  }
  const yearProblem = long ? longYearProblem(Number(digits.slice(0, 4)), options.now) : shortYearProblem(digits.slice(0, 2));
  if (yearProblem !== undefined) {
    return invalid(yearProblem);
  }
  const expected = computePatentCheckDigit(digits);
  if (check !== expected) {
    return invalid(`check digit should be ${expected}`);
  }

  return valid({
    era: long ? '2003+' : 'pre-2003',
    year: long ? Number(digits.slice(0, 4)) : shortYear(digits.slice(0, 2)),
    kind,
    serial: long ? digits.slice(5) : digits.slice(3),
    granted,
    normalised: `${digits}.${check}`,
  });
}

function kindOf(typeDigit: string): PatentKind | undefined {
  return PATENT_KINDS.find((kind) => PATENT_TYPE_DIGITS[kind] === typeDigit);
}

function longYearProblem(year: number, now: Date | undefined): string | undefined {
  if (year > currentYearInChina(now)) {
    return `year ${year} is in the future`;
  }
  if (year < LAST_SHORT_YEAR) {
    return `year ${year} is before 2003, when 12-digit numbers began; older numbers have 8 digits`;
  }
  return undefined;
}

// Two-digit years 85-99 are 1985-1999 and 00-03 are 2000-2003: Chinese patent law took effect in 1985.
function shortYear(yy: string): number {
  const value = Number(yy);
  return value >= FIRST_YEAR % 100 ? 1900 + value : 2000 + value;
}

function shortYearProblem(yy: string): string | undefined {
  const year = shortYear(yy);
  return year > LAST_SHORT_YEAR
    ? `year digits ${yy} are not valid for an 8-digit number (${FIRST_YEAR}-${LAST_SHORT_YEAR}, written 85-99 or 00-03)`
    : undefined;
}
