// TikTok Shop integration: request and webhook signatures, exact-id JSON, webhook parsing, the
// Open API client and a local simulator of the service.
export * from './client';
export * from './json';
export * from './order';
export * from './signing';
export * from './simulator';
export * from './webhook';
