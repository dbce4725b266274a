// The kinds of intellectual property the system accepts as pledge items. Mirrors IP_TYPES in
// @ipledger/contracts, which cannot be imported from here (both libraries stand alone).
export const IP_TYPES = [
  'invention-patent',
  'utility-model',
  'design-patent',
  'trademark',
  'copyright',
  'software-copyright',
  'plant-variety',
  'geographical-indication',
  'layout-design',
] as const;
export type IpType = (typeof IP_TYPES)[number];

export function isIpType(value: unknown): value is IpType {
  return typeof value === 'string' && (IP_TYPES as readonly string[]).includes(value);
}

/**
 * The register whose numbers identify a right of this type: a geographical indication is pledged as
 * the collective or certification mark it is registered as, so its number is a trademark's, and
 * "one registered pledge per right" holds across the two types. Every other type is its own register.
 */
export function rightRegisterOf(ipType: IpType): IpType {
  return ipType === 'geographical-indication' ? 'trademark' : ipType;
}
