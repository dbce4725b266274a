// Publishing a DRAFT version once, the same way for every kind of versioned rules the bureau keeps
// (compensation policies, subsidy schemes): it must exist, still be a DRAFT, be published by someone
// other than its author (四眼原则), still validate (publishing is what makes rules binding), and not
// have changed since it was read (optimistic concurrency). Each kind says how to do each step.
import { ConcurrentModificationError, NotFoundError, ValidationError } from '@ipledger/service-kit';

export interface DraftPublication<Row extends { readonly status: string; readonly version: number }> {
  /** What the rules are called in messages, e.g. "subsidy scheme". */
  readonly noun: string;
  readonly id: string;
  find(): Promise<Row | null>;
  /** The refusal for a version already PUBLISHED. */
  alreadyPublished(row: Row): Error;
  /** The four-eyes refusal when the caller may not publish this draft; undefined when it may. */
  fourEyesRefusal(row: Row): Error | undefined;
  /** Every rule the stored version breaks, by field. */
  problems(row: Row): readonly { field: string; rule: string }[];
  /** Publishes the row only if it is still a DRAFT at `rowVersion`; false when it is not. */
  publishIfUnchanged(rowVersion: number): Promise<boolean>;
}

/** DRAFT → PUBLISHED, once; the published row. */
export async function publishDraftOnce<Row extends { readonly status: string; readonly version: number }>(
  publication: DraftPublication<Row>,
): Promise<Row> {
  const { noun, id } = publication;
  const current = await publication.find();
  if (!current) throw new NotFoundError(noun, id);
  if (current.status !== 'DRAFT') throw publication.alreadyPublished(current);
  const refusal = publication.fourEyesRefusal(current);
  if (refusal !== undefined) throw refusal;
  const problems = publication.problems(current);
  if (problems.length > 0) throw new ValidationError([...problems]);
  if (!(await publication.publishIfUnchanged(current.version))) {
    const now = await publication.find();
    if (!now) throw new NotFoundError(noun, id);
    if (now.status !== 'DRAFT') throw publication.alreadyPublished(now);
    throw new ConcurrentModificationError(
      `${noun} ${id} was changed by another request at the same time; read it and try again`,
      now.status,
    );
  }
  const published = await publication.find();
  if (!published) throw new NotFoundError(noun, id);
  return published;
}
