/** The webhook inbox `source` of TikTok Shop deliveries: the trigger records them under it, CreatorFlow Order marks and replays them. */
export const TIKTOK_INBOX_SOURCE = 'tiktok';
