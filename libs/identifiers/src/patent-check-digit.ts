// The check digit of a Chinese patent application number: digit weights 2,3,4,5,6,7,8,9 repeating,
// sum mod 11, with 10 written as X. The same rule covers 8-digit (pre-October-2003) and 12-digit
// numbers.
const WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9] as const;

export function computePatentCheckDigit(digits: string): string {
  if (!/^(\d{8}|\d{12})$/.test(digits)) {
    throw new RangeError(`expected the 8 or 12 digits of an application number, got "${digits}"`);
  }
  const sum = [...digits].reduce((total, digit, index) => total + Number(digit) * WEIGHTS[index % WEIGHTS.length], 0);
  const check = sum % 11;
  return check === 10 ? 'X' : String(check);
}
