// Amounts and rates arrive as plain decimal strings. Anything JavaScript or Decimal would also
// accept (exponents, "NaN", "Infinity", "+1", " 1", "1,000", ".5") is refused so that every
// stored value has exactly one spelling and no value ever passed through a binary float.
const PLAIN_DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

export interface DecimalSyntax {
  readonly negative: boolean;
  readonly decimals: number;
}

export function readPlainDecimal(input: string): DecimalSyntax | undefined {
  const match = PLAIN_DECIMAL.exec(input);
  if (match === null) {
    return undefined;
  }
  return { negative: match[1] === '-', decimals: match[3]?.length ?? 0 };
}
