import { Prisma } from './database';
import { toPledge, toPledgeStep, toRegistrationVersion, type PledgeRow, type TransitionRow, type VersionRow } from './pledge-records';
import { toHistoryResponse, toPledgeResponse } from './pledge-response';

const decimal = (value: string) => new Prisma.Decimal(value);
const day = (value: string) => new Date(`${value}T00:00:00.000Z`);
const noDeadline = () => null;

function pledgeRow(overrides: Partial<PledgeRow> = {}): PledgeRow {
  return {
    id: 'pledge-1',
    status: 'REGISTERED',
    bankOrgId: 'bank-1',
    pledgorUscc: '91110000100000000X',
    pledgorName: '北京某科技有限公司',
    pledgorFirmSize: null,
    pledgorIndustry: null,
    requestedLoanAmount: decimal('5000000'),
    termMonths: 12,
    districtCode: '110108',
    registrationNumber: 'ZL-2026-0001',
    registrationDate: day('2026-01-10'),
    loanId: null,
    releasedOn: null,
    loanDefaultedOn: null,
    disposalMethod: null,
    disposalGross: null,
    disposalCosts: null,
    disposalNet: null,
    disposedOn: null,
    appraiserOrgId: 'appraiser-1',
    correctionReasons: null,
    refusalReason: null,
    refusalNote: null,
    registrationVersion: 1,
    submittedAt: new Date('2026-01-02T01:02:03.004Z'),
    receivedAt: new Date('2026-01-03T01:02:03.004Z'),
    updatedAt: new Date('2026-01-10T01:02:03.004Z'),
    version: 4,
    ipItems: [{ pledgeId: 'pledge-1', position: 0, ipType: 'invention-patent', number: 'ZL202310000001.1', title: null }],
    ...overrides,
  };
}

describe('a pledge row read into the domain record', () => {
  it('carries the amount as Money and DATE columns as calendar days', () => {
    const pledge = toPledge(pledgeRow());
    expect(pledge.requestedLoanAmount.toString()).toBe('5000000.00');
    expect(pledge.registrationDate).toBe('2026-01-10');
    expect(pledge.status).toBe('REGISTERED');
    expect(pledge.version).toBe(4);
  });

  it('refuses disposal figures that are incomplete', () => {
    expect(() => toPledge(pledgeRow({ disposedOn: day('2026-08-01'), disposalMethod: 'auction' }))).toThrow(
      'pledge pledge-1 was disposed of on 2026-08-01 but its disposal figures are incomplete',
    );
  });
});

describe('the HTTP answer for a pledge', () => {
  it('gives the amount with two decimals, days as YYYY-MM-DD and instants as ISO-8601', () => {
    expect(toPledgeResponse(toPledge(pledgeRow()), noDeadline)).toEqual({
      id: 'pledge-1',
      status: 'REGISTERED',
      bankOrgId: 'bank-1',
      pledgor: { uscc: '91110000100000000X', name: '北京某科技有限公司', firmSize: null, industry: null },
      ipItems: [{ ipType: 'invention-patent', number: 'ZL202310000001.1', title: null }],
      requestedLoanAmount: '5000000.00',
      termMonths: 12,
      districtCode: '110108',
      registrationNumber: 'ZL-2026-0001',
      registrationDate: '2026-01-10',
      loanId: null,
      releasedOn: null,
      loanDefaultedOn: null,
      disposal: null,
      appraiserOrgId: 'appraiser-1',
      registrationVersion: 1,
      correctionReasons: null,
      refusal: null,
      decisionDeadline: null,
      decisionDeadlineProvisional: false,
      decisionOverdue: false,
      submittedAt: '2026-01-02T01:02:03.004Z',
      receivedAt: '2026-01-03T01:02:03.004Z',
      updatedAt: '2026-01-10T01:02:03.004Z',
    });
  });

  it('gives the disposal figures with two decimals', () => {
    const disposed = pledgeRow({
      status: 'DISPOSED',
      disposalMethod: 'auction',
      disposalGross: decimal('1200000.5'),
      disposalCosts: decimal('200000'),
      disposalNet: decimal('1000000.50'),
      disposedOn: day('2026-08-01'),
    });
    expect(toPledgeResponse(toPledge(disposed), noDeadline).disposal).toEqual({
      method: 'auction',
      grossProceeds: '1200000.50',
      costs: '200000.00',
      netProceeds: '1000000.50',
      disposedOn: '2026-08-01',
    });
  });

  it('gives the correction reasons only while the application is RETURNED', () => {
    const reasons = [{ field: 'ipItems', message: '专利号有误' }];
    expect(toPledgeResponse(toPledge(pledgeRow({ status: 'RETURNED', correctionReasons: reasons })), noDeadline).correctionReasons).toEqual(
      reasons,
    );
    expect(
      toPledgeResponse(toPledge(pledgeRow({ status: 'SUBMITTED', correctionReasons: reasons })), noDeadline).correctionReasons,
    ).toBeNull();
  });

  it('gives the decision deadline the caller works out', () => {
    const answer = toPledgeResponse(toPledge(pledgeRow({ status: 'SUBMITTED' })), () => ({
      deadline: '2026-01-20',
      provisional: true,
      overdue: false,
    }));
    expect(answer).toMatchObject({ decisionDeadline: '2026-01-20', decisionDeadlineProvisional: true, decisionOverdue: false });
  });
});

describe('the HTTP answer for a pledge history', () => {
  it('names steps of older rows by the status they reached, and gives amounts and days as strings', () => {
    const transition: TransitionRow = {
      id: 7n,
      pledgeId: 'pledge-1',
      fromStatus: 'SUBMITTED',
      toStatus: 'REGISTERED',
      actorOrgId: 'bureau-1',
      actorRole: 'bureau',
      actorUserId: 'user-9',
      causationId: null,
      at: new Date('2026-01-10T02:00:00.000Z'),
      command: null,
      onDate: null,
      details: null,
    };
    const version: VersionRow = {
      pledgeId: 'pledge-1',
      version: 2,
      registrationNumber: 'ZL-2026-0001',
      effectiveOn: day('2026-03-01'),
      securedAmount: decimal('4500000'),
      termMonths: 18,
      pledgorName: '北京某科技有限公司',
      note: null,
      actorOrgId: 'bureau-1',
      actorRole: 'bureau',
      actorUserId: null,
      recordedAt: new Date('2026-03-01T05:00:00.000Z'),
    };
    const answer = toHistoryResponse(toPledge(pledgeRow()), [toPledgeStep(transition)], [toRegistrationVersion(version)]);
    expect(answer.steps).toEqual([
      {
        step: 'to-registered',
        fromStatus: 'SUBMITTED',
        toStatus: 'REGISTERED',
        actor: { orgId: 'bureau-1', role: 'bureau', userId: 'user-9' },
        at: '2026-01-10T02:00:00.000Z',
        onDate: null,
        details: null,
      },
    ]);
    expect(answer.registrations).toEqual([
      {
        version: 2,
        registrationNumber: 'ZL-2026-0001',
        effectiveOn: '2026-03-01',
        securedAmount: '4500000.00',
        termMonths: 18,
        pledgorName: '北京某科技有限公司',
        note: null,
        actor: { orgId: 'bureau-1', role: 'bureau', userId: null },
        recordedAt: '2026-03-01T05:00:00.000Z',
      },
    ]);
  });
});
