-- Viral detection per shop: each product's velocity state (the detector's per-minute buckets and
-- EWMA baseline, exactly as the in-memory detector keeps them), and the signals a shop configures:
-- trending hashtags, watched creators and flash-sale windows.

CREATE TABLE viral_product_velocity (
  shop_id          text NOT NULL REFERENCES shops,
  product_id       text NOT NULL CHECK (product_id <> ''),
  -- ViralProductState as JSON; read and written under this row's lock only.
  state            jsonb NOT NULL CHECK (jsonb_typeof(state) = 'object'),
  observed_orders  bigint NOT NULL DEFAULT 0 CHECK (observed_orders >= 0),
  last_observed_at timestamptz,
  -- The assessment made with the latest observation, for listing what is viral now.
  orders_per_hour  double precision NOT NULL DEFAULT 0,
  escalated        boolean NOT NULL DEFAULT false,
  last_assessment  jsonb,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (shop_id, product_id)
);
CREATE INDEX viral_product_velocity_escalated ON viral_product_velocity (shop_id, updated_at) WHERE escalated;

CREATE TABLE viral_trending_hashtags (
  shop_id           text NOT NULL REFERENCES shops,
  -- Lower case, without the '#'.
  tag               text NOT NULL CHECK (tag <> '' AND tag = lower(tag) AND left(tag, 1) <> '#'),
  confidence        double precision NOT NULL CHECK (confidence BETWEEN 0 AND 1),
  impact_multiplier double precision NOT NULL CHECK (impact_multiplier >= 0 AND impact_multiplier < 'Infinity'),
  source            text,
  PRIMARY KEY (shop_id, tag)
);

CREATE TABLE viral_watched_creators (
  shop_id           text NOT NULL REFERENCES shops,
  -- Lower case, without the '@'.
  handle            text NOT NULL CHECK (handle <> '' AND handle = lower(handle) AND left(handle, 1) <> '@'),
  confidence        double precision NOT NULL CHECK (confidence BETWEEN 0 AND 1),
  impact_multiplier double precision NOT NULL CHECK (impact_multiplier >= 0 AND impact_multiplier < 'Infinity'),
  PRIMARY KEY (shop_id, handle)
);

CREATE TABLE viral_flash_sales (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  shop_id           text NOT NULL REFERENCES shops,
  name              text NOT NULL CHECK (name <> ''),
  -- NULL: every product of the shop.
  product_ids       text[],
  starts_at         timestamptz NOT NULL,
  ends_at           timestamptz NOT NULL,
  confidence        double precision NOT NULL CHECK (confidence BETWEEN 0 AND 1),
  impact_multiplier double precision NOT NULL CHECK (impact_multiplier >= 0 AND impact_multiplier < 'Infinity'),
  CHECK (starts_at < ends_at)
);
CREATE INDEX viral_flash_sales_by_shop ON viral_flash_sales (shop_id, ends_at);
