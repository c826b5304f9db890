import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';
import { CreatorFlowError } from '../../domain/errors';
import { RulesCompileError } from '../../dsl/diagnostics';
import { CarrierError, ShippingError } from '../../shipping/errors';
import { CircuitOpenError, TikTokApiError, TikTokClientError, TikTokInputError } from '../../tiktok/client/errors';

/**
 * Turns what the library throws into the error n8n shows: a remote service's failure becomes a
 * NodeApiError (with its HTTP status and code), our own refusals a NodeOperationError whose
 * description tells the operator what to change. Both carry the item index.
 */
export function toNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
  if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
  if (error instanceof TikTokClientError && !(error instanceof TikTokInputError)) {
    const httpCode = error instanceof TikTokApiError ? String(error.httpStatus) : undefined;
    return new NodeApiError(node, describe(error), {
      itemIndex,
      message: error.message,
      httpCode,
      description: `${tiktokAdvice(error)}${tiktokReference(error)}`,
    });
  }
  if (error instanceof CarrierError) {
    return new NodeApiError(node, describe(error), {
      itemIndex,
      message: error.message,
      httpCode: error.details.httpStatus === null ? undefined : String(error.details.httpStatus),
      description: error.retryable
        ? 'The carrier may accept the same call later; the label purchase resumes without buying twice.'
        : error.refused
          ? 'The carrier refused the request; check the shipment and the carrier credential.'
          : 'The carrier answered with something unusable; the label purchase resumes without buying twice.',
    });
  }
  if (error instanceof RulesCompileError) {
    return new NodeOperationError(node, `The rules do not compile: ${error.diagnostics.length} error${error.diagnostics.length === 1 ? '' : 's'}`, {
      itemIndex,
      description: error.message,
    });
  }
  if (error instanceof CreatorFlowError || error instanceof ShippingError || error instanceof TikTokInputError) {
    return new NodeOperationError(node, error.message, { itemIndex, description: `Error code: ${'code' in error ? String(error.code) : error.name}` });
  }
  return new NodeOperationError(node, error instanceof Error ? error : new Error(String(error)), { itemIndex });
}

function tiktokAdvice(error: TikTokClientError): string {
  if (error instanceof CircuitOpenError) return `TikTok Shop failed repeatedly, so calls pause until ${new Date(error.retryAt).toISOString()}; retry after that.`;
  return error.retryable ? 'TikTok Shop may accept the same call later; retry the item or the execution.' : 'Check the TikTok Shop credential and the parameters.';
}

/** TikTok's code and request id, which TikTok's support asks for. */
function tiktokReference(error: TikTokClientError): string {
  if (!(error instanceof TikTokApiError)) return '';
  return ` TikTok code ${error.code ?? 'none'}, request ID ${error.requestId ?? 'none'}.`;
}

function describe(error: Error): JsonObject {
  return { name: error.name, message: error.message, ...(error as unknown as JsonObject) };
}
