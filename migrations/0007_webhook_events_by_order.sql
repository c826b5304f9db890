-- The catch-up of missed orders asks whether any delivery named an order; without this index that
-- question reads the whole inbox once per order awaiting shipment.
CREATE INDEX webhook_events_order ON webhook_events (shop_id, (payload->>'order_id'));
