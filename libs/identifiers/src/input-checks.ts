// Checks every validator makes first, so that a stray space or an empty field gets a reason
// that names it rather than a confusing length or character complaint.
export function basicInputProblem(input: unknown): string | undefined {
  if (typeof input !== 'string') {
    return 'must be a string';
  }
  if (input.length === 0) {
    return 'must not be empty';
  }
  if (input.trim() !== input) {
    return 'must not start or end with spaces';
  }
  return undefined;
}

/** 1-based position of the first character outside `allowed`, for "character 'I' at position 5". */
export function firstCharacterOutside(input: string, allowed: RegExp): { character: string; position: number } | undefined {
  const characters = [...input];
  const index = characters.findIndex((character) => !allowed.test(character));
  return index === -1 ? undefined : { character: characters[index], position: index + 1 };
}
