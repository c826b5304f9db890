-- Which orders each product's velocity state has counted, so that counting an order again (an
-- execution retried from the start, a redelivered webhook) changes nothing.
CREATE TABLE viral_observed_orders (
  shop_id     text NOT NULL,
  product_id  text NOT NULL,
  order_id    text NOT NULL CHECK (order_id <> ''),
  observed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (shop_id, product_id, order_id),
  FOREIGN KEY (shop_id, product_id) REFERENCES viral_product_velocity ON DELETE CASCADE
);
