// A stored DECIMAL amount as Money: used only where the repositories map their rows.
import { Money } from '@ipledger/money';
import type { Prisma } from './database';

export function storedMoney(value: Prisma.Decimal): Money {
  return Money.of(value.toFixed(2));
}
