// Checks the registration number of a pledge item against the IP type it is pledged as: the
// number's own structure (a patent's type digit) has to agree with the declared type.
import { validateCopyrightWorksNumber, validateSoftwareCopyrightNumber } from './copyright-number';
import { IP_TYPES, IpType, isIpType } from './ip-types';
import { PATENT_TYPE_DIGITS, PatentKind, PatentNumber, PatentValidationOptions, validatePatentNumber } from './patent-number';
import { validateTrademarkNumber } from './trademark-number';
import { validatePlantVarietyNumber } from './plant-variety-number';
import { currentYearInChina } from './china-clock';
import { validateLayoutDesignNumber } from './layout-design-number';
import { invalid, valid, Validation } from './validation';

export type PatentIpType = 'invention-patent' | 'utility-model' | 'design-patent';

export type IpNumber =
  | { readonly ipType: PatentIpType; readonly normalised: string; readonly patent: PatentNumber }
  | { readonly ipType: Exclude<IpType, PatentIpType>; readonly normalised: string };

const PATENT_KINDS_BY_IP_TYPE: Readonly<Record<PatentIpType, readonly PatentKind[]>> = {
  'invention-patent': ['invention', 'pct-invention'],
  'utility-model': ['utility-model', 'pct-utility-model'],
  'design-patent': ['design'],
};

/** `ipType` is a string so that raw request values can be passed; unknown types are a reason. */
export function validateIpNumber(ipType: string, number: string, options: PatentValidationOptions = {}): Validation<IpNumber> {
  if (!isIpType(ipType)) {
    return invalid(`ip type '${ipType}' is unknown; use one of ${IP_TYPES.join(', ')}`);
  }
  switch (ipType) {
    case 'invention-patent':
    case 'utility-model':
    case 'design-patent':
      return validatePatentAs(ipType, number, options);
    case 'trademark':
      return withType(ipType, validateTrademarkNumber(number));
    case 'copyright':
      return withType(ipType, validateCopyrightWorksNumber(number));
    case 'software-copyright':
      return withType(ipType, validateSoftwareCopyrightNumber(number));
    case 'plant-variety':
      return withType(ipType, validatePlantVarietyNumber(number, { currentYear: currentYearInChina(options.now) }));
    // A geographical indication is pledged as the collective or certification mark (地理标志集体商标/
    // 证明商标) it is registered as: its number is that trademark's registration number.
    case 'geographical-indication':
      return withType(ipType, validateTrademarkNumber(number));
    case 'layout-design':
      return withType(ipType, validateLayoutDesignNumber(number));
  }
}

function validatePatentAs(ipType: PatentIpType, number: string, options: PatentValidationOptions): Validation<IpNumber> {
  const patent = validatePatentNumber(number, options);
  if (!patent.ok) {
    return patent;
  }
  const { kind, normalised } = patent.value;
  if (!PATENT_KINDS_BY_IP_TYPE[ipType].includes(kind)) {
    const article = kind === 'invention' ? 'an' : 'a';
    return invalid(`${article} ${kind} number (type digit ${PATENT_TYPE_DIGITS[kind]}) cannot be pledged as ${ipType}`);
  }
  return valid({ ipType, normalised, patent: patent.value });
}

function withType(ipType: Exclude<IpType, PatentIpType>, result: Validation<string>): Validation<IpNumber> {
  return result.ok ? valid({ ipType, normalised: result.value }) : result;
}
