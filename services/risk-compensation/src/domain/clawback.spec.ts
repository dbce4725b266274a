import { Money } from '@ipledger/money';
import fc from 'fast-check';
import { BorneAmount, distributeRecovery, netProceeds, settleRecovery } from './clawback';
import { borneByParty, computeCompensation } from './compensation';
import { PARTY_ROLES } from './policy';
import { GUANGZHOU_2020_5311, ZHONGSHAN } from './presets';

const borne = (entries: Record<string, string>): BorneAmount[] =>
  PARTY_ROLES.filter((party) => party in entries).map((party) => ({ party, amount: Money.of(entries[party]) }));

const returned = (distribution: ReturnType<typeof distributeRecovery>) =>
  Object.fromEntries(distribution.returns.map((entry) => [entry.party, entry.returned.toString()]));

describe('sharing later recoveries back to those who bore the loss', () => {
  const fiveThreeOneOne = borne({ fund: '500000.00', guarantor: '300000.00', appraiser: '100000.00', bank: '100000.00' });

  it('nets disposal costs off the sale price, never below zero', () => {
    expect(netProceeds(Money.of('250000.00'), Money.of('30000.00')).toString()).toBe('220000.00');
    expect(netProceeds(Money.of('10000.00'), Money.of('30000.00')).toString()).toBe('0.00');
  });

  it('returns a recovery smaller than the loss in proportion to what each bore', () => {
    const sut = distributeRecovery(netProceeds(Money.of('250000.00'), Money.of('30000.00')), fiveThreeOneOne);
    expect(returned(sut)).toEqual({ fund: '110000.00', guarantor: '66000.00', appraiser: '22000.00', bank: '22000.00' });
    expect(sut.residual.toString()).toBe('0.00');
  });

  it('splits an awkward recovery exactly to the fen', () => {
    const sut = distributeRecovery(
      Money.of('333333.33'),
      borne({ fund: '540000.00', bank: '260000.00', insurer: '160000.00', appraiser: '40000.00' }),
    );
    expect(returned(sut)).toEqual({ fund: '180000.00', bank: '86666.67', insurer: '53333.33', appraiser: '13333.33' });
  });

  it('returns no more than each bore when the recovery exceeds the loss, the rest to the bank then the borrower', () => {
    const sut = distributeRecovery(Money.of('1300000.00'), fiveThreeOneOne, { bankUncoveredLoss: Money.of('120000.00') });
    expect(returned(sut)).toEqual({ fund: '500000.00', guarantor: '300000.00', appraiser: '100000.00', bank: '100000.00' });
    expect([sut.residual, sut.residualToBank, sut.residualToBorrower].map(String)).toEqual(['300000.00', '120000.00', '180000.00']);
    expect(sut.rule).toMatch(/then the rest to the borrower/);
  });

  it('weights by what was actually borne: a fund that paid short gets back less, the bank carrying its shortfall more', () => {
    const record = computeCompensation(ZHONGSHAN, {
      outstandingPrincipal: Money.of('5000000.00'),
      unpaidInterest: Money.zero(),
      borrowerCoverageTakenBefore: Money.zero(),
      fundBudgetRemaining: Money.of('1900000.00'),
    });
    const sut = distributeRecovery(Money.of('1000000.00'), borneByParty(record));
    expect(returned(sut)).toEqual({ fund: '380000.00', bank: '420000.00', insurer: '160000.00', appraiser: '40000.00' });
  });

  it('handles a recovery when nothing was borne', () => {
    const sut = distributeRecovery(Money.of('10.00'), borne({ fund: '0.00' }));
    expect(returned(sut)).toEqual({ fund: '0.00' });
    expect(sut.residualToBorrower.toString()).toBe('10.00');
    expect(() => distributeRecovery(Money.of('-1.00'), fiveThreeOneOne)).toThrow(RangeError);
  });

  it('never returns to a party more than it bore, and shares out exactly what it may', () => {
    const fen = (max: bigint) => fc.bigInt({ min: 0n, max }).map((value) => Money.fromFen(value));
    const borneList = fc
      .uniqueArray(fc.constantFrom(...PARTY_ROLES), { minLength: 1, maxLength: 5 })
      .chain((parties) => fc.tuple(...parties.map((party) => fen(10n ** 11n).map((amount) => ({ party, amount })))));
    fc.assert(
      fc.property(fen(10n ** 12n), borneList, (proceeds, entries) => {
        const sut = distributeRecovery(proceeds, entries);
        const total = Money.sum(entries.map((entry) => entry.amount));
        for (const entry of sut.returns) {
          expect(entry.returned.lte(entry.bore)).toBe(true);
          expect(entry.returned.isNegative()).toBe(false);
        }
        expect(Money.sum(sut.returns.map((entry) => entry.returned)).eq(Money.min(proceeds, total))).toBe(true);
        expect(Money.sum([...sut.returns.map((entry) => entry.returned), sut.residual]).eq(proceeds)).toBe(true);
      }),
    );
  });

  it('gives the 5311 worked example back in full when the IP sells for the whole loss', () => {
    const record = computeCompensation(GUANGZHOU_2020_5311, {
      outstandingPrincipal: Money.of('1000000.00'),
      unpaidInterest: Money.zero(),
      borrowerCoverageTakenBefore: Money.zero(),
      fundBudgetRemaining: Money.of('8000000.00'),
    });
    expect(returned(distributeRecovery(Money.of('1000000.00'), borneByParty(record)))).toEqual({
      fund: '500000.00',
      guarantor: '300000.00',
      appraiser: '100000.00',
      bank: '100000.00',
    });
  });
});

describe('settling a defaulted loan after disposal', () => {
  const borne = [
    { party: 'fund' as const, amount: Money.of('500000.00') },
    { party: 'guarantor' as const, amount: Money.of('300000.00') },
    { party: 'appraiser' as const, amount: Money.of('100000.00') },
    { party: 'bank' as const, amount: Money.of('100000.00') },
  ];

  it('shares the proceeds back under an on-default trigger and writes off the principal nobody covered', () => {
    const sut = settleRecovery({
      trigger: 'on-default',
      netProceeds: Money.of('800000.00'),
      borne,
      bankUncoveredLoss: Money.of('1021750.00'),
      outstandingPrincipal: Money.of('2000000.00'),
      compensationReceivable: Money.of('900000.00'),
    });

    expect(sut.distribution.returns.map((entry) => [entry.party, entry.returned.toString()])).toEqual([
      ['fund', '400000.00'],
      ['guarantor', '240000.00'],
      ['appraiser', '80000.00'],
      ['bank', '80000.00'],
    ]);
    expect(sut.principalWrittenOff.toString()).toBe('1100000.00');
  });

  it('leaves the proceeds with the bank under an after-disposal trigger', () => {
    const sut = settleRecovery({
      trigger: 'after-disposal',
      netProceeds: Money.of('300000.00'),
      borne,
      bankUncoveredLoss: Money.zero(),
      outstandingPrincipal: Money.of('1000000.00'),
      compensationReceivable: Money.of('1200000.00'),
    });

    expect(sut.distribution.returns.every((entry) => entry.returned.isZero())).toBe(true);
    expect(sut.distribution.residualToBank.toString()).toBe('300000.00');
    expect(sut.distribution.residualToBorrower.toString()).toBe('0.00');
    // The receivable covered more than the principal (it included interest): nothing left to write off.
    expect(sut.principalWrittenOff.toString()).toBe('0.00');
  });
});
