// Subsidy schemes in-process on a real PostgreSQL: the bureau drafts a version (every problem named
// at once), another bureau user publishes it (四眼原则, refused to the author and, underneath, by the
// database), a published version is frozen, and banks see only published versions.
import type { CreateSubsidySchemeRequest, ErrorBody, SubsidySchemeListResponse, SubsidySchemeResponse } from '@ipledger/contracts';
import { createServiceApp, loadConfig, ServiceConfigSchema } from '@ipledger/service-kit';
import { actingAs, serviceUnderTest } from '@ipledger/testing';
import type { z } from 'zod';
import { PrismaClient } from './database';
import { RiskCompensationModule } from './risk-compensation.module';

const AUTHOR = actingAs({ orgId: 'bureau-cq', role: 'bureau', userId: 'wang.fang' });
const APPROVER = actingAs({ orgId: 'bureau-cq', role: 'bureau', userId: 'approver.liu' });
const BANK = actingAs({ orgId: 'bank-cq-a', role: 'bank' });

const draft = (overrides: Partial<CreateSubsidySchemeRequest> = {}): CreateSubsidySchemeRequest => ({
  name: '知识产权质押融资贴息（测试）',
  source: 'test scheme: 60 % of the one-year LPR, at most 500,000.00 a firm a year',
  scope: { city: '重庆', cityCode: '50' },
  effectiveFrom: '2026-01-01',
  rules: [
    { kind: 'interest', rate: { basis: 'share-of-reference', share: '0.6', reference: 'LPR-1Y' }, perFirmPerYear: '500000.00' },
    { kind: 'evaluation-fee', rate: { basis: 'share-of-loan', rate: '0.005' }, perLoan: '60000.00' },
  ],
  eligibility: { firmSizes: ['medium', 'small', 'micro'], onTimeRepaymentOnly: true },
  yearlyBudget: '10000000.00',
  ...overrides,
});

