// n8n's webhook server in miniature, for trigger nodes: a real HTTP server (express 5) that reads
// bodies as n8n's does (raw bytes kept in req.rawBody, JSON parsed), activates a workflow by
// running its trigger's webhook lifecycle methods in n8n-core's HookContext, serves each delivery
// by running the trigger's webhook() in n8n-core's WebhookContext, answers as n8n's webhook
// service does for responseMode "onReceived", and runs the workflow through n8n's engine
// (runWorkflow) when the node returned workflow data.
import { runWorkflow, loadPackage, PACKAGE, type CredentialsByType, type WorkflowJson } from './n8n-engine';

import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import express, { type Request, type Response } from 'express';
import { HookContext, WebhookContext, type PackageDirectoryLoader } from 'n8n-core';
import {
  jsonParse,
  Workflow,
  type ICredentialsHelper,
  type IDataObject,
  type INode,
  type INodeType,
  type INodeTypes,
  type IRun,
  type IWebhookData,
  type IWorkflowExecuteAdditionalData,
  type WorkflowActivateMode,
  type WorkflowExecuteMode,
} from 'n8n-workflow';
import winston from 'winston';

/** n8n's default N8N_PAYLOAD_SIZE_MAX: larger bodies never reach a node. */
const PAYLOAD_SIZE_MAX = '16mb';

export interface ActiveWebhookWorkflow {
  json: WorkflowJson;
  workflow: Workflow;
  trigger: INode;
  /** The address the trigger's lifecycle methods were given (getNodeWebhookUrl('default')). */
  url: string;
  /** Listening for a test event (n8n's /webhook-test/ address): one delivery runs it, then it stops. */
  isTest: boolean;
}

export interface WebhookHostOptions {
  credentials: CredentialsByType;
}

function nodeTypesOf(loader: PackageDirectoryLoader): INodeTypes {
  const typeOf = (nodeType: string): INodeType => {
    const type = loader.getNode(nodeType.slice(PACKAGE.length + 1)).type;
    return 'nodeVersions' in type ? type.getNodeType() : type;
  };
  return { getByName: typeOf, getByNameAndVersion: typeOf, getKnownTypes: () => loader.known.nodes };
}

/** The part of n8n's credential service the node contexts use: decrypted data by credential type. */
function credentialsHelperOf(credentials: CredentialsByType): ICredentialsHelper {
  const helper: Pick<ICredentialsHelper, 'getDecrypted' | 'isCredentialUsableByNode'> = {
    async getDecrypted(_additionalData, _nodeCredentials, type) {
      const data = credentials[type];
      if (!data) throw new Error(`The webhook host has no "${type}" credential`);
      return data;
    },
    isCredentialUsableByNode: () => true,
  };
  return helper as ICredentialsHelper;
}

/** As n8n's body parser: the raw bytes always; JSON and text parsed by content type, a bad JSON body answered 422. */
function readBody(request: Request, response: Response, next: () => void): void {
  request.rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  const contentType = request.headers['content-type']?.split(';')[0].trim().toLowerCase();
  let body: unknown = {};
  if (request.rawBody.length > 0) {
    try {
      if (contentType === 'application/json') body = jsonParse(request.rawBody.toString('utf8'));
      else if (contentType === 'text/plain') body = request.rawBody.toString('utf8');
    } catch (error) {
      response.status(422).json({ code: 422, message: 'Failed to parse request body', hint: (error as Error).message });
      return;
    }
  }
  request.body = body;
  next();
}

export class WebhookHost {
  /** Every execution a delivery started, in the order they started. */
  readonly executions: Array<Promise<IRun>> = [];
  /** Test listenings ended by the delivery they were waiting for (n8n ends them after answering). */
  private readonly endedListenings: Array<Promise<boolean>> = [];
  /** What the trigger's webhook() threw (n8n answers 500 and reports these). */
  readonly webhookErrors: unknown[] = [];
  /** What n8n's logger said at level warn while this host ran. */
  readonly warnings: string[] = [];
  private readonly routes = new Map<string, ActiveWebhookWorkflow>();
  /** Static data by workflow id, kept across activations as n8n keeps it in its database. */
  private readonly staticData = new Map<string, IDataObject>();
  private readonly logRecorder: winston.transport;
  /** n8n's logger (winston inside), once a node context has handed it over. */
  private logger: { getInternalLogger(): winston.Logger } | undefined;

