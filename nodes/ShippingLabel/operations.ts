import type { IBinaryKeyData, IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { Database } from '../../domain/database';
import { readLabelFile } from '../../shipping/labels/label-file';
import type { ShippingLabel } from '../../shipping/labels/label-store';
import { getOrderLabel, getOrderLabelHistory } from '../../shipping/labels/order-labels';
import { purchaseOrderLabel } from '../../shipping/labels/purchase-label';
import { voidOrderLabel } from '../../shipping/labels/void-label';
import { serviceLevelOf } from '../../shipping/select-carrier';
import { requiredText } from '../shared/parameter-values';
import { toItemJson } from '../shared/json';
import type { ItemResult } from '../shared/process-items';
import { chosenCarriers } from './carriers';
import { readRecipient } from './recipient';
import { readSelection, readShipment, readTimeoutMs } from './shipment-parameters';

type Operation = (context: IExecuteFunctions, database: Database, itemIndex: number, input: IDataObject) => Promise<ItemResult>;

function orderOf(context: IExecuteFunctions, itemIndex: number): { shopId: string; orderId: string } {
  return { shopId: requiredText(context, itemIndex, 'shopId', 'Shop ID'), orderId: requiredText(context, itemIndex, 'orderId', 'Order ID') };
}

/** A label as the item shows it: what an operator or the next node reads, without its bytes or the raw quote. */
function labelJson(label: ShippingLabel): IDataObject {
  return toItemJson({
    status: label.status,
    carrier: label.carrier,
    provider: label.provider,
    service: label.service,
    serviceLevel: serviceLevelOf(label.rate),
    trackingNumber: label.trackingNumber,
    cost: label.amount,
    currency: label.currency,
    format: label.format,
    labelUrl: label.labelUrl,
    failure: label.failure,
    createdAt: label.createdAt,
    purchasedAt: label.purchasedAt,
    voidedAt: label.voidedAt,
  });
}

/** The label's file as n8n binary data under the field the operator named. */
async function labelBinary(context: IExecuteFunctions, itemIndex: number, label: ShippingLabel, timeoutMs: number | undefined): Promise<IBinaryKeyData> {
  const field = requiredText(context, itemIndex, 'binaryPropertyName', 'Put Label File in Field');
  const file = await readLabelFile(label, { timeoutMs, signal: context.getExecutionCancelSignal() });
  return { [field]: await context.helpers.prepareBinaryData(file.data, file.fileName, file.mimeType) };
}

export const shippingLabelOperations: Record<string, Operation> = {
  async buyLabel(context, database, itemIndex, input) {
    const order = orderOf(context, itemIndex);
    const shipment = readShipment(context, itemIndex, await readRecipient(context, database, itemIndex, order));
    const selection = readSelection(context, itemIndex);
    const timeoutMs = readTimeoutMs(context, itemIndex);
    const carriers = await chosenCarriers(context, itemIndex, timeoutMs);
    const purchase = await purchaseOrderLabel(database, { ...order, shipment, carriers, selection, signal: context.getExecutionCancelSignal() });
    const { label, outcome } = purchase;
    return {
      json: {
        ...input,
        label: {
          ...labelJson(label),
          outcome,
          alreadyBought: outcome !== 'bought',
          explanation: purchase.selection?.explanation ?? null,
          carrierFailures: purchase.failures.map(({ carrier, error }) => ({ carrier, error: error.message })),
        },
      },
      binary: await labelBinary(context, itemIndex, label, timeoutMs),
    };
  },

  async getLabel(context, database, itemIndex, input) {
    const order = orderOf(context, itemIndex);
    const label = await getOrderLabel(database, order);
    const json: IDataObject = { ...input, label: label && labelJson(label) };
    if (context.getNodeParameter('includeHistory', itemIndex, false)) json.labelHistory = (await getOrderLabelHistory(database, order)).map(labelJson);
    const download = label?.status === 'active' && context.getNodeParameter('downloadLabel', itemIndex, false) === true;
    return { json, ...(download ? { binary: await labelBinary(context, itemIndex, label, readTimeoutMs(context, itemIndex)) } : {}) };
  },

  async voidLabel(context, database, itemIndex, input) {
    const carriers = await chosenCarriers(context, itemIndex, readTimeoutMs(context, itemIndex));
    const { voided } = await voidOrderLabel(database, { ...orderOf(context, itemIndex), carriers, signal: context.getExecutionCancelSignal() });
    return { json: { ...input, voided: voided && labelJson(voided) } };
  },
};
