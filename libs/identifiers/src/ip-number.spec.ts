import { IP_TYPES, isIpType } from './ip-types';
import { validateIpNumber } from './ip-number';

const now = new Date('2025-06-01T00:00:00Z');

describe('pledge item numbers by IP type', () => {
  it('lists the IP types used across the system', () => {
    expect(IP_TYPES).toEqual([
      'invention-patent',
      'utility-model',
      'design-patent',
      'trademark',
      'copyright',
      'software-copyright',
      'plant-variety',
      'geographical-indication',
      'layout-design',
    ]);
    expect(isIpType('trademark')).toBe(true);
    expect(isIpType('patent')).toBe(false);
    expect(isIpType(1)).toBe(false);
  });

  it.each([
    ['invention-patent', '201910884346.5', '201910884346.5'],
    ['invention-patent', 'ZL202110182616.5', '202110182616.5'],
    ['utility-model', 'ZL202020409182.9', '202020409182.9'],
    ['design-patent', '200330000005.7', '200330000005.7'],
    ['invention-patent', '99812345.5', '99812345.5'],
    ['utility-model', '00900001.1', '00900001.1'],
    ['trademark', '12345678', '12345678'],
    ['copyright', '国作登字-2021-F-00012345', '国作登字-2021-F-00012345'],
    ['software-copyright', '2021SR0123456', '2021SR0123456'],
    ['plant-variety', 'CNA20191006012', 'CNA20191006012'],
    ['geographical-indication', '6064532', '6064532'],
    ['layout-design', 'BS.205500345', 'BS.205500345'],
    ['layout-design', 'BS.12500520.4', 'BS.12500520.4'],
  ])('accepts a %s numbered %s', (ipType, number, normalised) => {
    expect(validateIpNumber(ipType, number, { now })).toEqual({ ok: true, value: expect.objectContaining({ ipType, normalised }) });
  });

  it('returns the parsed patent for patent types', () => {
    const result = validateIpNumber('invention-patent', 'ZL201910884346.5', { now });
    expect(result.ok && 'patent' in result.value && result.value.patent).toEqual(
      expect.objectContaining({ kind: 'invention', year: 2019, granted: true }),
    );
  });

  it.each([
    ['invention-patent', '202020409182.9', 'a utility-model number (type digit 2) cannot be pledged as invention-patent'],
    ['invention-patent', '200330000005.7', 'a design number (type digit 3) cannot be pledged as invention-patent'],
    ['utility-model', '201910884346.5', 'an invention number (type digit 1) cannot be pledged as utility-model'],
    ['utility-model', '99812345.5', 'a pct-invention number (type digit 8) cannot be pledged as utility-model'],
    ['design-patent', '00900001.1', 'a pct-utility-model number (type digit 9) cannot be pledged as design-patent'],
  ])('rejects a %s numbered %s: %s', (ipType, number, reason) => {
    expect(validateIpNumber(ipType, number, { now })).toEqual({ ok: false, reason });
  });

  it.each([
    ['invention-patent', '201910884346.4', 'check digit should be 5'],
    ['trademark', '0123', 'must not start with 0'],
    ['copyright', '2021SR0123456', "must start with '国作登字-'"],
    ['software-copyright', '国作登字-2021-F-00012345', 'must look like YYYYSRNNNNNNN (year, "SR", 7 digits)'],
    ['plant-variety', 'cna20191006012', "'CNA' must be upper case"],
    ['plant-variety', 'CNA19981006012', 'year 1998 is before plant variety rights were first granted (1999)'],
    ['plant-variety', 'CNA20991006012', 'year 2099 is in the future'],
    ['plant-variety', '20191006012', 'must look like CNAYYYYNNNNNNN ("CNA", the application year, 7 digits), e.g. CNA20191006012'],
    ['geographical-indication', '第6064532号', "character '第' at position 1 is not allowed"],
    ['layout-design', 'bs.205500345', "'BS' and a check character X must be upper case"],
    ['layout-design', 'BS205500345', 'must look like BS.NNNNNNNNN ("BS.", 8 to 12 digits, optionally "." and a check digit or X)'],
    [
      'patent',
      '201910884346.5',
      "ip type 'patent' is unknown; use one of invention-patent, utility-model, design-patent, trademark, copyright, software-copyright, plant-variety, geographical-indication, layout-design",
    ],
  ])('passes on the reason for a %s numbered %s: %s', (ipType, number, reason) => {
    expect(validateIpNumber(ipType, number, { now })).toEqual({ ok: false, reason });
  });
});
