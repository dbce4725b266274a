import { IP_TYPES, type SubmitPledgeApplicationRequest } from '@ipledger/contracts';
import { IP_TYPES as CHECKED_IP_TYPES } from '@ipledger/identifiers';
import { checkApplication, normalisedIpNumber } from './application-rules';

const application = (overrides: Partial<SubmitPledgeApplicationRequest> = {}): SubmitPledgeApplicationRequest => ({
  pledgor: { uscc: '91350100M000100Y43', name: '重庆示例科技有限公司' },
  ipItems: [
    { ipType: 'invention-patent', number: '201910884346.5', title: '一种数据处理方法' },
    { ipType: 'utility-model', number: '202020409182.9' },
    { ipType: 'invention-patent', number: '202110182616.5' },
  ],
  requestedLoanAmount: '1000000.00',
  termMonths: 12,
  districtCode: '500101',
  appraiserOrgId: 'appraiser-cq-huaxin',
  ...overrides,
});

describe('a pledge application', () => {
  it('is accepted with a valid USCC, valid patent numbers and a Chongqing district', () => {
    expect(checkApplication(application())).toEqual([]);
  });

  it('accepts trademarks, copyrights, software copyrights and granted patents written ZL…', () => {
    const sut = application({
      ipItems: [
        { ipType: 'trademark', number: '12345678' },
        { ipType: 'copyright', number: '国作登字-2021-F-00012345' },
        { ipType: 'software-copyright', number: '2021SR0123456' },
        { ipType: 'invention-patent', number: 'ZL201910884346.5' },
      ],
    });
    expect(checkApplication(sut)).toEqual([]);
  });

  it('names the wrong check digit of a patent and where it is', () => {
    const sut = application({ ipItems: [{ ipType: 'invention-patent', number: '201910884346.4' }] });
    expect(checkApplication(sut)).toEqual([{ field: 'ipItems[0].number', rule: 'check digit should be 5' }]);
  });

  it('refuses a patent number pledged as the wrong kind of IP', () => {
    const sut = application({ ipItems: [{ ipType: 'invention-patent', number: '202020409182.9' }] });
    expect(checkApplication(sut)).toEqual([
      { field: 'ipItems[0].number', rule: 'a utility-model number (type digit 2) cannot be pledged as invention-patent' },
    ]);
  });

  it('refuses a USCC with a wrong check character', () => {
    const sut = application({ pledgor: { uscc: '91350100M000100Y44', name: '重庆示例科技有限公司' } });
    expect(checkApplication(sut)).toEqual([{ field: 'pledgor.uscc', rule: 'check character should be 3' }]);
  });

  it('refuses the same IP item twice, also when once written as a granted patent', () => {
    const sut = application({
      ipItems: [
        { ipType: 'invention-patent', number: '201910884346.5' },
        { ipType: 'utility-model', number: '202020409182.9' },
        { ipType: 'invention-patent', number: 'ZL201910884346.5' },
      ],
    });
    expect(checkApplication(sut)).toEqual([
      { field: 'ipItems[2].number', rule: 'invention-patent 201910884346.5 is already listed as ipItems[0]' },
    ]);
  });

  it('refuses a district outside Chongqing, naming the code', () => {
    expect(checkApplication(application({ districtCode: '110101' }))).toEqual([
      { field: 'districtCode', rule: 'division code 110101 is not in Chongqing (codes start with 50)' },
    ]);
  });

  it('refuses a Chongqing code that is no district or county', () => {
    expect(checkApplication(application({ districtCode: '500199' }))).toEqual([
      { field: 'districtCode', rule: 'division code 500199 is not a Chongqing district or county' },
    ]);
  });

  it('names the code when the province prefix is unknown', () => {
    expect(checkApplication(application({ districtCode: '990101' }))).toEqual([
      { field: 'districtCode', rule: 'division code 990101: province prefix 99 is not a province-level code' },
    ]);
  });

  it('refuses a retired district code on a new application and names its successor', () => {
    expect(checkApplication(application({ districtCode: '500228' }))).toEqual([
      { field: 'districtCode', rule: 'division code 500228 (梁平县) was retired; use 500155' },
    ]);
  });

  it('accepts the new districts and the counties', () => {
    for (const districtCode of ['500120', '500151', '500156', '500229', '500243']) {
      expect(checkApplication(application({ districtCode }))).toEqual([]);
    }
  });

  it('reports every broken rule at once', () => {
    const sut = application({
      pledgor: { uscc: '91350100M000100Y44', name: 'x' },
      ipItems: [
        { ipType: 'invention-patent', number: '201910884346.4' },
        { ipType: 'trademark', number: '0123' },
      ],
      districtCode: '110101',
    });
    expect(checkApplication(sut).map((issue) => issue.field)).toEqual([
      'pledgor.uscc',
      'ipItems[0].number',
      'ipItems[1].number',
      'districtCode',
    ]);
  });
});

describe('the stored spelling of an IP number', () => {
  it('drops the ZL of a granted patent', () => {
    expect(normalisedIpNumber('invention-patent', 'ZL201910884346.5')).toBe('201910884346.5');
  });

  it('keeps other numbers as written', () => {
    expect(normalisedIpNumber('software-copyright', '2021SR0123456')).toBe('2021SR0123456');
  });
});

describe('the IP types the contracts accept and the identifiers check', () => {
  // Two libraries that stand alone each list them; a type in one and not the other would be
  // accepted without a number check, or checked but never accepted.
  it('are the same list', () => {
    expect([...CHECKED_IP_TYPES]).toEqual([...IP_TYPES]);
  });
});
