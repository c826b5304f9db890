export * from './errors';
export * from './parse';
export * from './receive';
export * from './topics';
export * from './filter';
export * from './refusal-status';
export * from './subscriptions';
export * from './missed-order-event';
