import { NodeOperationError, type IHookFunctions, type IWebhookFunctions } from 'n8n-workflow';
import type { TikTokInputError } from '../../tiktok/client/errors';
import { parseTikTokWebhookFilter, type TikTokWebhookFilter } from '../../tiktok/webhook/filter';
import { DEFAULT_MAX_BODY_KILOBYTES } from './TikTokShopTriggerDescription';

export interface TriggerSettings {
  filter: TikTokWebhookFilter;
  maxBodyBytes: number;
}

/** The trigger's parameters, checked: activation and every delivery read them through here. */
export function triggerSettings(context: IHookFunctions | IWebhookFunctions): TriggerSettings {
  const node = context.getNode();
  const maxBodyKilobytes = context.getNodeParameter('options.maxBodyKilobytes', DEFAULT_MAX_BODY_KILOBYTES) as number;
  if (typeof maxBodyKilobytes !== 'number' || !(maxBodyKilobytes > 0)) {
    throw new NodeOperationError(node, `Maximum Body Size (KB) must be a positive number, got ${String(maxBodyKilobytes)}`);
  }
  const topics = context.getNodeParameter('topics', []);
  const orderStatuses = context.getNodeParameter('options.orderStatuses', []);
  try {
    return { filter: parseTikTokWebhookFilter({ topics, orderStatuses }), maxBodyBytes: Math.ceil(maxBodyKilobytes * 1024) };
  } catch (error) {
    // parseTikTokWebhookFilter throws TikTokInputError only, naming the field and the problem.
    throw new NodeOperationError(node, `The Topics or Order Statuses parameter is not valid: ${(error as TikTokInputError).message}`, {
      description: 'Choose from the lists; an expression must give the codes, e.g. ORDER_STATUS_CHANGE or AWAITING_SHIPMENT',
    });
  }
}
