import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { TikTokShopClient } from '../../../tiktok/client';

/** What every `<operation>.operation.ts` runs: all input items of one execution, with the credential's shared client. */
export type TikTokShopOperationExecute = (this: IExecuteFunctions, client: TikTokShopClient) => Promise<INodeExecutionData[][]>;
