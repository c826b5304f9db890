import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData, IPairedItemData, NodeApiError, NodeOperationError } from 'n8n-workflow';
import { toNodeError } from './node-errors';

/** What one input item produced: JSON (and binary data) for one of the node's outputs. */
export interface ItemResult {
  json: IDataObject;
  binary?: IBinaryKeyData;
  /** Index of the output the item leaves by; 0 when the node has one. */
  output?: number;
}

/**
 * The per-item loop every CreatorFlow action node shares: each input item is handled on its own,
 * every output item is paired with the item it came from, and a failure either stops the node
 * with the item's index or, under "Continue (using error output)" / "Continue On Fail", becomes an
 * item carrying the error (n8n moves such items to the error output when one is configured).
 */
export async function processItems(
  context: IExecuteFunctions,
  outputCount: number,
  handle: (itemIndex: number, item: INodeExecutionData) => Promise<ItemResult | ItemResult[]>,
  /** Where failed items leave under "Continue On Fail": like n8n's If node, by the branch that takes nothing further. */
  failureOutput = 0,
): Promise<INodeExecutionData[][]> {
  const items = context.getInputData();
  const outputs: INodeExecutionData[][] = Array.from({ length: outputCount }, () => []);
  for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
    const pairedItem = { item: itemIndex };
    try {
      const results = await handle(itemIndex, items[itemIndex]);
      for (const result of Array.isArray(results) ? results : [results]) {
        outputs[result.output ?? 0].push({ json: result.json, ...(result.binary ? { binary: result.binary } : {}), pairedItem });
      }
    } catch (error) {
      const nodeError = toNodeError(context.getNode(), error, itemIndex);
      if (!context.continueOnFail()) throw nodeError;
      outputs[failureOutput].push(failedItem(context, items[itemIndex], nodeError, pairedItem));
    }
  }
  return outputs;
}

/**
 * The input item's fields plus `error`, so that the next node still finds the shop and order it is
 * about. With an error output, n8n routes an item whose JSON is only `error` there and adds the
 * paired input item's fields itself; an item carrying the error object would instead have its JSON
 * replaced by `{ error }` (n8n-core's normalizeNodeErrors), losing them.
 */
function failedItem(context: IExecuteFunctions, input: INodeExecutionData, error: NodeApiError | NodeOperationError, pairedItem: IPairedItemData): INodeExecutionData {
  if (context.getNode().onError === 'continueErrorOutput') return { json: { error: error.message }, pairedItem };
  return { json: { ...input.json, error: error.message }, pairedItem };
}
