import { v7 as uuidv7 } from 'uuid';
import { ID_PREFIXES, type IdKind } from '@ipledger/contracts';

/** A new readable, time-ordered id such as pl_0193c4…: a prefix plus a UUIDv7 without dashes. */
export function newId(kind: IdKind): string {
  return `${ID_PREFIXES[kind]}_${uuidv7().replace(/-/g, '')}`;
}
