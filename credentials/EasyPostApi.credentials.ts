import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';
import { EASYPOST_API_BASE_URL } from '../shipping/carriers/easypost';

/**
 * An EasyPost account's API key (production or test). The Shipping Label node buys through the
 * library's EasyPost adapter; `authenticate` and `test` are for n8n itself, which signs its
 * credential test with them (EasyPost takes the key as the Basic auth user, with no password).
 */
export class EasyPostApi implements ICredentialType {
  name = 'easyPostApi';

  displayName = 'EasyPost API';

  icon = 'file:../nodes/ShippingLabel/easypost.svg' as const;

  documentationUrl = 'https://github.com/creatorflow/n8n-nodes-creatorflow#easypost-api';

  properties: INodeProperties[] = [
    {
      displayName: 'API Key',
      name: 'apiKey',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      required: true,
      description: 'From EasyPost: Account Settings › API Keys. A test key (EZTK…) buys test labels that cost nothing.',
    },
    {
      displayName: 'Base URL',
      name: 'baseUrl',
      type: 'string',
      default: EASYPOST_API_BASE_URL,
      description: 'Change only to reach a proxy or a local stand-in of the EasyPost API',
    },
  ];

  authenticate: IAuthenticateGeneric = {
    type: 'generic',
    properties: { auth: { username: '={{$credentials.apiKey}}', password: '' } },
  };

  // Listing one saved address is authenticated, reads nothing large and buys nothing.
  test: ICredentialTestRequest = {
    request: { baseURL: '={{$credentials.baseUrl}}', url: '/v2/addresses', qs: { page_size: 1 } },
  };
}
