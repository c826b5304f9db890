import { NodeOperationError, updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { lookUpOrders, type RequestPriority, type TikTokOrderLookup, type TikTokShopClient } from '../../../../tiktok/client';
import { orderIdParameter } from '../../../shared/parameters';
import { orderItemJson } from './order-item';
import { processItems } from '../../../shared/process-items';
import { callOptions, idList } from '../parameters';

const properties: INodeProperties[] = [
  {
    ...orderIdParameter(['get']),
    displayName: 'Order IDs',
    description: 'One TikTok Shop order ID, several separated by commas, or a list from an expression. Each order becomes an item.',
  },
];

export const description = updateDisplayOptions({ show: { resource: ['order'], operation: ['get'] } }, properties);

type ItemRequest = { ids: string[]; priority: RequestPriority } | { error: unknown };

/**
 * The ids of every item are looked up together, 50 to a call, rather than one call per item; each
 * order then leaves as an item paired with the item that asked for it.
 */
export async function execute(this: IExecuteFunctions, client: TikTokShopClient): Promise<INodeExecutionData[][]> {
  const requests: ItemRequest[] = this.getInputData().map((_item, itemIndex) => {
    try {
      return { ids: idList(this, itemIndex, 'orderId', 'Order IDs'), priority: callOptions(this, itemIndex).priority ?? 'normal' };
    } catch (error) {
      return { error };
    }
  });
  const lookups = new Map<string, TikTokOrderLookup>();
  const byPriority = await Promise.all(
    (['high', 'normal'] as const).map((priority) =>
      lookUpOrders(client, requests.flatMap((request) => ('ids' in request && request.priority === priority ? request.ids : [])), { priority }),
    ),
  );
  for (const found of byPriority) for (const [id, lookup] of found) lookups.set(id, lookup);
  const orderItem = await orderItemJson(this);

  return processItems(this, 1, async (itemIndex) => {
    const request = requests[itemIndex];
    if ('error' in request) throw request.error;
    return request.ids.map((id) => {
      const lookup = lookups.get(id);
      if (lookup?.status === 'found') return { json: orderItem(lookup.order) };
      if (lookup?.status === 'failed') throw lookup.error;
      throw new NodeOperationError(this.getNode(), `Order ${id} was not found in the shop`, {
        itemIndex,
        description: "TikTok Shop answers only for the credential's shop: check the Order IDs parameter and the credential.",
      });
    });
  });
}
