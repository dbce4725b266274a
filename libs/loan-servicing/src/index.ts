export * from './day-count';
export * from './reference-rates';
export * from './repayment-schedule';
export * from './interest-accrual';
export * from './delinquency';
export * from './servicing-position';
export * from './early-repayment';
export * from './principal-days';
