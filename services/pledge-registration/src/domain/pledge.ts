// A pledge application as the service knows it: the amount as Money, calendar days as LocalDate,
// statuses and reasons as their unions. The repository reads pledges into this shape; rules,
// events and the HTTP answer start from it.
import type { LocalDate } from '@ipledger/calendar';
import type { CorrectionReason, DisposalMethod, FirmSize, IpType, PledgeStatus, RefusalReason } from '@ipledger/contracts';

import type { Money } from '@ipledger/money';
import type { z } from 'zod';

export interface PledgedIpItem {
  readonly ipType: IpType;
  readonly number: string;
  readonly title: string | null;
}

/** The outcome of disposing of the pledged IP (处置); all figures are set together. */
export interface Disposal {
  readonly method: z.infer<typeof DisposalMethod>;
  readonly grossProceeds: Money;
  readonly costs: Money;
  readonly netProceeds: Money;
  readonly disposedOn: LocalDate;
}

export interface Pledge {
  readonly id: string;
  readonly status: PledgeStatus;
  readonly bankOrgId: string;
  readonly pledgorUscc: string;
  readonly pledgorName: string;
  /** 大中小微 (中小企业划型标准规定) and the GB/T 4754 section, when the bank stated them. */
  readonly pledgorFirmSize: FirmSize | null;
  readonly pledgorIndustry: string | null;
  /** In item order. */
  readonly ipItems: readonly PledgedIpItem[];
  /** As applied for; once registered, the amount secured by the latest registration version. */
  readonly requestedLoanAmount: Money;
  readonly termMonths: number;
  readonly districtCode: string;
  readonly registrationNumber: string | null;
  readonly registrationDate: LocalDate | null;
  readonly loanId: string | null;
  readonly releasedOn: LocalDate | null;
  /** Known once LoanDefaulted arrives: disposal is allowed from then on. */
  readonly loanDefaultedOn: LocalDate | null;
  readonly disposal: Disposal | null;
  /** The appraiser the bank named; null for pledges submitted before appraisers were named. */
  readonly appraiserOrgId: string | null;
  /** 补正: the bureau's reasons as stored (they matter while RETURNED). */
  readonly correctionReasons: readonly z.infer<typeof CorrectionReason>[] | null;
  readonly refusal: { readonly reason: z.infer<typeof RefusalReason>; readonly note: string } | null;
  readonly registrationVersion: number | null;
  /** Instants, not calendar days: first receipt, latest receipt (starts the decision deadline), last change. */
  readonly submittedAt: Date;
  readonly receivedAt: Date;
  readonly updatedAt: Date;
  /** Optimistic-concurrency version: a change applies only to the version it was decided on. */
  readonly version: number;
}

/** One lifecycle step of a pledge, as its history shows it. */
export interface PledgeStep {
  readonly step: string;
  readonly fromStatus: PledgeStatus | null;
  readonly toStatus: PledgeStatus;
  readonly actor: { readonly orgId: string; readonly role: string; readonly userId: string | null };
  readonly at: Date;
  readonly onDate: LocalDate | null;
  readonly details: Record<string, unknown> | null;
}

/** One version of a pledge's registration (1 at registration, +1 per 变更登记). */
export interface RegistrationVersion {
  readonly version: number;
  readonly registrationNumber: string;
  readonly effectiveOn: LocalDate;
  readonly securedAmount: Money;
  readonly termMonths: number;
  readonly pledgorName: string;
  readonly note: string | null;
  readonly actor: { readonly orgId: string; readonly role: string; readonly userId: string | null };
  readonly recordedAt: Date;
}
