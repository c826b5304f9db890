// Runs workflow JSON through n8n's own engine (n8n-core's WorkflowExecute) with this package's
// nodes and credentials loaded by n8n's package loader from the built dist/, exactly as n8n
// loads a community package. Only the host's services (credential storage, sub-workflows) are
// provided here, since those belong to the n8n server, not to the engine.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// n8n-core writes its instance settings (encryption key) under the user folder on first import.
process.env.N8N_USER_FOLDER ??= mkdtempSync(path.join(tmpdir(), 'creatorflow-n8n-'));
// n8n's error reporter logs every node error; the tests assert on them instead.
process.env.N8N_LOG_LEVEL ??= 'silent';

import { Container } from '@n8n/di';
import { BinaryDataService, ExecutionLifecycleHooks, PackageDirectoryLoader, WorkflowExecute } from 'n8n-core';
import {
  ICredentialsHelper,
  Workflow,
  type ICredentialDataDecryptedObject,
  type IConnections,
  type IHttpRequestOptions,
  type INodeProperties,
  type IRequestOptionsSimplified,
  type INode,
  type INodeExecutionData,
  type INodeType,
  type INodeTypes,
  type IRun,
  type IRunExecutionData,
  type IWorkflowExecuteAdditionalData,
  type IVersionedNodeType,
} from 'n8n-workflow';

export const PACKAGE = 'n8n-nodes-creatorflow';
const repositoryRoot = path.resolve(__dirname, '../../..');

export interface WorkflowJson {
  nodes: INode[];
  connections: IConnections;
}

export type CredentialsByType = Record<string, ICredentialDataDecryptedObject>;

/** The package as n8n's loader sees it (package.json `n8n.nodes` / `n8n.credentials` in dist/). */
let loaderPromise: Promise<PackageDirectoryLoader> | undefined;
export function loadPackage(): Promise<PackageDirectoryLoader> {
  loaderPromise ??= (async () => {
    const loader = new PackageDirectoryLoader(repositoryRoot);
    await loader.loadAll();
    await Container.get(BinaryDataService).init();
    return loader;
  })();
  return loaderPromise;
}

class PackageNodeTypes implements INodeTypes {
  constructor(private readonly loader: PackageDirectoryLoader) {}

  getByName(nodeType: string): INodeType | IVersionedNodeType {
    return this.loader.getNode(this.shortName(nodeType)).type;
  }

  getByNameAndVersion(nodeType: string, version?: number): INodeType {
    const type = this.getByName(nodeType);
    return 'nodeVersions' in type ? type.getNodeType(version) : type;
  }

  getKnownTypes() {
    return this.loader.known.nodes;
  }

  private shortName(nodeType: string): string {
    if (!nodeType.startsWith(`${PACKAGE}.`)) throw new Error(`Only ${PACKAGE} nodes are loaded here, not ${nodeType}`);
    return nodeType.slice(PACKAGE.length + 1);
  }
}

/** The credential store an n8n server would provide: decrypted data by credential type. */
export class TestCredentialsHelper extends ICredentialsHelper {
  constructor(private readonly credentials: CredentialsByType) {
    super();
  }

  getParentTypes(): string[] {
    return [];
  }

  async authenticate(_credentials: ICredentialDataDecryptedObject, _type: string, request: IHttpRequestOptions | IRequestOptionsSimplified, _workflow?: Workflow, _node?: INode): Promise<IHttpRequestOptions> {
    return request as IHttpRequestOptions;
  }

  async preAuthentication() {
    return undefined;
  }

  async runPreAuthentication() {
    return undefined;
  }

  async getCredentials(): Promise<never> {
    throw new Error('Encrypted credentials are not used by these tests');
  }

  async getDecrypted(_additionalData: IWorkflowExecuteAdditionalData, nodeCredentials: { name: string }, type: string): Promise<ICredentialDataDecryptedObject> {
    const data = this.credentials[type];
    if (!data) throw new Error(`No "${type}" credential configured for this test (node credential "${nodeCredentials.name}")`);
    return data;
  }

