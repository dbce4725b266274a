// When a loan matures: termMonths calendar months after its disbursement (calendar's addMonths
// clamps to the end of a shorter month).
import { addMonths } from '@ipledger/calendar';

/** A loan matures `termMonths` after it is disbursed. */
export function maturityDate(disbursedOn: string, termMonths: number): string {
  return addMonths(disbursedOn, termMonths);
}
