-- The order domain: shops, orders and their audited state transitions, business rules,
-- inventory with reservations and reorder requests, the webhook inbox and workflow metrics.
-- Every table carries shop_id: one database serves many TikTok shops.

CREATE TABLE shops (
  shop_id    text PRIMARY KEY CHECK (shop_id <> ''),
  name       text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE orders (
  id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  shop_id                 text NOT NULL REFERENCES shops,
  tiktok_order_id         text NOT NULL CHECK (tiktok_order_id <> ''),
  tiktok_status           text NOT NULL,
  current_state           text NOT NULL DEFAULT 'received' CHECK (current_state IN
                            ('received', 'validated', 'processing', 'inventory_reserved', 'label_generated',
                             'shipped', 'delivered', 'cancelled', 'failed')),
  previous_state          text CHECK (previous_state IN
                            ('received', 'validated', 'processing', 'inventory_reserved', 'label_generated',
                             'shipped', 'delivered', 'cancelled', 'failed')),
  priority                text NOT NULL DEFAULT 'standard' CHECK (priority IN ('high', 'urgent', 'standard', 'automated')),
  impact                  text CHECK (impact IN ('VIRAL', 'HIGH', 'MED', 'AUTO')),
  automation_status       text NOT NULL DEFAULT 'Processing' CHECK (automation_status IN ('Processing', 'Shipped', 'Delivered', 'Manual Review')),
  customer_handle         text NOT NULL,
  customer_tier           text NOT NULL DEFAULT 'new' CHECK (customer_tier IN ('vip', 'regular', 'new')),
  product_id              text NOT NULL,
  product_name            text NOT NULL,
  sku                     text NOT NULL,
  quantity                integer NOT NULL CHECK (quantity > 0),
  price                   numeric(14, 2) NOT NULL CHECK (price >= 0),
  currency                text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  processing_time_ms      bigint NOT NULL DEFAULT 0 CHECK (processing_time_ms >= 0),
  automation_score        numeric(5, 2) NOT NULL DEFAULT 0 CHECK (automation_score BETWEEN 0 AND 100),
  flow_progress           smallint NOT NULL DEFAULT 10 CHECK (flow_progress BETWEEN 0 AND 100),
  viral_indicators        jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(viral_indicators) = 'array'),
  orders_per_hour_current numeric NOT NULL DEFAULT 0 CHECK (orders_per_hour_current >= 0),
  velocity_multiplier     numeric NOT NULL DEFAULT 1 CHECK (velocity_multiplier >= 0),
  buyer_message           text,
  shipping_name           text,
  shipping_address        text,
  shipping_location       text,
  shipping_postal_code    text,
  shipping_country        text,
  shipping_type           text,
  package_ids             text[] NOT NULL DEFAULT '{}',
  carrier                 text,
  service_level           text,
  tracking_number         text,
  label_url               text,
  deadline                timestamptz,
  retry_count             integer NOT NULL DEFAULT 0 CHECK (retry_count >= 0),
  -- True while the order holds reserved or committed stock: the one-statement reservation path
  -- re-reads it under the order's row lock, so one order can never be reserved twice.
  holds_stock             boolean NOT NULL DEFAULT false,
  last_error              text,
  -- The audit chain's head: its length and the hash of its last row (see order_state_transitions).
  transition_count        integer NOT NULL DEFAULT 0,
  audit_head              text,
  tiktok_created_at       timestamptz NOT NULL,
  tiktok_updated_at       timestamptz NOT NULL,
  state_changed_at        timestamptz NOT NULL,
  created_at              timestamptz NOT NULL DEFAULT now(),
  updated_at              timestamptz NOT NULL DEFAULT now(),
  UNIQUE (shop_id, tiktok_order_id),
  -- Lets rows that belong to an order name its shop too, checked (FOREIGN KEY (order_id, shop_id)).
  UNIQUE (id, shop_id)
);
CREATE INDEX orders_by_state ON orders (shop_id, current_state, state_changed_at);
CREATE INDEX orders_by_customer ON orders (shop_id, customer_handle);

-- One row per SKU of an order; TikTok sends one line item per unit, so quantity counts them.
CREATE TABLE order_items (
  order_id     bigint NOT NULL,
  shop_id      text NOT NULL,
  sku          text NOT NULL,
  seller_sku   text,
  product_id   text NOT NULL,
  product_name text NOT NULL,
  sku_name     text,
  quantity     integer NOT NULL CHECK (quantity > 0),
  unit_price   numeric(14, 2) NOT NULL CHECK (unit_price >= 0),
  line_item_ids text[] NOT NULL,
  PRIMARY KEY (order_id, sku),
  FOREIGN KEY (order_id, shop_id) REFERENCES orders (id, shop_id) ON DELETE CASCADE
);

