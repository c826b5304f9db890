import type { IConnections, INode, INodeParameters } from 'n8n-workflow';
import { PACKAGE, type WorkflowJson } from './n8n-engine';

/** A CreatorFlow node as it appears in exported workflow JSON. */
export function creatorFlowNode(type: string, name: string, parameters: INodeParameters, settings: Partial<INode> = {}): INode {
  return {
    id: `${name.toLowerCase().replace(/\W+/g, '-')}-id`,
    name,
    type: `${PACKAGE}.${type}`,
    typeVersion: 1,
    position: [0, 0],
    parameters,
    credentials: {
      creatorFlowDatabaseApi: { id: 'db', name: 'CreatorFlow Database' },
      tikTokShopApi: { id: 'tiktok', name: 'TikTok Shop' },
      shippoApi: { id: 'shippo', name: 'Shippo' },
      easyPostApi: { id: 'easypost', name: 'EasyPost' },
    },
    ...settings,
  };
}

/** A workflow of the given nodes connected in a line through their first outputs. */
export function chain(...nodes: INode[]): WorkflowJson {
  const connections: IConnections = {};
  for (let i = 0; i + 1 < nodes.length; i++) {
    connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
  }
  return { nodes, connections };
}
