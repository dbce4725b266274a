export * from './local-date';
export * from './working-days';