-- Append-only, hash-chained per order: hash = sha256(canonical row content + previous_hash).
CREATE TABLE order_state_transitions (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  shop_id       text NOT NULL,
  order_id      bigint NOT NULL,
  sequence      integer NOT NULL CHECK (sequence > 0),
  from_state    text,
  to_state      text NOT NULL,
  reason        text,
  automated     boolean NOT NULL,
  duration_ms   bigint NOT NULL CHECK (duration_ms >= 0),
  actions       jsonb NOT NULL DEFAULT '[]',
  error         text,
  created_at    timestamptz NOT NULL,
  previous_hash text,
  hash          text NOT NULL,
  UNIQUE (order_id, sequence),
  FOREIGN KEY (order_id, shop_id) REFERENCES orders (id, shop_id) ON DELETE CASCADE
);
CREATE INDEX order_state_transitions_by_shop ON order_state_transitions (shop_id, order_id, sequence);

CREATE TABLE business_rules (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  shop_id      text NOT NULL REFERENCES shops,
  rule_set     text NOT NULL CHECK (rule_set <> ''),
  version      integer NOT NULL CHECK (version > 0),
  source       text NOT NULL,
  checksum     text NOT NULL,
  enabled      boolean NOT NULL DEFAULT true,
  published_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (shop_id, rule_set, version)
);

-- Firings counted by the rules language's `limit N per minute|hour|day`.
CREATE TABLE rule_limit_firings (
  shop_id   text NOT NULL REFERENCES shops,
  rule_set  text NOT NULL,
  limit_key text NOT NULL,
  fired_at  timestamptz NOT NULL
);
CREATE INDEX rule_limit_firings_window ON rule_limit_firings (shop_id, rule_set, limit_key, fired_at);

CREATE TABLE inventory_items (
  shop_id          text NOT NULL REFERENCES shops,
  sku              text NOT NULL CHECK (sku <> ''),
  on_hand          integer NOT NULL CHECK (on_hand >= 0),
  reserved         integer NOT NULL DEFAULT 0,
  safety_stock     integer NOT NULL DEFAULT 0 CHECK (safety_stock >= 0),
  reorder_point    integer NOT NULL DEFAULT 0 CHECK (reorder_point >= 0),
  reorder_quantity integer NOT NULL DEFAULT 0 CHECK (reorder_quantity >= 0),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (shop_id, sku),
  CHECK (reserved >= 0 AND reserved <= on_hand)
);

CREATE TABLE inventory_reservations (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  shop_id    text NOT NULL,
  order_id   bigint NOT NULL,
  sku        text NOT NULL,
  quantity   integer NOT NULL CHECK (quantity > 0),
  status     text NOT NULL DEFAULT 'reserved' CHECK (status IN ('reserved', 'committed', 'released', 'expired')),
  priority   text NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  settled_at timestamptz,
  FOREIGN KEY (shop_id, sku) REFERENCES inventory_items,
  FOREIGN KEY (order_id, shop_id) REFERENCES orders (id, shop_id) ON DELETE CASCADE
);
-- An order holds at most one live reservation per SKU.
CREATE UNIQUE INDEX inventory_reservations_live ON inventory_reservations (order_id, sku) WHERE status IN ('reserved', 'committed');
-- The expiry sweeper's scan.
CREATE INDEX inventory_reservations_expiring ON inventory_reservations (expires_at) WHERE status = 'reserved';

CREATE TABLE reorder_requests (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  shop_id            text NOT NULL,
  sku                text NOT NULL,
  quantity           integer NOT NULL CHECK (quantity > 0),
  status             text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'received', 'cancelled')),
  available_at_request integer NOT NULL,
  triggered_by_order bigint REFERENCES orders ON DELETE SET NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  closed_at          timestamptz,
  FOREIGN KEY (shop_id, sku) REFERENCES inventory_items
);
-- One open request per SKU, however many orders drain it.
CREATE UNIQUE INDEX reorder_requests_open ON reorder_requests (shop_id, sku) WHERE status = 'open';
CREATE INDEX reorder_requests_by_shop ON reorder_requests (shop_id, status, id);

CREATE TABLE webhook_events (
  source      text NOT NULL,
  event_id    text NOT NULL,
  shop_id     text NOT NULL REFERENCES shops,
  payload     jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  -- Per shop: a delivery naming another (or no) shop is never taken for a duplicate.
  PRIMARY KEY (source, shop_id, event_id)
);

CREATE TABLE workflow_metrics (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  shop_id     text NOT NULL REFERENCES shops,
  workflow    text NOT NULL,
  metric      text NOT NULL,
  value       double precision NOT NULL,
  labels      jsonb NOT NULL DEFAULT '{}',
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX workflow_metrics_by_time ON workflow_metrics (shop_id, workflow, metric, recorded_at);
