import { validateCopyrightWorksNumber, validateSoftwareCopyrightNumber } from './copyright-number';

describe('copyright registration numbers', () => {
  describe('works (作品登记)', () => {
    it.each([['国作登字-2021-F-00012345'], ['国作登字-2008-A-00000001'], ['国作登字-2023-Z-99999999']])('accepts %s as given', (input) => {
      expect(validateCopyrightWorksNumber(input)).toEqual({ ok: true, value: input });
    });

    it.each([
      ['国作登字-2021-f-00012345', 'category letter must be upper case'],
      ['国作登字2021-F-00012345', "must start with '国作登字-'"],
      ['2021-F-00012345', "must start with '国作登字-'"],
      ['国作登字-2021-F-0012345', 'must look like 国作登字-YYYY-X-NNNNNNNN (year, category letter A-Z, 8 digits)'],
      ['国作登字-21-F-00012345', 'must look like 国作登字-YYYY-X-NNNNNNNN (year, category letter A-Z, 8 digits)'],
      ['国作登字-2021-FF-00012345', 'must look like 国作登字-YYYY-X-NNNNNNNN (year, category letter A-Z, 8 digits)'],
      ['国作登字-2021-1-00012345', 'must look like 国作登字-YYYY-X-NNNNNNNN (year, category letter A-Z, 8 digits)'],
      ['2021SR0123456', "must start with '国作登字-'"],
      ['', 'must not be empty'],
    ])('rejects %j: %s', (input, reason) => {
      expect(validateCopyrightWorksNumber(input)).toEqual({ ok: false, reason });
    });
  });

  describe('software (软件著作权登记)', () => {
    it.each([['2021SR0123456'], ['2010SR0000001']])('accepts %s as given', (input) => {
      expect(validateSoftwareCopyrightNumber(input)).toEqual({ ok: true, value: input });
    });

    it.each([
      ['2021sr0123456', "'SR' must be upper case"],
      ['2021SR123456', 'must look like YYYYSRNNNNNNN (year, "SR", 7 digits)'],
      ['2021SR01234567', 'must look like YYYYSRNNNNNNN (year, "SR", 7 digits)'],
      ['21SR0123456', 'must look like YYYYSRNNNNNNN (year, "SR", 7 digits)'],
      ['2021-SR-0123456', 'must look like YYYYSRNNNNNNN (year, "SR", 7 digits)'],
      ['软著登字第0123456号', 'must look like YYYYSRNNNNNNN (year, "SR", 7 digits)'],
      ['2021SR0123456 ', 'must not start or end with spaces'],
    ])('rejects %j: %s', (input, reason) => {
      expect(validateSoftwareCopyrightNumber(input)).toEqual({ ok: false, reason });
    });
  });
});
