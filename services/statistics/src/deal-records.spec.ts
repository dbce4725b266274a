import { Money } from '@ipledger/money';
import { Prisma } from './database';
import { toDeal, type DealRow } from './deal-records';
import { toDealResponse } from './deal-response';

const row: DealRow = {
  id: 'deal_1',
  kind: 'transfer',
  status: 'REVERSED',
  ipItems: [{ ipType: 'patent', number: 'ZL202310000001.2' }],
  fromUscc: '91110000100000000A',
  fromName: '甲公司',
  toUscc: '91110000200000000B',
  toName: '乙公司',
  amount: new Prisma.Decimal('1200000'),
  contractDate: new Date('2025-03-31T00:00:00.000Z'),
  districtCode: '110105',
  industry: 'I65',
  recordedByOrgId: 'org_bureau',
  recordedAt: new Date('2025-04-01T02:03:04.005Z'),
  reversedOn: new Date('2025-04-02T00:00:00.000Z'),
  reversalReason: '合同解除',
  version: 2,
};

describe('deal records (the repository boundary)', () => {
  it('maps the stored row to Money and calendar days', () => {
    const deal = toDeal(row);
    expect(deal.amount).toBeInstanceOf(Money);
    expect([deal.amount.toString(), deal.contractDate, deal.reversedOn, deal.status]).toEqual([
      '1200000.00',
      '2025-03-31',
      '2025-04-02',
      'REVERSED',
    ]);
  });

  it('keeps a deal never reversed without a reversal day', () => {
    expect(toDeal({ ...row, status: 'RECORDED', reversedOn: null, reversalReason: null }).reversedOn).toBeNull();
  });
});

describe('the deal response', () => {
  it('is built from the record: two-decimal amount, YYYY-MM-DD days, parties nested', () => {
    expect(toDealResponse(toDeal(row))).toEqual({
      id: 'deal_1',
      kind: 'transfer',
      status: 'REVERSED',
      ipItems: [{ ipType: 'patent', number: 'ZL202310000001.2' }],
      from: { uscc: '91110000100000000A', name: '甲公司' },
      to: { uscc: '91110000200000000B', name: '乙公司' },
      amount: '1200000.00',
      contractDate: '2025-03-31',
      districtCode: '110105',
      industry: 'I65',
      reversedOn: '2025-04-02',
      reversalReason: '合同解除',
      recordedAt: '2025-04-01T02:03:04.005Z',
    });
  });
});
