// The risk-compensation domain: pure rules, no framework, no I/O. The service, its repository and
// its event handlers build on these.
export * from './policy';
export * from './presets';
export * from './policy-binding';
export * from './borrower-year-cap';
export * from './claim-eligibility';
export * from './claim-lifecycle';
export * from './compensation';
export * from './fund-funding';
export * from './clawback';
export * from './subsidy-scheme';
export * from './subsidy-eligibility';
export * from './subsidy-computation';
export * from './subsidy-application-lifecycle';
export * from './on-time-repayment';
export * from './reference-day';
export * from './subsidy-presets';
export * from './borrower-facts';
export * from './shortfall-settlement';