describe('subsidy schemes on a real database', () => {
  const sut = serviceUnderTest(
    {
      service: 'risk-compensation',
      schema: 'risk_compensation',
      prismaClient: PrismaClient,
      consumer: 'risk-compensation',
      module: RiskCompensationModule,
    },
    { createApp: (definition, env) => createServiceApp(definition, loadConfig(ServiceConfigSchema, env)) },
  );

  const create = (body: unknown, headers: Record<string, string> = AUTHOR) =>
    sut.call<SubsidySchemeResponse & ErrorBody>('POST', '/api/subsidy-schemes', headers, body);
  const publish = (id: string, headers: Record<string, string> = APPROVER) =>
    sut.call<SubsidySchemeResponse & ErrorBody>('POST', `/api/subsidy-schemes/${id}/publish`, headers);

  it('drafts version 1, publishes it by another bureau user, and freezes it', async () => {
    const created = await create(draft());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ version: 1, status: 'DRAFT', name: '知识产权质押融资贴息（测试）', effectiveTo: null });
    expect(created.body.id).toMatch(/^sub_[0-9a-f]{32}$/);

    const byAuthor = await publish(created.body.id, AUTHOR);
    expect(byAuthor.status).toBe(403);
    expect(byAuthor.body.error.message).toMatch(/four-eyes rule/);

    const published = await publish(created.body.id);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ id: created.body.id, status: 'PUBLISHED', publishedByOrgId: 'bureau-cq' });
    expect((await publish(created.body.id)).status).toBe(409);

    // Frozen underneath the service too.
    await expect(
      sut.prisma.$executeRawUnsafe(`UPDATE risk_compensation.subsidy_schemes SET name = 'changed' WHERE id = $1`, created.body.id),
    ).rejects.toThrow(/is published and cannot be changed/);
  });

  it('publishes with SubsidySchemePublished, and drafts the next version in the same series after the one it follows', async () => {
    const first = (await create(draft({ name: '贴息（版本测试）' }))).body;
    expect(first.seriesId).toBe(first.id);
    const next = (body: unknown, from = first.id, headers: Record<string, string> = AUTHOR) =>
      sut.call<SubsidySchemeResponse & ErrorBody>('POST', `/api/subsidy-schemes/${from}/versions`, headers, body);

    // Only a published version has a successor.
    const early = await next(draft({ effectiveFrom: '2026-07-01' }));
    expect([early.status, early.body.error.code]).toEqual([409, 'illegal-transition']);
    expect((await publish(first.id)).status).toBe(200);
    const [announced] = await sut.prisma.outbox.findMany({ where: { type: 'SubsidySchemePublished', key: first.id } });
    expect((announced?.envelope as { payload?: unknown } | undefined)?.payload).toMatchObject({
      schemeId: first.id,
      versionId: first.id,
      version: 1,
      name: '贴息（版本测试）',
      effectiveFrom: '2026-01-01',
      effectiveTo: null,
      document: { yearlyBudget: '10000000.00' },
    });

    const sameDay = await next(draft({ effectiveFrom: '2026-01-01' }));
    expect(sameDay.status).toBe(400);
    expect(sameDay.body.error.details).toEqual([
      { field: 'effectiveFrom', rule: 'a new version must take effect after version 1, which took effect on 2026-01-01' },
    ]);
    expect((await next(draft({ effectiveFrom: '2026-07-01' }), first.id, BANK)).status).toBe(403);
    expect((await next(draft({ effectiveFrom: '2026-07-01' }), 'sub_0195a1b2c3d47e5f8a6b7c8d9e0f1aff')).status).toBe(404);

    const second = await next(draft({ name: '贴息（版本测试）', effectiveFrom: '2026-07-01', yearlyBudget: '12000000.00' }));
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ seriesId: first.id, version: 2, status: 'DRAFT', effectiveFrom: '2026-07-01' });
    // One open draft a series.
    expect((await next(draft({ effectiveFrom: '2026-08-01' }))).body.error.code).toBe('illegal-transition');
    expect((await publish(second.body.id)).status).toBe(200);
    const announcements = await sut.prisma.outbox.findMany({
      where: { type: 'SubsidySchemePublished', key: first.id },
      orderBy: { id: 'asc' },
    });
    expect(announcements.map((row) => (row.envelope as { payload?: unknown }).payload)).toEqual([
      expect.objectContaining({ versionId: first.id, version: 1 }),
      expect.objectContaining({
        versionId: second.body.id,
        version: 2,
        document: expect.objectContaining({ yearlyBudget: '12000000.00' }),
      }),
    ]);
    // The next version follows the latest only.
    const fromOld = await next(draft({ effectiveFrom: '2026-09-01' }));
    expect(fromOld.status).toBe(409);
    expect(fromOld.body.error.message).toBe(`${first.id} is version 1; the next version follows the latest, version 2 (${second.body.id})`);
  });

  it('refuses a draft naming every broken rule by field', async () => {
    const refused = await create(
      draft({
        rules: [
          { kind: 'evaluation-fee', rate: { basis: 'share-of-reference', share: '0.5', reference: 'LPR-1Y' } },
          { kind: 'evaluation-fee', rate: { basis: 'share-of-loan', rate: '0' } },
        ],
        eligibility: { firmSizes: [] },
      }),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.details?.map((detail) => detail.field)).toEqual([
      'rules[0].rate.basis',
      'rules[1].kind',
      'rules[1].rate.rate',
      'eligibility.firmSizes',
    ]);
    const malformed = await create({ ...draft(), yearlyBudget: 'lots' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details?.map((detail) => detail.field)).toEqual(['yearlyBudget']);
  });

  it('holds the four-eyes rule in the database: a row published by its author is refused', async () => {
    const created = await create(draft({ name: '评估费补贴（测试）' }));
    await expect(
      sut.prisma.$executeRawUnsafe(
        `UPDATE risk_compensation.subsidy_schemes SET status = 'PUBLISHED', published_at = now(), published_by_org_id = 'bureau-cq', published_by_user_id = created_by_user_id WHERE id = $1`,
        created.body.id,
      ),
    ).rejects.toThrow(/subsidy_schemes_published_by_another/);
  });

  it('shows a bank only published versions; the bureau all', async () => {
    const unpublished = await create(draft({ name: '保险费补贴（草稿）' }));
    const bankList = await sut.call<z.infer<typeof SubsidySchemeListResponse>>('GET', '/api/subsidy-schemes', BANK);
    expect(bankList.status).toBe(200);
    expect(bankList.body.items.every((scheme) => scheme.status === 'PUBLISHED')).toBe(true);
    expect((await sut.call<ErrorBody>('GET', `/api/subsidy-schemes/${unpublished.body.id}`, BANK)).status).toBe(404);
    expect((await sut.call<SubsidySchemeResponse>('GET', `/api/subsidy-schemes/${unpublished.body.id}`, AUTHOR)).body.status).toBe('DRAFT');
    expect((await sut.call<ErrorBody>('POST', '/api/subsidy-schemes', BANK, draft())).status).toBe(403);
  });
});
