import { randomBytes } from 'node:crypto';
import { isNotNull } from 'drizzle-orm';
import { bays } from '../db/schema/index.ts';
import type { Db } from '../db/types.ts';
import { DEMO_DEVICE_IDS, DEMO_RESTART_SCRIPT_ID } from '../demo/seed.ts';
import { createNinjaOneClient } from '../integrations/ninjaone/client.ts';
import { startFakeNinjaOne } from '../integrations/ninjaone/fakeServer.ts';
import type { NinjaOneApi } from '../integrations/ninjaone/types.ts';

export type DemoNinjaOne = { url: string; client: NinjaOneApi; close(): Promise<void> };

/**
 * Without NinjaOne credentials the demo runs against the fake NinjaOne on a random loopback port,
 * through the real client. Now and then a bay goes offline for a while or its simulator freezes,
 * so the board has something to show.
 */
export async function startDemoNinjaOne(db: Db): Promise<DemoNinjaOne> {
  const stored = await db.select({ id: bays.ninjaDeviceId }).from(bays).where(isNotNull(bays.ninjaDeviceId));
  const ids = new Set([...DEMO_DEVICE_IDS, ...stored.flatMap((row) => (row.id === null ? [] : [row.id]))]);
  const clientId = 'clubos-demo';
  const clientSecret = randomBytes(18).toString('base64url');
  const fake = await startFakeNinjaOne({
    devices: [...ids].map((id) => ({ id, scriptIds: [DEMO_RESTART_SCRIPT_ID] })),
    clientId,
    clientSecret,
    rebootDowntimeMs: 20_000,
    scriptRunMs: 3_000,
    chaos: { everyMs: 120_000, offlineForMs: 6 * 60_000 },
  });
  return {
    url: fake.url,
    client: createNinjaOneClient({ url: fake.url, clientId, clientSecret }),
    close: () => fake.close(),
  };
}
