import { bindPolicy, LoanToBind, PublishedVersion } from './policy-binding';

const CITY_V1: PublishedVersion = {
  policyId: 'city-v1',
  seriesId: 'city',
  version: 1,
  effectiveFrom: '2024-01-01',
  publishedAt: new Date('2024-01-01T00:00:00Z'),
};
const CITY_V2: PublishedVersion = {
  ...CITY_V1,
  policyId: 'city-v2',
  version: 2,
  effectiveFrom: '2025-07-01',
  publishedAt: new Date('2025-06-15T00:00:00Z'),
};
const DISTRICT: PublishedVersion = {
  policyId: 'district-v1',
  seriesId: 'district',
  version: 1,
  effectiveFrom: '2025-01-01',
  effectiveTo: '2026-01-01',
  district: '440106',
  publishedAt: new Date('2024-12-20T00:00:00Z'),
};

function loan(overrides: Partial<LoanToBind> = {}): LoanToBind {
  return { districtCode: '440104', disbursedOn: '2025-03-10', disbursedAt: new Date('2025-03-10T02:00:00Z'), ...overrides };
}

describe('binding a loan to the policy version in force at disbursement', () => {
  it('takes the version of the series in force on the disbursement date', () => {
    expect(bindPolicy(loan(), [CITY_V1, CITY_V2])?.policyId).toBe('city-v1');
    expect(
      bindPolicy(loan({ disbursedOn: '2025-07-01', disbursedAt: new Date('2025-07-01T02:00:00Z') }), [CITY_V1, CITY_V2])?.policyId,
    ).toBe('city-v2');
  });

  it('ignores a version published after the disbursement, even one effective before it', () => {
    const backDated = { ...CITY_V2, effectiveFrom: '2025-01-01', publishedAt: new Date('2025-04-01T00:00:00Z') };

    expect(bindPolicy(loan(), [CITY_V1, backDated])?.policyId).toBe('city-v1');
  });

  it('prefers the district’s own policy in its district, and only there', () => {
    expect(bindPolicy(loan({ districtCode: '440106' }), [CITY_V1, DISTRICT])?.policyId).toBe('district-v1');
    expect(bindPolicy(loan({ districtCode: '440104' }), [CITY_V1, DISTRICT])?.policyId).toBe('city-v1');
  });

  it('binds nothing before any version took effect, or after a version ended without a successor', () => {
    expect(bindPolicy(loan({ disbursedOn: '2023-12-31' }), [CITY_V1])).toBeUndefined();
    expect(
      bindPolicy(loan({ districtCode: '440106', disbursedOn: '2026-01-01', disbursedAt: new Date('2026-01-01T02:00:00Z') }), [DISTRICT]),
    ).toBeUndefined();
  });

  it('chooses the same version whatever order the versions are listed in', () => {
    const versions = [CITY_V2, DISTRICT, CITY_V1];

    expect(bindPolicy(loan({ districtCode: '440106' }), versions)).toEqual(
      bindPolicy(loan({ districtCode: '440106' }), [...versions].reverse()),
    );
  });
});

describe('binding only inside the policy’s scope', () => {
  const GUANGZHOU: PublishedVersion = { ...CITY_V1, policyId: 'gz-v1', seriesId: 'gz', cityCode: '4401' };
  const CHONGQING: PublishedVersion = { ...CITY_V1, policyId: 'cq-v1', seriesId: 'cq', cityCode: '50', effectiveFrom: '2024-06-01' };

  it('binds a loan to its own city’s policy when two cities’ policies are in force', () => {
    expect(bindPolicy(loan({ districtCode: '440106' }), [GUANGZHOU, CHONGQING])?.policyId).toBe('gz-v1');
    expect(bindPolicy(loan({ districtCode: '500112' }), [GUANGZHOU, CHONGQING])?.policyId).toBe('cq-v1');
  });

  it('binds nothing when no policy in force covers the district', () => {
    expect(bindPolicy(loan({ districtCode: '442000' }), [GUANGZHOU, CHONGQING])).toBeUndefined();
    expect(bindPolicy(loan({ districtCode: '500112' }), [GUANGZHOU])).toBeUndefined();
  });
});
