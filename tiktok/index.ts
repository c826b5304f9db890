// TikTok Shop integration: request and webhook signatures, webhook parsing, the Open API client
// and a local simulator of the service.
export * from './signing';
