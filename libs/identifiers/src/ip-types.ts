// The kinds of intellectual property the system accepts as pledge items. Mirrors IP_TYPES in
// @ipledger/contracts, which cannot be imported from here (both libraries stand alone).
export const IP_TYPES = ['invention-patent', 'utility-model', 'design-patent', 'trademark', 'copyright', 'software-copyright'] as const;
export type IpType = (typeof IP_TYPES)[number];

export function isIpType(value: unknown): value is IpType {
  return typeof value === 'string' && (IP_TYPES as readonly string[]).includes(value);
}
