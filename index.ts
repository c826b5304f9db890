// The library core; n8n nodes and credentials are thin adapters over what this exports.
export * from './dsl';
export * from './domain';
export * from './tiktok';
export * from './viral';
export * from './shipping';
