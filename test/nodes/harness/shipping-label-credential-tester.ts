// Runs a credential type's declarative test (`test.request`) the way the n8n server's credential
// tester does: the request becomes the routing of a throwaway node that n8n-core's own RoutingNode
// executes, and the request is signed with the credential's `authenticate` by a credentials helper
// that resolves it as the server's does (each header, query, body or auth entry an expression over
// `$credentials`). Only the server's part is stood in for; the request goes out over real HTTP.
import {
  ExecuteContext,
  RoutingNode,
} from 'n8n-core';
import {
  Workflow,
  type ICredentialDataDecryptedObject,
  type ICredentialType,
  type IHttpRequestOptions,
  type INode,
  type INodeCredentialTestResult,
  type INodeType,
  type IRunExecutionData,
  type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { loadPackage, TestCredentialsHelper } from './n8n-engine';

/** The credential decrypted, and its request signed as the n8n server signs it. */
class SigningCredentialsHelper extends TestCredentialsHelper {
  constructor(
    private readonly credentialType: ICredentialType,
    data: ICredentialDataDecryptedObject,
  ) {
    super({ [credentialType.name]: data });
  }

  override async authenticate(credentials: ICredentialDataDecryptedObject, _type: string, request: IHttpRequestOptions, workflow?: Workflow, node?: INode): Promise<IHttpRequestOptions> {
    if (!workflow || !node) throw new Error('A credential test signs requests of a node in a workflow');
    const { authenticate } = this.credentialType;
    if (typeof authenticate !== 'object' || authenticate.type !== 'generic') return request;
    const resolve = (value: unknown) => {
      const resolved = typeof value === 'string' && value.startsWith('=') ? workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '') : value;
      return resolved ? String(resolved) : '';
    };
    const signed = request as unknown as Record<string, Record<string, string>>;
    for (const [part, entries] of Object.entries(authenticate.properties)) {
      signed[part] ??= {};
      for (const [key, value] of Object.entries(entries as Record<string, unknown>)) signed[part][resolve(key)] = resolve(value);
    }
    return request;
  }

  override getCredentialsProperties() {
    return this.credentialType.properties;
  }
}

/** The result the n8n editor shows after "Test" on a credential of `type` holding `data`. */
export async function testCredential(type: string, data: ICredentialDataDecryptedObject): Promise<INodeCredentialTestResult> {
  const credentialType = (await loadPackage()).getCredential(type).type;
  if (!credentialType.test) throw new Error(`The ${type} credential has no declarative test`);
  const nodeType: INodeType = {
    description: {
      displayName: 'Credential Test',
      name: 'credentialTest',
      group: ['transform'],
      version: 1,
      description: '',
      defaults: {},
      inputs: [],
      outputs: [],
      credentials: [{ name: type, required: true }],
      properties: [{ displayName: 'Temp', name: 'temp', type: 'string', default: '', routing: { request: credentialType.test.request } }],
    },
  };
  const node: INode = { id: 'temp', name: 'Temp-Node', type: 'credentialTest', typeVersion: 1, position: [0, 0], parameters: {}, credentials: { [type]: { id: 'tested', name: 'Tested' } } };
  const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) } });
  const additionalData = { credentialsHelper: new SigningCredentialsHelper(credentialType, data), variables: {} } as unknown as IWorkflowExecuteAdditionalData;
  const runExecutionData = { resultData: { runData: {} } } as unknown as IRunExecutionData;
  const inputData = { main: [[{ json: {} }]] };
  const context = new ExecuteContext(workflow, node, additionalData, 'internal', runExecutionData, 0, [], inputData, { node, data: {}, source: null }, []);
  try {
    await new RoutingNode(context, nodeType, { id: 'tested', name: 'Tested', type, data }).runNode();
  } catch (error) {
    // As the server reads a failed test: the answer's status, else the connection's error code.
    const { cause } = error as { cause?: { response?: { status: number; statusText?: string }; code?: string } };
    if (cause?.response) return { status: 'Error', message: cause.response.statusText || `Received HTTP status code: ${cause.response.status}` };
    return { status: 'Error', message: cause?.code ?? (error as Error).message };
  }
  return { status: 'OK', message: 'Connection successful!' };
}
