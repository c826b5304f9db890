import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { Database } from '../../domain/database';
import { getOrder } from '../../domain/orders';
import { commitReservation, getStock, releaseExpiredReservations, releaseReservation, reserveInventory, setStock, type StockLine } from '../../domain/inventory';
import { InvalidInputError } from '../../domain/errors';
import { parseJsonParameter, toItemJson } from '../shared/json';
import type { ItemResult } from '../shared/process-items';

export const RESERVED_OUTPUT = 0;
export const INSUFFICIENT_OUTPUT = 1;

type Operation = (context: IExecuteFunctions, database: Database, itemIndex: number, input: IDataObject) => Promise<ItemResult>;

const shopOf = (context: IExecuteFunctions, itemIndex: number) => context.getNodeParameter('shopId', itemIndex) as string;
const orderOf = (context: IExecuteFunctions, itemIndex: number) => context.getNodeParameter('orderId', itemIndex) as string;

export const inventoryOperations: Record<string, Operation> = {
  async reserve(context, database, itemIndex, input) {
    const shopId = shopOf(context, itemIndex);
    const orderId = orderOf(context, itemIndex);
    const lines = context.getNodeParameter('linesFrom', itemIndex) === 'custom'
      ? (parseJsonParameter(context.getNodeParameter('lines', itemIndex), 'Lines') as StockLine[])
      : (await getOrder(database, { shopId, orderId })).items.map(({ sku, quantity }) => ({ sku, quantity }));
    if (!Array.isArray(lines)) throw new InvalidInputError('Lines must be a JSON list of { "sku": "...", "quantity": 1 }');
    const priority = context.getNodeParameter('priority', itemIndex) as string;
    const ttlSeconds = Math.round((context.getNodeParameter('holdMinutes', itemIndex) as number) * 60);
    const result = await reserveInventory(database, { shopId, orderId, lines, ttlSeconds, ...(priority === 'order' ? {} : { priority }) });
    const { reorderRequests, ...reservation } = result;
    return {
      output: result.status === 'reserved' ? RESERVED_OUTPUT : INSUFFICIENT_OUTPUT,
      json: { ...input, reservation: toItemJson(reservation), reorderRequests: reorderRequests.map(toItemJson) },
    };
  },

  async commit(context, database, itemIndex, input) {
    const committed = await commitReservation(database, { shopId: shopOf(context, itemIndex), orderId: orderOf(context, itemIndex) });
    return { json: { ...input, committed: toItemJson(committed) } };
  },

  async release(context, database, itemIndex, input) {
    const { released } = await releaseReservation(database, { shopId: shopOf(context, itemIndex), orderId: orderOf(context, itemIndex) });
    return { json: { ...input, released: released.map(toItemJson) } };
  },

  async releaseExpired(context, database, itemIndex) {
    const batchSize = context.getNodeParameter('batchSize', itemIndex) as number;
    const { expired } = await releaseExpiredReservations(database, { batchSize });
    return { json: { releasedCount: expired.length, expired: expired.map(toItemJson) } };
  },

  async setStock(context, database, itemIndex, input) {
    const options = context.getNodeParameter('stockOptions', itemIndex, {}) as { safetyStock?: number; reorderPoint?: number; reorderQuantity?: number };
    const stock = await setStock(database, {
      shopId: shopOf(context, itemIndex),
      sku: context.getNodeParameter('sku', itemIndex) as string,
      onHand: context.getNodeParameter('onHand', itemIndex) as number,
      ...options,
    });
    return { json: { ...input, stock: toItemJson(stock) } };
  },

  async getStock(context, database, itemIndex, input) {
    const stock = await getStock(database, { shopId: shopOf(context, itemIndex), sku: context.getNodeParameter('sku', itemIndex) as string });
    return { json: { ...input, stock: toItemJson(stock) } };
  },
};
