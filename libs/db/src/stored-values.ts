// Values as PostgreSQL stores them, read into the domain's types at a repository's boundary (one
// place for every service): a DECIMAL(20,2) amount column, which Prisma hands over as a Decimal.
import { Money } from '@ipledger/money';

/** What any service's Prisma client gives for a DECIMAL column (its Prisma.Decimal). */
export interface StoredDecimal {
  toFixed(decimalPlaces?: number): string;
}

/** A stored amount as Money (the column holds yuan with two decimals). */
export function moneyOfStored(value: StoredDecimal): Money {
  return Money.of(value.toFixed(2));
}
