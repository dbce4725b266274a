import { Money } from '@ipledger/money';
import { outstandingShortfall, settlementOnLoan, settleShortfalls, type ShortfallClaim } from './shortfall-settlement';

const yuan = (amount: string) => Money.of(amount);
const open = (shortfall: string, settled = '0.00'): ShortfallClaim => ({
  claimId: 'c',
  fundShortfall: yuan(shortfall),
  shortfallSettled: yuan(settled),
  closedWith: null,
});

describe('what of a shortfall a later budget may settle', () => {
  it('is the shortfall less what was settled while the claim is open', () => {
    expect(outstandingShortfall(open('200000.00')).toString()).toBe('200000.00');
    expect(outstandingShortfall(open('200000.00', '150000.00')).toString()).toBe('50000.00');
    expect(outstandingShortfall(open('200000.00', '200000.00')).toString()).toBe('0.00');
  });

  it('once closed, is net of the bank’s return for the shortfall it bore', () => {
    // The bank bore its part 400,000.00 and the shortfall 200,000.00 (600,000.00) and got 300,000.00
    // back: 300,000.00 × 200,000 / 600,000 = 100,000.00 was for the shortfall, so 100,000.00 is left.
    const closed = {
      ...open('200000.00'),
      closedWith: { bankBore: yuan('600000.00'), bankPart: yuan('400000.00'), bankReturned: yuan('300000.00') },
    };
    expect(outstandingShortfall(closed).toString()).toBe('100000.00');
    // Settled in part before the close (50,000.00): the bank bore 150,000.00 of it then, got 300,000.00 × 150/550 back.
    const partly = {
      ...open('200000.00', '50000.00'),
      closedWith: { bankBore: yuan('550000.00'), bankPart: yuan('400000.00'), bankReturned: yuan('300000.00') },
    };
    // 300,000.00 split 150,000 : 400,000 = 81,818.18 : 218,181.82; 200,000.00 − 81,818.18 − 50,000.00.
    expect(outstandingShortfall(partly).toString()).toBe('68181.82');
  });

  it('once closed under an after-disposal policy (nothing shared back), is the whole shortfall left', () => {
    const closed = {
      ...open('200000.00'),
      closedWith: { bankBore: yuan('600000.00'), bankPart: yuan('400000.00'), bankReturned: yuan('0.00') },
    };
    expect(outstandingShortfall(closed).toString()).toBe('200000.00');
  });
});

describe('settling shortfalls from a year’s room', () => {
  const outstanding = [
    { claimId: 'oldest', amount: yuan('200000.00') },
    { claimId: 'next', amount: yuan('600000.00') },
    { claimId: 'newest', amount: yuan('100000.00') },
  ];

  it('settles the oldest approval first, each as far as the room goes', () => {
    expect(settleShortfalls(outstanding, yuan('500000.00')).map((each) => [each.claimId, each.amount.toString()])).toEqual([
      ['oldest', '200000.00'],
      ['next', '300000.00'],
    ]);
  });

  it('settles everything when the room is enough, and nothing without room', () => {
    expect(Money.sum(settleShortfalls(outstanding, yuan('10000000.00')).map((each) => each.amount)).toString()).toBe('900000.00');
    expect(settleShortfalls(outstanding, yuan('0.00'))).toEqual([]);
    expect(settleShortfalls(outstanding, yuan('-5.00'))).toEqual([]);
  });

  it('never settles more than the room or than is outstanding, whatever the figures', () => {
    for (let run = 0; run < 200; run += 1) {
      const claims = Array.from({ length: 1 + (run % 5) }, (_, index) => ({
        claimId: `c${index}`,
        amount: yuan(`${(run * 7919 + index * 104729) % 1000000}.${String(run % 100).padStart(2, '0')}`),
      }));
      const room = yuan(`${(run * 15485863) % 3000000}.00`);
      const settled = settleShortfalls(claims, room);
      const total = Money.sum(settled.map((each) => each.amount));
      expect(total.eq(Money.min(room, Money.sum(claims.map((claim) => claim.amount))))).toBe(true);
      for (const each of settled)
        expect(each.amount.gt(claims.find((claim) => claim.claimId === each.claimId)?.amount ?? Money.zero())).toBe(false);
    }
  });
});

describe('where a settlement lands on the loan', () => {
  it('covers the defaulted principal the bank was owed nothing for, then interest', () => {
    // P = 2,000,000.00; owed before 1,000,000.00: 1,000,000.00 of principal is uncovered.
    expect(
      settlementOnLoan({ outstandingPrincipal: yuan('2000000.00'), owedBefore: yuan('1000000.00'), amount: yuan('200000.00') }),
    ).toEqual({
      principal: yuan('200000.00'),
      interest: yuan('0.00'),
    });
    expect(
      settlementOnLoan({ outstandingPrincipal: yuan('2000000.00'), owedBefore: yuan('1900000.00'), amount: yuan('200000.00') }),
    ).toEqual({
      principal: yuan('100000.00'),
      interest: yuan('100000.00'),
    });
    expect(
      settlementOnLoan({ outstandingPrincipal: yuan('2000000.00'), owedBefore: yuan('2100000.00'), amount: yuan('50000.00') }),
    ).toEqual({
      principal: yuan('0.00'),
      interest: yuan('50000.00'),
    });
  });
});