  async updateCredentials(): Promise<void> {}

  async updateCredentialsOauthTokenData(): Promise<void> {}

  getCredentialsProperties(): INodeProperties[] {
    return [];
  }

  isCredentialUsableByNode(): boolean {
    return true;
  }
}

export interface RunOptions {
  /** Items the first node receives. */
  input?: INodeExecutionData[];
  credentials: CredentialsByType;
  /** Name of the node the execution starts at (default: the first node). */
  startNode?: string;
}

let executionCounter = 0;

/** Runs a workflow from its start node with `input` and resolves with n8n's run data. */
export async function runWorkflow(workflowJson: WorkflowJson, options: RunOptions): Promise<IRun> {
  const loader = await loadPackage();
  const nodeTypes = new PackageNodeTypes(loader);
  const workflow = new Workflow({ id: 'test-workflow', nodes: workflowJson.nodes, connections: workflowJson.connections, active: false, nodeTypes, settings: { executionOrder: 'v1' } });
  const startNode = workflow.getNode(options.startNode ?? workflowJson.nodes[0].name);
  if (!startNode) throw new Error(`No node named ${options.startNode}`);

  const executionId = String(++executionCounter);
  const hooks = new ExecutionLifecycleHooks('manual', executionId, { id: workflow.id, name: 'test', nodes: workflowJson.nodes, connections: workflowJson.connections, active: false, isArchived: false, createdAt: new Date(), updatedAt: new Date(), activeVersionId: null });
  let resolveFinished!: (run: IRun) => void;
  const finished = new Promise<IRun>((resolve) => (resolveFinished = resolve));
  hooks.addHandler('workflowExecuteAfter', (run) => resolveFinished(run));

  const additionalData = {
    hooks,
    credentialsHelper: new TestCredentialsHelper(options.credentials),
    executionId,
    currentNodeExecutionIndex: 0,
    restApiUrl: 'http://127.0.0.1/rest',
    instanceBaseUrl: 'http://127.0.0.1/',
    formBaseUrl: '', formWaitingBaseUrl: '', formTestBaseUrl: '',
    webhookBaseUrl: 'http://127.0.0.1/webhook', webhookWaitingBaseUrl: '', webhookTestBaseUrl: '',
    mcpBaseUrl: '', mcpTestBaseUrl: '',
    variables: {},
    executeWorkflow: async () => {
      throw new Error('Sub-workflows are run by the n8n server, not by these tests');
    },
    getRunExecutionData: async () => undefined,
    getRuntimeCredential: async () => undefined,
    logAiEvent: () => undefined,
    startRunnerTask: async () => {
      throw new Error('Code nodes are not loaded here');
    },
  } as unknown as IWorkflowExecuteAdditionalData;

  const runExecutionData = {
    version: 1,
    startData: {},
    resultData: { runData: {} },
    executionData: {
      contextData: {},
      metadata: {},
      waitingExecution: {},
      waitingExecutionSource: null,
      nodeExecutionStack: [{ node: startNode, data: { main: [options.input ?? [{ json: {} }]] }, source: null }],
    },
  } as unknown as IRunExecutionData;
  await new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(workflow);
  return finished;
}

/** The items a node sent out of one of its outputs (its first run). */
export function outputOf(run: IRun, nodeName: string, outputIndex = 0): INodeExecutionData[] {
  const task = run.data.resultData.runData[nodeName]?.[0];
  if (!task) throw new Error(`Node "${nodeName}" did not run; error: ${run.data.resultData.error?.message ?? 'none'}`);
  if (task.error) throw new Error(`Node "${nodeName}" failed: ${task.error.message}`);
  return task.data?.main[outputIndex] ?? [];
}

/** The error a node stopped the execution with. */
export function errorOf(run: IRun, nodeName: string) {
  const task = run.data.resultData.runData[nodeName]?.[0];
  if (!task?.error) throw new Error(`Node "${nodeName}" did not fail`);
  return task.error;
}
