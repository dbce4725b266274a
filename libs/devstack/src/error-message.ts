// What a caught error says, for messages to the operator (no stack): an Error's message, else the thrown value as text.
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
