import { FAULT_POINTS, parseFaultPoints } from './fault-points';

describe('parseFaultPoints', () => {
  it('reads names with probabilities, 1 when none is given', () => {
    expect([...parseFaultPoints('outbox.after-publish=0.25, consumer.after-handle')]).toEqual([
      [FAULT_POINTS.outboxAfterPublish, 0.25],
      [FAULT_POINTS.consumerAfterHandle, 1],
    ]);
  });

  it('is empty when unset', () => {
    expect(parseFaultPoints(undefined).size).toBe(0);
    expect(parseFaultPoints(' ').size).toBe(0);
  });

  it('refuses an unknown point or a probability outside [0, 1], naming it', () => {
    expect(() => parseFaultPoints('outbox.after-pub=1')).toThrow('unknown fault point "outbox.after-pub"');
    expect(() => parseFaultPoints('outbox.after-publish=2')).toThrow(
      'probability of outbox.after-publish must be between 0 and 1, got "2"',
    );
    expect(() => parseFaultPoints('outbox.after-publish=x')).toThrow('got "x"');
  });
});
