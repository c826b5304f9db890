import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';
import { SHIPPO_API_BASE_URL } from '../shipping/carriers/shippo';

/**
 * A Shippo account's API token (live or test). The Shipping Label node buys through the library's
 * Shippo adapter; `authenticate` and `test` are for n8n itself, which signs its credential test
 * with them.
 */
export class ShippoApi implements ICredentialType {
  name = 'shippoApi';

  displayName = 'Shippo API';

  icon = 'file:../nodes/ShippingLabel/shippo.svg' as const;

  documentationUrl = 'https://github.com/creatorflow/n8n-nodes-creatorflow#shippo-api';

  properties: INodeProperties[] = [
    {
      displayName: 'API Token',
      name: 'apiKey',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      required: true,
      description: 'From Shippo: Settings › Advanced › API. A test token (shippo_test_…) buys test labels that cost nothing.',
    },
    {
      displayName: 'Base URL',
      name: 'baseUrl',
      type: 'string',
      default: SHIPPO_API_BASE_URL,
      description: 'Change only to reach a proxy or a local stand-in of the Shippo API',
    },
  ];

  authenticate: IAuthenticateGeneric = {
    type: 'generic',
    properties: { headers: { Authorization: '=ShippoToken {{$credentials.apiKey}}' } },
  };

  // Listing one saved address is authenticated, reads nothing large and buys nothing.
  test: ICredentialTestRequest = {
    request: { baseURL: '={{$credentials.baseUrl}}', url: '/addresses', qs: { results: 1 } },
  };
}
