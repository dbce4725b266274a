// The repository's boundary: PostgreSQL rows (Prisma.Decimal, DATE columns as UTC-midnight Date,
// JSON columns) read into the service's domain records (Money, LocalDate, status unions). Nothing
// of the row types leaves the repository.
import type { LocalDate } from '@ipledger/calendar';
import { moneyOfStored } from '@ipledger/db';
import { CorrectionReason, DisposalMethod, FirmSize, IpType, PledgeStatus, RefusalReason } from '@ipledger/contracts';
import { toDateString } from '@ipledger/service-kit';
import type { Prisma } from './database';
import type { Disposal, Pledge, PledgeStep, RegistrationVersion } from './domain/pledge';

export const WITH_ITEMS = { ipItems: { orderBy: { position: 'asc' } } } satisfies Prisma.PledgeApplicationInclude;

export type PledgeRow = Prisma.PledgeApplicationGetPayload<{ include: typeof WITH_ITEMS }>;
export type TransitionRow = Prisma.PledgeTransitionGetPayload<true>;
export type VersionRow = Prisma.PledgeRegistrationVersionGetPayload<true>;

/** A DATE column: the calendar day (the driver hands it over as that day's UTC midnight). */
export function localDateOf(date: Date): LocalDate {
  return toDateString(date);
}

function localDateOrNull(date: Date | null): LocalDate | null {
  return date === null ? null : localDateOf(date);
}

export function statusOf(row: { status: string }): PledgeStatus {
  return PledgeStatus.parse(row.status);
}

export function toPledge(row: PledgeRow): Pledge {
  return {
    id: row.id,
    status: statusOf(row),
    bankOrgId: row.bankOrgId,
    pledgorUscc: row.pledgorUscc,
    pledgorName: row.pledgorName,
    pledgorFirmSize: row.pledgorFirmSize === null ? null : FirmSize.parse(row.pledgorFirmSize),
    pledgorIndustry: row.pledgorIndustry,
    ipItems: row.ipItems.map((item) => ({ ipType: IpType.parse(item.ipType), number: item.number, title: item.title })),
    requestedLoanAmount: moneyOfStored(row.requestedLoanAmount),
    termMonths: row.termMonths,
    districtCode: row.districtCode,
    registrationNumber: row.registrationNumber,
    registrationDate: localDateOrNull(row.registrationDate),
    loanId: row.loanId,
    releasedOn: localDateOrNull(row.releasedOn),
    loanDefaultedOn: localDateOrNull(row.loanDefaultedOn),
    disposal: disposalOf(row),
    appraiserOrgId: row.appraiserOrgId,
    correctionReasons: row.correctionReasons === null ? null : CorrectionReason.array().parse(row.correctionReasons),
    refusal: row.refusalReason === null ? null : { reason: RefusalReason.parse(row.refusalReason), note: row.refusalNote ?? '' },
    registrationVersion: row.registrationVersion,
    submittedAt: row.submittedAt,
    receivedAt: row.receivedAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

/** The disposal columns are all set or all null (a CHECK in the database); null until disposed. */
function disposalOf(row: PledgeRow): Disposal | null {
  if (row.disposedOn === null) return null;
  if (row.disposalMethod === null || row.disposalGross === null || row.disposalCosts === null || row.disposalNet === null) {
    throw new Error(`pledge ${row.id} was disposed of on ${localDateOf(row.disposedOn)} but its disposal figures are incomplete`);
  }
  return {
    method: DisposalMethod.parse(row.disposalMethod),
    grossProceeds: moneyOfStored(row.disposalGross),
    costs: moneyOfStored(row.disposalCosts),
    netProceeds: moneyOfStored(row.disposalNet),
    disposedOn: localDateOf(row.disposedOn),
  };
}

export function toPledgeStep(row: TransitionRow): PledgeStep {
  return {
    // Steps recorded before the command was kept are named by the status they reached.
    step: row.command ?? (row.fromStatus === null ? 'submit' : `to-${row.toStatus.toLowerCase()}`),
    fromStatus: row.fromStatus === null ? null : PledgeStatus.parse(row.fromStatus),
    toStatus: PledgeStatus.parse(row.toStatus),
    actor: { orgId: row.actorOrgId, role: row.actorRole, userId: row.actorUserId },
    at: row.at,
    onDate: localDateOrNull(row.onDate),
    details: isRecord(row.details) ? row.details : null,
  };
}

export function toRegistrationVersion(row: VersionRow): RegistrationVersion {
  return {
    version: row.version,
    registrationNumber: row.registrationNumber,
    effectiveOn: localDateOf(row.effectiveOn),
    securedAmount: moneyOfStored(row.securedAmount),
    termMonths: row.termMonths,
    pledgorName: row.pledgorName,
    note: row.note,
    actor: { orgId: row.actorOrgId, role: row.actorRole, userId: row.actorUserId },
    recordedAt: row.recordedAt,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
