// risk-compensation in-process against a real PostgreSQL and Kafka: the bureau drafts compensation
// policies, publishes a version once (then it is frozen), and CompensationPolicyPublished goes out.
import type {
  CreatePolicyDraftRequest,
  ErrorBody,
  PolicyListResponse,
  PolicyPresetListResponse,
  PolicyResponse,
} from '@ipledger/contracts';
import { createServiceApp, loadConfig, ServiceConfigSchema } from '@ipledger/service-kit';
import { serviceUnderTest, actingAs } from '@ipledger/testing';
import type { z } from 'zod';
import { RiskCompensationModule } from './risk-compensation.module';
import { PrismaClient } from './database';

const BUREAU = actingAs({ orgId: 'bureau-gz', role: 'bureau' });
const BANK = actingAs({ orgId: 'bank-gz-a', role: 'bank' });
/** Another bureau user: the four-eyes rule lets only someone other than the author publish. */
const APPROVER = actingAs({ orgId: 'bureau-gz', role: 'bureau', userId: 'approver.liu' });

const draft = (overrides: Partial<CreatePolicyDraftRequest> = {}): CreatePolicyDraftRequest => ({
  name: 'Guangzhou 2023 IP pledge financing risk compensation',
  source: 'Guangzhou 2023 scheme: fund 50 % / bank 50 %, principal up to 10M per loan',
  scope: { city: 'Guangzhou', cityCode: '4401' },
  effectiveFrom: '2023-01-01',
  parties: [
    { party: 'fund', share: '0.5' },
    { party: 'bank', share: '0.5' },
  ],
  coverageBase: { kind: 'outstanding-principal' },
  mixedCollateral: 'ip-share-only',
  caps: { perLoan: '10000000.00', perBorrowerPerYear: '20000000.00', fundYearlyBudget: '50000000.00' },
  eligibility: {},
  trigger: 'on-default',
  filingDeadlineWorkingDays: 10,
  recoveryRule: 'pro-rata-to-borne',
  ...overrides,
});

