/** Why a webhook was refused. */
export type TikTokWebhookErrorReason = 'TOO_LARGE' | 'INVALID_SIGNATURE' | 'NOT_JSON' | 'NOT_OBJECT' | 'INVALID_FIELD' | 'UNKNOWN_TYPE' | 'OTHER_SHOP';

/** A webhook delivery that is not a valid, known TikTok Shop event. `field` names the offending field. */
export class TikTokWebhookError extends Error {
  override readonly name = 'TikTokWebhookError';

  constructor(
    readonly reason: TikTokWebhookErrorReason,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
