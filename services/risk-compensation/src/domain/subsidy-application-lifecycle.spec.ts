import { Money } from '@ipledger/money';
import { fourEyesRefusal, paymentFourEyesRefusal } from './claim-lifecycle';
import { SUBSIDY_SUBJECT, subsidyApplicationTransition } from './subsidy-application-lifecycle';

describe('subsidy application lifecycle', () => {
  it('allows prepare → approve → pay and reject before a decision', () => {
    expect(subsidyApplicationTransition('PENDING', 'prepare')).toEqual({ ok: true, from: 'PENDING', to: 'PREPARED' });
    expect(subsidyApplicationTransition('PREPARED', 'approve')).toEqual({ ok: true, from: 'PREPARED', to: 'APPROVED' });
    expect(subsidyApplicationTransition('APPROVED', 'pay')).toEqual({ ok: true, from: 'APPROVED', to: 'PAID' });
    expect(subsidyApplicationTransition('PREPARED', 'reject')).toEqual({ ok: true, from: 'PREPARED', to: 'REJECTED' });
  });

  it('refuses a second decision and paying what was not approved', () => {
    expect(subsidyApplicationTransition('APPROVED', 'reject')).toEqual({
      ok: false,
      reason: 'an application can reject only when PENDING or PREPARED; this one is APPROVED',
    });
    expect(subsidyApplicationTransition('PENDING', 'pay').ok).toBe(false);
    expect(subsidyApplicationTransition('PAID', 'pay').ok).toBe(false);
  });

  it('names the application and the scheme in its four-eyes refusals', () => {
    const above = fourEyesRefusal(
      { dualControlAbove: '10000.00' },
      { status: 'PENDING', preparedByUserId: null, approverUserId: 'liu.yang', approvedAmount: Money.of('45000.00') },
      SUBSIDY_SUBJECT,
    );
    expect(above).toBe(
      "four-eyes rule: the approved amount 45000.00 is above the scheme's dual-control threshold 10000.00; one bureau user prepares the subsidy application (POST /api/subsidy-applications/{applicationId}/prepare), another approves it",
    );
    expect(
      fourEyesRefusal(
        { dualControlAbove: '10000.00' },
        { status: 'PENDING', preparedByUserId: null, approverUserId: 'liu.yang', approvedAmount: Money.of('9000.00') },
        SUBSIDY_SUBJECT,
      ),
    ).toBeUndefined();
    expect(paymentFourEyesRefusal({ id: 'sap_1', approverUserId: 'liu.yang' }, 'liu.yang', SUBSIDY_SUBJECT)).toBe(
      'four-eyes rule: liu.yang approved subsidy application sap_1 and may not also record its payout; another bureau user must',
    );
  });
});
