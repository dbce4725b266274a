// A table as files show it: a title, and sections each with headers (Chinese, unit stated) and
// rows of typed cells. Amounts stay exact decimal strings until the file format writes them.
export type Cell =
  | { readonly kind: 'text'; readonly value: string }
  | { readonly kind: 'integer'; readonly value: number }
  /** A plain decimal with two places ("1234.50"): yuan, 万元, 亿元 or percent. */
  | { readonly kind: 'decimal'; readonly value: string }
  | null;

export interface TableSection {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

export interface Table {
  /** Sheet name: at most 31 characters, none of : \ / ? * [ ]. */
  readonly title: string;
  /** File name without extension, e.g. ipledger-annual-2025. */
  readonly name: string;
  readonly sections: readonly TableSection[];
}

export const text = (value: string): Cell => ({ kind: 'text', value });
export const integer = (value: number): Cell => ({ kind: 'integer', value });
export const decimal = (value: string): Cell => ({ kind: 'decimal', value });
/** A nullable decimal (a growth rate without a previous year) is an empty cell. */
export const optionalDecimal = (value: string | null): Cell => (value === null ? null : decimal(value));
export const optionalInteger = (value: number | null): Cell => (value === null ? null : integer(value));
