import { NodeOperationError, type ICredentialDataDecryptedObject, type IExecuteFunctions, type INodePropertyOptions } from 'n8n-workflow';
import type { CarrierAdapter } from '../../shipping/carrier';
import { EasyPostCarrier } from '../../shipping/carriers/easypost';
import { SELF_SHIP_CARRIER, SelfShipCarrier } from '../../shipping/carriers/self-ship';
import { ShippoCarrier } from '../../shipping/carriers/shippo';

interface CarrierSetup {
  /** As the Carriers parameter lists it. */
  displayName: string;
  credentialType: string;
  credentialName: string;
  create(credentials: ICredentialDataDecryptedObject, timeoutMs: number | undefined): CarrierAdapter;
}

const text = (credentials: ICredentialDataDecryptedObject, name: string): string => String(credentials[name] ?? '').trim();
const httpOptions = (credentials: ICredentialDataDecryptedObject, timeoutMs: number | undefined) => ({
  apiKey: text(credentials, 'apiKey'),
  baseUrl: text(credentials, 'baseUrl') || undefined,
  ...(timeoutMs === undefined ? {} : { timeoutMs }),
});

/** Keyed by the adapter's name, which quotes and stored labels carry. */
const carrierSetups: Record<string, CarrierSetup> = {
  easypost: { displayName: 'EasyPost', credentialType: 'easyPostApi', credentialName: 'EasyPost API', create: (c, timeoutMs) => new EasyPostCarrier(httpOptions(c, timeoutMs)) },
  [SELF_SHIP_CARRIER]: { displayName: 'Self-Ship', credentialType: 'creatorFlowSelfShipApi', credentialName: 'CreatorFlow Self-Ship API', create: (c) => new SelfShipCarrier({ secret: text(c, 'secret') }) },
  shippo: { displayName: 'Shippo', credentialType: 'shippoApi', credentialName: 'Shippo API', create: (c, timeoutMs) => new ShippoCarrier(httpOptions(c, timeoutMs)) },
};

export const CARRIER_OPTIONS: INodePropertyOptions[] = Object.entries(carrierSetups).map(([value, { displayName }]) => ({ name: displayName, value }));

/**
 * The adapters of the carriers chosen for the item, each built from its credential. A chosen
 * carrier without its credential on the node stops the item with an error that says which to set.
 */
export async function chosenCarriers(context: IExecuteFunctions, itemIndex: number, timeoutMs: number | undefined): Promise<CarrierAdapter[]> {
  const chosen = context.getNodeParameter('carriers', itemIndex, []) as string[];
  if (!Array.isArray(chosen) || chosen.length === 0) {
    throw new NodeOperationError(context.getNode(), 'The parameter "Carriers" is empty: choose at least one carrier', { itemIndex });
  }
  const node = context.getNode();
  return Promise.all(
    chosen.map(async (name) => {
      const setup = carrierSetups[name];
      if (!setup) throw new NodeOperationError(node, `The parameter "Carriers" names an unknown carrier "${name}"`, { itemIndex, description: `Known carriers: ${Object.keys(carrierSetups).join(', ')}` });
      if (!node.credentials?.[setup.credentialType]) {
        throw new NodeOperationError(node, `${setup.displayName} is among the carriers but the node has no ${setup.credentialName} credential`, {
          itemIndex,
          description: `Select a ${setup.credentialName} credential on the node, or remove ${setup.displayName} from "Carriers".`,
        });
      }
      return setup.create(await context.getCredentials(setup.credentialType, itemIndex), timeoutMs);
    }),
  );
}
