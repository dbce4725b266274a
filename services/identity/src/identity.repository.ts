import { Inject, Injectable } from '@nestjs/common';
import type { PrismaClient } from './database';
import { PRISMA } from '@ipledger/service-kit';
import type { DemoOrganisation } from './demo-accounts';

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
      : { subject: client.clientId, orgId: client.orgId, role: client.organisation.role, secretHash: client.secretHash, disabled: client.disabled };
  }

  async recordFailure(subject: string, source: string): Promise<void> {
    await this.prisma.identityLoginFailure.create({ data: { subject, source } });
  }

  /** Failures in the window for the subject and for the source, and the oldest of those that count. */
  async failuresSince(subject: string, source: string, since: Date): Promise<{ subject: number; source: number; oldestInWindow?: Date }> {
    const [bySubject, bySource, oldest] = await Promise.all([
      this.prisma.identityLoginFailure.count({ where: { subject, at: { gte: since } } }),
      this.prisma.identityLoginFailure.count({ where: { source, at: { gte: since } } }),
      this.prisma.identityLoginFailure.findFirst({ where: { OR: [{ subject }, { source }], at: { gte: since } }, orderBy: { at: 'asc' } }),
    ]);
    return { subject: bySubject, source: bySource, ...(oldest === null ? {} : { oldestInWindow: oldest.at }) };
  }

  /** Creates the demo organisations, users and clients that are missing; never changes existing ones. */
  async seed(organisations: readonly DemoOrganisation[], secretHash: string): Promise<void> {
    await this.prisma.identityOrganisation.createMany({
      data: organisations.map((organisation) => ({ id: organisation.id, role: organisation.role, name: organisation.name })),
      skipDuplicates: true,
    });
    await this.prisma.identityUser.createMany({
      data: organisations.flatMap((organisation) =>
        organisation.users.map((user) => ({ id: user.username, orgId: organisation.id, username: user.username, displayName: user.displayName, passwordHash: secretHash })),
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
