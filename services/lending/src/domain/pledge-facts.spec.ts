import { supersedes } from './pledge-facts';

describe('which valuation of a pledge lending keeps', () => {
  it('keeps the first one it hears of', () => {
    expect(supersedes({ valuationDate: '2026-03-01' }, null)).toBe(true);
  });

  it('replaces an older valuation with a newer one', () => {
    expect(supersedes({ valuationDate: '2026-03-02' }, { valuationDate: '2026-03-01' })).toBe(true);
  });

  it('keeps a newer valuation when an older one arrives late', () => {
    expect(supersedes({ valuationDate: '2026-02-28' }, { valuationDate: '2026-03-01' })).toBe(false);
  });

  it('takes the later event when two share a valuation date', () => {
    expect(supersedes({ valuationDate: '2026-03-01' }, { valuationDate: '2026-03-01' })).toBe(true);
  });
});
