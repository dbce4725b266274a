export * from './local-date';
export * from './working-days';
export * from './outside-fact-dates';
