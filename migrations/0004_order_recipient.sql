-- The order's recipient as TikTok structures it (name, phone, street lines, city, state, postal
-- code, country), so that a label can be bought, or its purchase retried, from the database alone:
-- shipping_address keeps only TikTok's one-line full address. NULL for orders stored before this
-- column existed until TikTok's order is upserted again.
ALTER TABLE orders ADD COLUMN shipping_recipient jsonb
  CHECK (shipping_recipient IS NULL OR jsonb_typeof(shipping_recipient) = 'object');
