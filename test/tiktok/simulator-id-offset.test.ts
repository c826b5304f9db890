import { startTikTokSimulator } from '../../tiktok';

test('idOffset moves the ids of what a run creates, and leaves the catalogue\'s ids as they were', async () => {
  const plain = await startTikTokSimulator();
  const offset = await startTikTokSimulator({ idOffset: 1_000_000n });
  try {
    const runs = [plain, offset].map((simulator) => {
      const shop = simulator.addShop({ shopId: '7495000000000000009' });
      const product = simulator.addProduct(shop.shopId);
      const order = simulator.addOrder(shop.shopId, {}, { productId: product.productId });
      const event = simulator.orderStatusChangeEvent(order.id);
      return { product, order, notification: event.tts_notification_id! };
    });
    expect(runs[1].product).toEqual(runs[0].product);
    expect(BigInt(runs[1].order.id) - BigInt(runs[0].order.id)).toBe(1_000_000n);
    expect(BigInt(runs[1].order.packages[0].id) - BigInt(runs[0].order.packages[0].id)).toBe(1_000_000n);
    expect(BigInt(runs[1].notification) - BigInt(runs[0].notification)).toBe(1_000_000n);
  } finally {
    await Promise.all([plain.close(), offset.close()]);
  }
});
