// A shop's viral signals in PostgreSQL: trending hashtags, watched creators, flash-sale windows.
import type pg from 'pg';
import { inTransaction, queryable, type DbHandle } from '../domain/database/transaction';
import { assertShopExists } from '../domain/shops';
import { normalizeHandle, normalizeHashtag, prepareViralSignals, type FlashSale, type TrendingHashtag, type ViralSignals, type WatchedCreator } from './signals';

/**
 * Replaces each list given (a list left out stays as it is), validated first and written in one
 * transaction: invalid signals raise InvalidViralSignalsError and change nothing. Hashtags and
 * handles are stored normalized (lower case, no '#' or '@').
 */
export async function saveViralSignals(db: DbHandle, shopId: string, signals: ViralSignals): Promise<void> {
  prepareViralSignals(signals);
  await inTransaction(db, async (client) => {
    await assertShopExists(client, shopId);
    // Concurrent saves for one shop take turns: each replaces the lists, none merges with another.
    await client.query('SELECT 1 FROM shops WHERE shop_id = $1 FOR UPDATE', [shopId]);
    if (signals.trendingHashtags) await replaceHashtags(client, shopId, signals.trendingHashtags);
    if (signals.watchedCreators) await replaceCreators(client, shopId, signals.watchedCreators);
    if (signals.flashSales) await replaceFlashSales(client, shopId, signals.flashSales);
  });
}

async function replaceHashtags(client: pg.PoolClient, shopId: string, hashtags: readonly TrendingHashtag[]): Promise<void> {
  await client.query('DELETE FROM viral_trending_hashtags WHERE shop_id = $1', [shopId]);
  await client.query(
    `INSERT INTO viral_trending_hashtags (shop_id, tag, confidence, impact_multiplier, source)
     SELECT $1, * FROM unnest($2::text[], $3::float8[], $4::float8[], $5::text[])`,
    [shopId, hashtags.map((h) => normalizeHashtag(h.tag)), hashtags.map((h) => h.confidence), hashtags.map((h) => h.impactMultiplier), hashtags.map((h) => h.source ?? null)],
  );
}

async function replaceCreators(client: pg.PoolClient, shopId: string, creators: readonly WatchedCreator[]): Promise<void> {
  await client.query('DELETE FROM viral_watched_creators WHERE shop_id = $1', [shopId]);
  await client.query(
    `INSERT INTO viral_watched_creators (shop_id, handle, confidence, impact_multiplier)
     SELECT $1, * FROM unnest($2::text[], $3::float8[], $4::float8[])`,
    [shopId, creators.map((c) => normalizeHandle(c.handle)), creators.map((c) => c.confidence), creators.map((c) => c.impactMultiplier)],
  );
}

async function replaceFlashSales(client: pg.PoolClient, shopId: string, sales: readonly FlashSale[]): Promise<void> {
  await client.query('DELETE FROM viral_flash_sales WHERE shop_id = $1', [shopId]);
  for (const sale of sales) {
    await client.query(
      `INSERT INTO viral_flash_sales (shop_id, name, product_ids, starts_at, ends_at, confidence, impact_multiplier) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [shopId, sale.name, sale.productIds, sale.startsAt, sale.endsAt, sale.confidence, sale.impactMultiplier],
    );
  }
}

interface SignalsRow {
  hashtags: Array<{ tag: string; confidence: number; impact_multiplier: number; source: string | null }>;
  creators: Array<{ handle: string; confidence: number; impact_multiplier: number }>;
  flash_sales: Array<{ name: string; product_ids: string[] | null; starts_at: string; ends_at: string; confidence: number; impact_multiplier: number }>;
}

/** The shop's signals, read in one statement (an assessment runs it once per order). */
export async function loadViralSignals(db: DbHandle, shopId: string): Promise<ViralSignals> {
  const { rows } = await queryable(db).query<SignalsRow>(
    `SELECT
       (SELECT coalesce(json_agg(h ORDER BY h.tag), '[]') FROM (SELECT tag, confidence, impact_multiplier, source FROM viral_trending_hashtags WHERE shop_id = $1) h) AS hashtags,
       (SELECT coalesce(json_agg(c ORDER BY c.handle), '[]') FROM (SELECT handle, confidence, impact_multiplier FROM viral_watched_creators WHERE shop_id = $1) c) AS creators,
       (SELECT coalesce(json_agg(f ORDER BY f.starts_at, f.id), '[]') FROM (SELECT id, name, product_ids, starts_at, ends_at, confidence, impact_multiplier FROM viral_flash_sales WHERE shop_id = $1) f) AS flash_sales`,
    [shopId],
  );
  const row = rows[0];
  return {
    trendingHashtags: row.hashtags.map((h) => ({ tag: h.tag, confidence: h.confidence, impactMultiplier: h.impact_multiplier, ...(h.source === null ? {} : { source: h.source }) })),
    watchedCreators: row.creators.map((c) => ({ handle: c.handle, confidence: c.confidence, impactMultiplier: c.impact_multiplier })),
    flashSales: row.flash_sales.map((f) => ({
      name: f.name,
      productIds: f.product_ids,
      startsAt: new Date(f.starts_at),
      endsAt: new Date(f.ends_at),
      confidence: f.confidence,
      impactMultiplier: f.impact_multiplier,
    })),
  };
}
