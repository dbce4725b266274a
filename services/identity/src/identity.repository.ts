import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient } from './database';
import { CONNECTION_WAIT_MS, PRISMA, TRANSACTION_TIMEOUT_MS } from '@ipledger/service-kit';
import type { DemoOrganisation } from './demo-accounts';
import type { FailureCounts, ThrottleRule } from './domain/login-throttle';

/** One reserved login attempt: the counts before it, and its row (null when the limits refused it). */
export interface AttemptReservation {
  counts: FailureCounts;
  reservation: bigint | null;
}

export interface StoredPrincipal {
  subject: string;
  orgId: string;
  role: string;
  secretHash: string;
  disabled: boolean;
}

/** The identity schema: organisations, users, clients and failed-login rows. */
@Injectable()
export class IdentityRepository {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  async findUser(username: string): Promise<StoredPrincipal | null> {
    const user = await this.prisma.identityUser.findUnique({ where: { username }, include: { organisation: true } });
    return user === null
      ? null
      : { subject: user.username, orgId: user.orgId, role: user.organisation.role, secretHash: user.passwordHash, disabled: user.disabled };
  }

  async findClient(clientId: string): Promise<StoredPrincipal | null> {
    const client = await this.prisma.identityClient.findUnique({ where: { clientId }, include: { organisation: true } });
    return client === null
      ? null
      : {
          subject: client.clientId,
          orgId: client.orgId,
          role: client.organisation.role,
          secretHash: client.secretHash,
          disabled: client.disabled,
        };
  }

  /**
   * Reserves one login attempt for `subject` from `source`, atomically: under a transaction-level
   * advisory lock per subject and per source (taken in one order, so two attempts never deadlock)
   * it counts the attempts of the window and, when both are under the limits, inserts the
   * reservation row. Parallel attempts therefore queue on the lock and each sees the ones before
   * it: with 5 per account, the sixth and later are refused however many arrive at once. The row
   * stays as a failure unless the secret turns out right (releaseAttempt).
   */
  async reserveAttempt(subject: string, source: string, since: Date, rule: ThrottleRule): Promise<AttemptReservation> {
    // An interactive transaction for its waits: a burst on one account queues on the lock, holding
    // its connection, and the rest of the burst waits for one (Prisma's 2 s default ran out under load).
    const [row] = await this.prisma.$transaction(
      async (tx) => {
        for (const key of [`subject:${subject}`, `source:${source}`].sort()) {
          await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext('identity.login-throttle'), hashtext(${key}))::text AS locked`;
        }
        return tx.$queryRaw<{ by_subject: bigint; by_source: bigint; oldest: Date | null; reservation: bigint | null }[]>`
          WITH counts AS (
            SELECT
              (SELECT count(*) FROM identity.login_failures WHERE subject = ${subject} AND at >= ${since}) AS by_subject,
              (SELECT count(*) FROM identity.login_failures WHERE source = ${source} AND at >= ${since}) AS by_source,
              (SELECT min(at) FROM identity.login_failures WHERE (subject = ${subject} OR source = ${source}) AND at >= ${since}) AS oldest
          ), reserved AS (
            INSERT INTO identity.login_failures (subject, source)
            SELECT ${subject}, ${source} FROM counts
            WHERE by_subject < ${rule.maxFailuresPerSubject} AND by_source < ${rule.maxFailuresPerSource}
            RETURNING id
          )
          SELECT by_subject, by_source, oldest, (SELECT id FROM reserved) AS reservation FROM counts`;
      },
      { maxWait: CONNECTION_WAIT_MS, timeout: TRANSACTION_TIMEOUT_MS },
    );
    if (row === undefined) throw new Error('counting login attempts returned no row');
    const counts: FailureCounts = {
      subject: Number(row.by_subject),
      source: Number(row.by_source),
      ...(row.oldest === null ? {} : { oldestInWindow: row.oldest }),
    };
    return { counts, reservation: row.reservation };
  }

  /** The secret was right: the reserved attempt is not a failure. */
  async releaseAttempt(reservation: bigint): Promise<void> {
    await this.prisma.identityLoginFailure.deleteMany({ where: { id: reservation } });
  }

  /** Creates the demo organisations, users and clients that are missing; never changes existing ones. */
  async seed(organisations: readonly DemoOrganisation[], secretHash: string): Promise<void> {
    await this.prisma.identityOrganisation.createMany({
      data: organisations.map((organisation) => ({ id: organisation.id, role: organisation.role, name: organisation.name })),
      skipDuplicates: true,
    });
    await this.prisma.identityUser.createMany({
      data: organisations.flatMap((organisation) =>
        organisation.users.map((user) => ({
          id: user.username,
          orgId: organisation.id,
          username: user.username,
          displayName: user.displayName,
          passwordHash: secretHash,
        })),
      ),
      skipDuplicates: true,
    });
    await this.prisma.identityClient.createMany({
      data: organisations.flatMap((organisation) =>
        organisation.clients.map((client) => ({ clientId: client.clientId, orgId: organisation.id, name: client.name, secretHash })),
      ),
      skipDuplicates: true,
    });
  }
}