describe('risk-compensation on a real broker and database', () => {
  const sut = serviceUnderTest(
    {
      service: 'risk-compensation',
      schema: 'risk_compensation',
      prismaClient: PrismaClient,
      consumer: 'risk-compensation',
      module: RiskCompensationModule,
    },
    { createApp: (definition, env) => createServiceApp(definition, loadConfig(ServiceConfigSchema, env)), readTopics: ['policy'] },
  );

  const create = (body: unknown, headers: Record<string, string> = BUREAU) =>
    sut.call<PolicyResponse & ErrorBody>('POST', '/api/policies', headers, body);
  const publish = (id: string, headers: Record<string, string> = APPROVER) =>
    sut.call<PolicyResponse & ErrorBody>('POST', `/api/policies/${id}/publish`, headers);

  it('creates a draft, version 1', async () => {
    const created = await create(draft());

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      version: 1,
      status: 'DRAFT',
      effectiveFrom: '2023-01-01',
      effectiveTo: null,
      createdByOrgId: 'bureau-gz',
    });
    expect(created.body.id).toMatch(/^pol_[0-9a-f]{32}$/);
    expect(created.body.document.parties).toEqual(draft().parties);
  });

  it('gives a draft without a dual-control threshold the default 0.00, and needs a city code or a district', async () => {
    const created = await create(draft());
    expect(created.body.document.dualControlAbove).toBe('0.00');
    expect((await create(draft({ dualControlAbove: '300000.00' }))).body.document.dualControlAbove).toBe('300000.00');

    const noScope = await create(draft({ scope: { city: 'Guangzhou' } }));
    expect(noScope.status).toBe(400);
    expect(noScope.body.error.details).toEqual([
      { field: 'scope.cityCode', rule: expect.stringMatching(/^is required for a city-wide policy/) },
    ]);
    const elsewhere = await create(draft({ scope: { city: 'Guangzhou', cityCode: '4401', district: '500112' } }));
    expect(elsewhere.body.error.details).toEqual([
      { field: 'scope.district', rule: "district 500112 is not in the city's division codes 4401…" },
    ]);
    expect((await create(draft({ scope: { city: 'Guangzhou', district: '440106' } }))).status).toBe(201);
  });

  it('ships every preset with a dual-control threshold and a city code', async () => {
    const presets = (await sut.call<z.infer<typeof PolicyPresetListResponse>>('GET', '/api/policies/presets', BUREAU)).body.items;
    expect(
      presets.filter((preset) => preset.document.dualControlAbove === undefined || preset.document.scope.cityCode === undefined),
    ).toEqual([]);
  });

  it('refuses shares that do not sum to 1, naming the field, and stores nothing', async () => {
    const before = await sut.prisma.compensationPolicy.count();
    const refused = await create(
      draft({
        parties: [
          { party: 'fund', share: '0.5' },
          { party: 'bank', share: '0.4' },
        ],
      }),
    );

    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('validation-failed');
    expect(refused.body.error.details).toEqual([{ field: 'parties', rule: 'the shares must sum to exactly 1, they sum to 0.9' }]);
    expect(await sut.prisma.compensationPolicy.count()).toBe(before);
  });

  it('publishes a draft once, emits CompensationPolicyPublished, and refuses to publish it again', async () => {
    const created = (await create(draft())).body;

    const published = await publish(created.id);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ id: created.id, version: 1, status: 'PUBLISHED', publishedByOrgId: 'bureau-gz' });

    const event = await sut.publishedEvent('CompensationPolicyPublished', created.id);
    expect(event.producer).toBe('risk-compensation');
    expect(event.payload).toMatchObject({
      policyId: created.id,
      version: 1,
      name: created.name,
      scope: { city: 'Guangzhou', cityCode: '4401' },
      effectiveFrom: '2023-01-01',
      effectiveTo: null,
      parties: draft().parties,
    });
    expect(event.payload.document).toEqual(created.document);

    const stored = await sut.prisma.compensationPolicy.findUniqueOrThrow({ where: { id: created.id } });
    const again = await publish(created.id);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'illegal-transition', currentState: 'PUBLISHED' });
    expect(again.body.error.message).toContain('PUBLISHED');
    expect(await sut.prisma.compensationPolicy.findUniqueOrThrow({ where: { id: created.id } })).toEqual(stored);
  });

  it('keeps a published version frozen in the database itself', async () => {
    const created = (await create(draft())).body;
    expect((await publish(created.id)).status).toBe(200);

    await expect(sut.prisma.compensationPolicy.update({ where: { id: created.id }, data: { name: 'changed' } })).rejects.toThrow(
      /published/,
    );
    expect((await sut.prisma.compensationPolicy.findUniqueOrThrow({ where: { id: created.id } })).name).toBe(created.name);
  });

  it('lets only the bureau draft and publish; a bank sees published versions only', async () => {
    const forbidden = await create(draft(), BANK);
    expect(forbidden.status).toBe(403);

    const unpublished = (await create(draft())).body;
    expect((await publish(unpublished.id, BANK)).status).toBe(403);
    expect((await sut.call<ErrorBody>('GET', `/api/policies/${unpublished.id}`, BANK)).status).toBe(404);
    const seenByBank = (await sut.call<z.infer<typeof PolicyListResponse>>('GET', '/api/policies', BANK)).body.items;
    expect(seenByBank.map((policy) => policy.status)).not.toContain('DRAFT');
    const seenByBureau = (await sut.call<z.infer<typeof PolicyListResponse>>('GET', '/api/policies?status=DRAFT', BUREAU)).body.items;
    expect(seenByBureau.map((policy) => policy.id)).toContain(unpublished.id);
  });

  it('refuses to let the author of a version publish it (four eyes), and changes nothing', async () => {
    const created = (await create(draft())).body;

    const refused = await publish(created.id, BUREAU);

    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(
      /^four-eyes rule: bureau-gz-user drafted policy pol_[0-9a-f]{32} and may not also publish it/,
    );
    expect((await sut.prisma.compensationPolicy.findUniqueOrThrow({ where: { id: created.id } })).status).toBe('DRAFT');
    expect((await publish(created.id)).status).toBe(200);
  });

  it('lists the shipped presets with their sources', async () => {
    const presets = await sut.call<z.infer<typeof PolicyPresetListResponse>>('GET', '/api/policies/presets', BUREAU);

    expect(presets.status).toBe(200);
    const guangzhou = presets.body.items.find((preset) => preset.presetId === 'guangzhou-2020-5311');
    expect(guangzhou?.source).toContain('5311');
    expect(guangzhou?.document.parties).toEqual([
      { party: 'fund', share: '0.5' },
      { party: 'guarantor', share: '0.3', note: 'guarantor or insurer' },
      { party: 'appraiser', share: '0.1' },
      { party: 'bank', share: '0.1' },
    ]);
  });
});
