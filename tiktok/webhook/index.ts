export * from './errors';
export * from './parse';
export * from './receive';
export * from './topics';
