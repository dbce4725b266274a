// Validators return the reason instead of throwing: the reason goes straight into a 400 response
// or a review note, so it must tell the person what to fix.
export type Validation<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export function valid<T>(value: T): Validation<T> {
  return { ok: true, value };
}

export function invalid(reason: string): Validation<never> {
  return { ok: false, reason };
}
