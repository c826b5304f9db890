// The TikTok Shop simulator with one shop, the TikTok Shop API credential that points at it, and
// the TikTok Shop node in workflow JSON.
import type { INode, INodeParameters } from 'n8n-workflow';
import { startTikTokSimulator, type TikTokSimulator, type TikTokSimulatorShop } from '../../../tiktok/simulator';
import type { CredentialsByType } from './n8n-engine';
import { creatorFlowNode } from './workflow-builder';

export interface TikTokShopSimulation {
  simulator: TikTokSimulator;
  shop: TikTokSimulatorShop;
  /** What the workflow's TikTok Shop API credential holds: the shop's tokens, with the base URLs of the simulator. */
  credentials: CredentialsByType;
  /** Requests the simulator received on a route template since the mark `requestCount()` returned. */
  requestsSince(mark: number, template?: string): TikTokSimulator['requests'];
  requestCount(): number;
}

export async function startTikTokShopSimulation(): Promise<TikTokShopSimulation> {
  const simulator = await startTikTokSimulator();
  const shop = simulator.addShop();
  return {
    simulator,
    shop,
    credentials: { tikTokShopApi: { ...simulator.clientOptionsFor(shop), shopId: shop.shopId } },
    requestsSince: (mark, template) => simulator.requests.slice(mark).filter((request) => template === undefined || request.template === template),
    requestCount: () => simulator.requests.length,
  };
}

/** A TikTok Shop node; parameters not given take their defaults, as in the editor. */
export function tikTokShopNode(name: string, parameters: INodeParameters, settings: Partial<INode> = {}): INode {
  return creatorFlowNode('tikTokShop', name, parameters, settings);
}