  private constructor(
    private readonly server: Server,
    private readonly nodeTypes: INodeTypes,
    private readonly options: WebhookHostOptions,
    readonly baseUrl: string,
  ) {
    this.logRecorder = new winston.transports.Stream({
      level: 'warn',
      stream: new Writable({
        objectMode: true,
        write: (info: { level: string; message: string }, _encoding, done) => {
          if (info.level === 'warn') this.warnings.push(info.message);
          done();
        },
      }),
    });
  }

  static async start(options: WebhookHostOptions): Promise<WebhookHost> {
    const nodeTypes = nodeTypesOf(await loadPackage());
    const app = express();
    const server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    const host = new WebhookHost(server, nodeTypes, options, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    app.use(express.raw({ type: () => true, limit: PAYLOAD_SIZE_MAX }), readBody);
    for (const route of ['/webhook/{*path}', '/webhook-test/{*path}']) {
      app.post(route, (request, response) => {
        host.serve(request, response).catch((error: unknown) => response.status(500).json({ code: 0, message: String(error) }));
      });
    }
    return host;
  }

  /** n8n's production webhook base URL on this host. */
  get webhookBaseUrl(): string {
    return `${this.baseUrl}/webhook`;
  }

  /** The workflow's static data as n8n stores it (a copy). */
  staticDataOf(workflowId: string): IDataObject {
    return structuredClone(this.staticData.get(workflowId) ?? {});
  }

  /**
   * Activates a workflow as n8n's ActiveWorkflowManager does (`activation` says why: a person
   * activating it, n8n starting, ...): registers the trigger's webhook, runs checkExists and, when
   * it says false, create; a method that throws fails the activation and leaves the webhook unregistered.
   */
  async activate(json: WorkflowJson, workflowId = 'webhook-workflow', activation: WorkflowActivateMode = 'activate'): Promise<ActiveWebhookWorkflow> {
    const { workflow, trigger } = this.workflowOf(json, workflowId, this.staticData.get(workflowId) ?? {});
    try {
      return await this.register({ json, workflow, trigger, isTest: false }, 'trigger', activation);
    } finally {
      this.saveStaticData(workflow);
    }
  }

  /** Deactivates as n8n does: unregisters the webhook and runs the trigger's delete method. */
  async deactivate(active: ActiveWebhookWorkflow): Promise<boolean> {
    try {
      return await this.unregister(active);
    } finally {
      this.saveStaticData(active.workflow);
    }
  }

  /**
   * The editor's "Listen for test event", as n8n's TestWebhooks does it: the workflow with empty
   * static data, the /webhook-test/ address, checkExists and create in manual mode (delete when
   * they throw). The first delivery that starts an execution ends the listening (delete, with the
   * static data create left); `stopListening` ends it as the editor's timeout or Stop button does.
   * n8n keeps test static data to itself: the workflow's stored static data is not touched.
   */
  async listenForTestEvent(json: WorkflowJson, workflowId = 'webhook-workflow'): Promise<ActiveWebhookWorkflow> {
    const { workflow, trigger } = this.workflowOf(json, workflowId, {});
    const listening = { json, workflow, trigger, isTest: true };
    try {
      return await this.register(listening, 'manual', 'manual');
    } catch (error) {
      await this.unregister({ ...listening, url: this.hookContext(listening, 'internal', 'update').getNodeWebhookUrl('default')! });
      throw error;
    }
  }

  /** Ends listening for a test event (n8n's timeout or the editor's Stop button). */
  stopListening(listening: ActiveWebhookWorkflow): Promise<boolean> {
    return this.unregister(listening);
  }

  /** Resolves with every execution started so far, once all of them (and the test listenings they ended) have finished. */
  async settled(): Promise<IRun[]> {
    await Promise.all(this.endedListenings);
    return Promise.all(this.executions);
  }

  async close(): Promise<void> {
    this.logger?.getInternalLogger().remove(this.logRecorder);
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    await Promise.allSettled(this.executions);
  }

  private async register(registration: Omit<ActiveWebhookWorkflow, 'url'>, mode: WorkflowExecuteMode, activation: WorkflowActivateMode): Promise<ActiveWebhookWorkflow> {
    const context = this.hookContext(registration, mode, activation);
    const url = context.getNodeWebhookUrl('default');
    if (!url) throw new Error(`"${registration.trigger.name}" has no default webhook`);
    const active = { ...registration, url };
    const path = new URL(url).pathname;
    this.routes.set(path, active);
    try {
      const methods = this.nodeType(active.trigger).webhookMethods!.default!;
      if (!(await methods.checkExists.call(context))) await methods.create.call(context);
    } catch (error) {
      this.routes.delete(path);
      throw error;
    }
    return active;
  }

  /** n8n deletes a webhook, production or test, in mode 'internal' for activation 'update'. */
  private async unregister(active: ActiveWebhookWorkflow): Promise<boolean> {
    this.routes.delete(new URL(active.url).pathname);
    return this.nodeType(active.trigger).webhookMethods!.default!.delete.call(this.hookContext(active, 'internal', 'update'));
  }

  private async serve(request: Request, response: Response): Promise<void> {
    const active = this.routes.get(request.path);
    if (!active) {
      response.status(404).json({ code: 404, message: `The requested webhook "POST ${request.path}" is not registered.` });
      return;
    }
    const { workflow, trigger, json } = active;
    const additionalData = { ...this.additionalData(), httpRequest: request, httpResponse: response } as IWorkflowExecuteAdditionalData;
    const webhookData = this.webhookDataOf(active, additionalData);
    const context = new WebhookContext(workflow, trigger, additionalData, active.isTest ? 'manual' : 'webhook', webhookData, [], null);
    this.recordWarningsOf(context);
    let result;
    try {
      result = await this.nodeType(trigger).webhook!.call(context);
    } catch (error) {
      this.webhookErrors.push(error);
      response.status(500).json({ code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
      return;
    }
    // As n8n does: `noWebhookResponse` means the node answered itself; workflow data still starts a run.
    if (result.workflowData === undefined) {
      if (!result.noWebhookResponse) response.status(200).json(result.webhookResponse ?? { message: 'Webhook call received' });
      return;
    }
    this.executions.push(runWorkflow(json, { credentials: this.options.credentials, input: result.workflowData[0], startNode: trigger.name }));
    if (!result.noWebhookResponse) response.status(200).json(result.webhookResponse ?? { message: 'Workflow was started' });
    if (active.isTest) this.endedListenings.push(this.stopListening(active));
  }

  private webhookDataOf({ workflow, trigger, isTest }: Omit<ActiveWebhookWorkflow, 'url'>, additionalData: IWorkflowExecuteAdditionalData): IWebhookData {
    const description = this.nodeType(trigger).description.webhooks!.find((webhook) => webhook.name === 'default')!;
    const path = String(trigger.parameters.path ?? '');
    return { httpMethod: 'POST', node: trigger.name, path, webhookDescription: description, workflowId: workflow.id, workflowExecuteAdditionalData: additionalData, isTest };
  }

  private workflowOf(json: WorkflowJson, workflowId: string, staticData: IDataObject): { workflow: Workflow; trigger: INode } {
    const workflow = new Workflow({ id: workflowId, nodes: json.nodes, connections: json.connections, active: true, nodeTypes: this.nodeTypes, staticData, settings: { executionOrder: 'v1' } });
    const trigger = Object.values(workflow.nodes).find((node) => this.nodeType(node).webhook !== undefined);
    if (!trigger) throw new Error('The workflow has no webhook trigger');
    return { workflow, trigger };
  }

  private nodeType(node: INode): INodeType {
    return this.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
  }

  private hookContext(registration: Omit<ActiveWebhookWorkflow, 'url'>, mode: WorkflowExecuteMode, activation: WorkflowActivateMode): HookContext {
    const additionalData = this.additionalData();
    const { workflow, trigger } = registration;
    const context = new HookContext(workflow, trigger, additionalData, mode, activation, this.webhookDataOf(registration, additionalData));
    this.recordWarningsOf(context);
    return context;
  }

  /**
   * Listens to the logger the node contexts give nodes (n8n-core's own copy of n8n's Logger). The
   * engine harness makes it silent (N8N_LOG_LEVEL); warnings are let through to the recorder only.
   */
  private recordWarningsOf(context: HookContext | WebhookContext): void {
    if (this.logger) return;
    this.logger = context.logger as unknown as { getInternalLogger(): winston.Logger };
    const internal = this.logger.getInternalLogger();
    if (internal.silent) Object.assign(internal, { silent: false, level: 'warn' });
    internal.add(this.logRecorder);
  }

  private additionalData(): IWorkflowExecuteAdditionalData {
    return {
      credentialsHelper: credentialsHelperOf(this.options.credentials),
      webhookBaseUrl: this.webhookBaseUrl,
      webhookTestBaseUrl: `${this.baseUrl}/webhook-test`,
      webhookWaitingBaseUrl: `${this.baseUrl}/webhook-waiting`,
      formWaitingBaseUrl: `${this.baseUrl}/form-waiting`,
      variables: {},
    } as IWorkflowExecuteAdditionalData;
  }

  private saveStaticData(workflow: Workflow): void {
    this.staticData.set(workflow.id, JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject);
  }
}
