import { NodeConnectionTypes, type INodeType, type INodeTypeDescription, type IWebhookFunctions, type IWebhookResponseData } from 'n8n-workflow';
import { creatorFlowDatabaseConnectionTest } from '../shared/database-credential-test';
import { tikTokShopApiCredentialTest } from '../shared/tiktok-credential-test';
import { tiktokShopTriggerProperties } from './TikTokShopTriggerDescription';
import { handleTikTokDelivery } from './webhook-delivery';
import { tiktokShopWebhookMethods } from './webhook-subscriptions';

export class TikTokShopTrigger implements INodeType {
  description: INodeTypeDescription = {
    displayName: 'TikTok Shop Trigger',
    name: 'tikTokShopTrigger',
    icon: { light: 'file:tiktokShopTrigger.svg', dark: 'file:tiktokShopTrigger.dark.svg' },
    group: ['trigger'],
    version: 1,
    subtitle: '={{ $parameter["topics"].join(", ") }}',
    description: 'Starts the workflow when TikTok Shop sends a signed order, package, product or shop event',
    defaults: { name: 'TikTok Shop Trigger' },
    inputs: [],
    outputs: [NodeConnectionTypes.Main],
    credentials: [
      { name: 'tikTokShopApi', required: true, testedBy: 'tikTokShopApiCredentialTest' },
      { name: 'creatorFlowDatabaseApi', required: true, testedBy: 'creatorFlowDatabaseConnectionTest' },
    ],
    webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: '={{$parameter["path"]}}', isFullPath: true }],
    activationMessage: 'TikTok Shop now delivers the chosen topics to this workflow and each new event starts an execution.',
    eventTriggerDescription: 'Waiting for TikTok Shop to send an event',
    properties: tiktokShopTriggerProperties,
  };

  methods = { credentialTest: { tikTokShopApiCredentialTest, creatorFlowDatabaseConnectionTest } };

  webhookMethods = tiktokShopWebhookMethods;

  async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
    return handleTikTokDelivery(this);
  }
}
