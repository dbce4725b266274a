// The source records of `npm run bench:statistics`, made from their index alone (so any slice can be
// made again, and nothing of ten million records is held in memory): a quarter each licensing,
// transfer and capital-contribution deals (DealRecorded) and pledge-financing loans (LoanDisbursed),
// spread over the ten contract years up to RECORDS_LAST_YEAR, each also as the plain row a naive
// statistics query would sum.
import type { EventEnvelope } from '@ipledger/contracts';
import { Money } from '@ipledger/money';

export const RECORDS_LAST_YEAR = 2026;
const YEARS = 10;
const DEAL_KINDS = ['licensing', 'transfer', 'capital-contribution'] as const;

export type RecordKind = (typeof DEAL_KINDS)[number] | 'pledge-financing';

/** What the naive query sums: one row per record. */
export interface SourceRow {
  kind: RecordKind;
  amount: string;
  onDate: string;
}

export interface SourceRecord {
  event: EventEnvelope<'DealRecorded'> | EventEnvelope<'LoanDisbursed'>;
  row: SourceRow;
}

const hex32 = (prefix: number, index: number) => `${prefix.toString(16).padStart(8, '0')}${index.toString(16).padStart(24, '0')}`;
const pad2 = (value: number) => String(value).padStart(2, '0');

/** Record `index` of a run (`run` tells runs apart so ids stay unique across runs on one database). */
export function sourceRecord(index: number, run: number): SourceRecord {
  const kindIndex = index % 4;
  const year = RECORDS_LAST_YEAR - YEARS + 1 + (Math.floor(index / 4) % YEARS);
  // Months 1–11 only: the run's year is the current one, whose December has not come yet.
  const onDate = `${year}-${pad2(1 + ((index * 7) % 11))}-${pad2(1 + ((index * 13) % 28))}`;
  // 10,000.00 to about 1,000,000 yuan, in fen.
  const amount = Money.fromFen(BigInt(1_000_000 + ((index * 7919) % 99_000_000))).toString();
  const id = hex32(run, index);
  const common = {
    eventId: `${id.slice(0, 8)}-${id.slice(8, 12)}-7${id.slice(13, 16)}-8${id.slice(17, 20)}-${id.slice(20)}`,
    version: 1 as const,
    occurredAt: `${onDate}T02:00:00.000Z`,
    correlationId: `bench-statistics-${index}`,
    causationId: null,
  };
  if (kindIndex === 3) {
    const loanId = `ln_${id}`;
    return {
      row: { kind: 'pledge-financing', amount, onDate },
      event: {
        ...common,
        type: 'LoanDisbursed',
        key: loanId,
        producer: 'lending',
        actor: { orgId: 'bank-bench', role: 'bank', userId: null },
        payload: {
          loanId,
          pledgeId: `pl_${id}`,
          bankOrgId: 'bank-bench',
          borrowerUscc: '91350100M000100Y43',
          borrowerName: '基准测试企业',
          principal: amount,
          annualInterestRate: '0.0435',
          termMonths: 12,
          disbursedOn: onDate,
          maturityDate: `${year + 1}${onDate.slice(4)}`,
          districtCode: '500101',
          ipTypes: ['invention-patent'],
          loanToValueLimit: '0.25',
        },
      },
    };
  }
  const kind = DEAL_KINDS[kindIndex] ?? 'licensing';
  const dealId = `dl_${id}`;
  return {
    row: { kind, amount, onDate },
    event: {
      ...common,
      type: 'DealRecorded',
      key: dealId,
      producer: 'statistics',
      actor: { orgId: 'bureau-bench', role: 'bureau', userId: null },
      payload: {
        dealId,
        kind,
        ipItems: [{ ipType: 'invention-patent', number: `ZL${year}1${String(index % 1_000_000).padStart(7, '0')}` }],
        from: { uscc: '91350100M000100Y43', name: '基准测试许可方' },
        to: { uscc: '91500000MA5U7Q2X1B', name: '基准测试被许可方' },
        amount,
        contractDate: onDate,
        districtCode: '500101',
        industry: 'C',
        recordedByOrgId: 'bureau-bench',
      },
    },
  };
}
