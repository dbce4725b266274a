import { bucketOf, riskClassFloor } from './delinquency';

describe('how late a loan is', () => {
  it('falls in a bucket per 30 days past due', () => {
    expect([0, 1, 30, 31, 60, 61, 150, 151, 180, 181, 1000].map(bucketOf)).toEqual([
      'C',
      'M1',
      'M1',
      'M2',
      'M2',
      'M3',
      'M5',
      'M6',
      'M6',
      'M7+',
      'M7+',
    ]);
  });

  it('is at least 关注 once overdue, 次级 after 90 days, 可疑 after 270, 损失 after 360', () => {
    expect([0, 1, 90, 91, 270, 271, 360, 361].map(riskClassFloor)).toEqual([
      'normal',
      'special-mention',
      'special-mention',
      'substandard',
      'substandard',
      'doubtful',
      'doubtful',
      'loss',
    ]);
  });

  it('refuses days that are no whole number of days', () => {
    expect(() => bucketOf(-1)).toThrow(RangeError);
    expect(() => riskClassFloor(1.5)).toThrow(RangeError);
  });
});
