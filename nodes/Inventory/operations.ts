import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { Database } from '../../domain/database';
import { getOrder } from '../../domain/orders';
import { commitReservation, getStock, releaseExpiredReservations, releaseReservation, reserveInventory, setStock, type StockLine } from '../../domain/inventory';
import { InvalidInputError } from '../../domain/errors';
import { parseJsonParameter, toItemJson } from '../shared/json';
import { orderIdOf, requiredText, shopIdOf } from '../shared/parameter-values';
import type { ItemResult } from '../shared/process-items';

export const RESERVED_OUTPUT = 0;
export const INSUFFICIENT_OUTPUT = 1;

type Operation = (context: IExecuteFunctions, database: Database, itemIndex: number, input: IDataObject) => Promise<ItemResult>;


export const inventoryOperations: Record<string, Operation> = {
  async reserve(context, database, itemIndex, input) {
    const shopId = shopIdOf(context, itemIndex);
    const orderId = orderIdOf(context, itemIndex);
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
    const committed = await commitReservation(database, { shopId: shopIdOf(context, itemIndex), orderId: orderIdOf(context, itemIndex) });
    return { json: { ...input, committed: toItemJson(committed) } };
  },

  async release(context, database, itemIndex, input) {
    const { released } = await releaseReservation(database, { shopId: shopIdOf(context, itemIndex), orderId: orderIdOf(context, itemIndex) });
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
      shopId: shopIdOf(context, itemIndex),
      sku: requiredText(context, itemIndex, 'sku', 'SKU'),
      onHand: context.getNodeParameter('onHand', itemIndex) as number,
      ...options,
    });
    return { json: { ...input, stock: toItemJson(stock) } };
  },

  async getStock(context, database, itemIndex, input) {
    const stock = await getStock(database, { shopId: shopIdOf(context, itemIndex), sku: requiredText(context, itemIndex, 'sku', 'SKU') });
    return { json: { ...input, stock: toItemJson(stock) } };
  },
};
