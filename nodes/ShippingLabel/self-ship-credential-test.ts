import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { SelfShipCarrier } from '../../shipping/carriers/self-ship';

/**
 * The CreatorFlow Self-Ship API credential's test (wired with `testedBy`): the self-ship carrier
 * has no server to ask, so the test is whether the carrier accepts the secret.
 */
export async function creatorFlowSelfShipCredentialTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
  try {
    new SelfShipCarrier({ secret: String(credential.data?.secret ?? '') });
    return { status: 'OK', message: 'The self-ship carrier accepts this secret' };
  } catch (error) {
    return { status: 'Error', message: error instanceof Error ? error.message : String(error) };
  }
}
