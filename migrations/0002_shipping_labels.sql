-- Shipping labels: every purchase attempt of an order's label, and at most one current label per order.
-- A row is written as 'purchasing' (with its idempotency key) before the carrier is called, so a
-- retry after a crash or a timeout finds the attempt and asks the carrier for that label instead of
-- buying a second one.

CREATE TABLE shipping_labels (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  shop_id          text NOT NULL,
  order_id         bigint NOT NULL,
  status           text NOT NULL CHECK (status IN ('purchasing', 'active', 'voided', 'failed')),
  carrier          text NOT NULL,
  provider         text NOT NULL,
  service          text NOT NULL,
  -- The quote being bought, as the carrier adapter returned it (needed to resume the purchase).
  rate             jsonb NOT NULL,
  idempotency_key  text NOT NULL UNIQUE,
  amount           numeric(12, 2) NOT NULL CHECK (amount >= 0),
  currency         text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  format           text NOT NULL CHECK (format IN ('PDF', 'ZPL')),
  tracking_number  text,
  carrier_label_id text,
  label_data       bytea,
  label_url        text,
  failure          text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  purchased_at     timestamptz,
  voided_at        timestamptz,
  -- No cascade: the record of a paid label outlives any attempt to delete its order.
  FOREIGN KEY (order_id, shop_id) REFERENCES orders (id, shop_id),
  -- An active label has what the warehouse needs to print and TikTok needs to track it.
  CHECK (status <> 'active' OR (tracking_number IS NOT NULL AND carrier_label_id IS NOT NULL AND (label_data IS NOT NULL OR label_url IS NOT NULL)))
);
-- One label being bought or in use per order.
CREATE UNIQUE INDEX shipping_labels_current ON shipping_labels (order_id) WHERE status IN ('purchasing', 'active');
CREATE UNIQUE INDEX shipping_labels_tracking ON shipping_labels (carrier, tracking_number) WHERE status IN ('active', 'voided');
CREATE INDEX shipping_labels_by_shop ON shipping_labels (shop_id, created_at);
