import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The seller's key for the built-in self-ship carrier. It keys the tracking numbers and signs the
 * quotes, so it must stay secret and stay the same across restarts: a credential (encrypted at
 * rest, never exported with a workflow) rather than a node parameter. Tested by the Shipping
 * Label node, which checks that the carrier accepts it.
 */
export class CreatorFlowSelfShipApi implements ICredentialType {
  name = 'creatorFlowSelfShipApi';

  displayName = 'CreatorFlow Self-Ship API';

  icon = 'file:../nodes/shared/creatorflow.svg' as const;

  documentationUrl = 'https://github.com/creatorflow/n8n-nodes-creatorflow#creatorflow-self-ship-api';

  properties: INodeProperties[] = [
    {
      displayName: 'Label Secret',
      name: 'secret',
      type: 'string',
      typeOptions: { password: true },
      default: '',
      required: true,
      description:
        'At least 16 characters, e.g. from `openssl rand -hex 32`. Keep it: a changed secret gives an order a different tracking number and makes stored quotes unbuyable.',
    },
  ];
}
