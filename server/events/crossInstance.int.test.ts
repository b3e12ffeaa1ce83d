import { createTRPCClient, httpLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../shared/events.ts';
import { systemActor } from '../audit/types.ts';
import { loadConfig } from '../config.ts';
import { type DatabaseHandle, openDatabase } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { events } from '../db/schema/index.ts';
import { parseSetupFile } from '../facilities/setupFile.ts';
import { type HttpServer, startHttpServer } from '../http/server.ts';
import { createLogger } from '../logger.ts';
import { createServices, type Services } from '../services.ts';
import { createEmptyPostgresDatabase, engines, withAdmin } from '../test/databases.ts';
import type { AppRouter } from '../trpc/appRouter.ts';
import { publishEvent } from './publish.ts';

// The acceptance test for issue 2 §4: two server instances on one PostgreSQL, talking to real
// clients over HTTP and SSE exactly as the renderer does.

const WAIT_MS = 15_000;

type Instance = { database: DatabaseHandle; services: Services; http: HttpServer };

async function startInstance(url: string): Promise<Instance> {
  const database = await openDatabase({ kind: 'postgres', url });
  const services = createServices({
    config: loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: url }),
    logger: createLogger({ level: 'silent' }),
    database,
  });
  const http = await startHttpServer({ services, host: '127.0.0.1', port: 0 });
  return { database, services, http };
}

async function stopInstance(instance: Instance | undefined) {
  if (!instance) return;
  // The production order (server/main.ts): streams end with a reconnectable error, then HTTP closes.
  await instance.services.events.stop();
  await instance.http.close();
  await instance.database.close();
}

/** A renderer-like client: the token travels in the Authorization header, never in the URL. */
function clientFor(instance: Instance, token: string) {
  const authorization = `Bearer ${token}`;
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url: `${instance.http.url}/trpc`,
          EventSource,
          eventSourceOptions: () => ({
            fetch: (input, init) => {
              expect(String(input)).not.toContain(token);
              return fetch(input, { ...init, headers: { ...init.headers, authorization } });
            },
          }),
        }),
        false: httpLink({ url: `${instance.http.url}/trpc`, headers: { authorization } }),
      }),
    ],
  });
}

type Client = ReturnType<typeof clientFor>;

/** Everything one subscription delivers, plus a way to wait for a count without sleeping. */
function follow(client: Client, input: { lastEventId?: string; facilityId?: string }) {
  const received: LiveEvent[] = [];
  const states: string[] = [];
  const errors: unknown[] = [];
  let check = () => {};
  const subscription = client.events.subscribe.subscribe(input, {
    onData: ({ id, data }) => {
      expect(id).toBe(data.id);
      // Plain JSON types `payload: unknown` as optional; it is always present on the wire.
      received.push({ ...data, payload: data.payload });
      check();
    },
    onError: (error) => {
      errors.push(error);
      check();
    },
    onConnectionStateChange: (state) => {
      states.push(state.state);
      check();
    },
  });
  /** Resolves once `done()` holds; rejects with what was seen if it does not within WAIT_MS. */
  const until = (done: () => boolean, what: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        check = () => {};
        reject(new Error(`timed out waiting for ${what}; received ids ${ids().join(',')}; errors ${errors}`));
      }, WAIT_MS);
      check = () => {
        if (errors.length > 0 || done()) {
          clearTimeout(timer);
          check = () => {};
          if (errors.length > 0) reject(errors[0]);
          else resolve();
        }
      };
      check();
    });
  const ids = () => received.map((event) => Number(event.id));
  return {
    received,
    states,
    ids,
    untilCount: (count: number) => until(() => received.length >= count, `${count} events`),
    untilState: (state: string) => until(() => states.includes(state), `state ${state}`),
    reset: () => {
      states.length = 0;
    },
    stop: () => subscription.unsubscribe(),
  };
}

describe.skipIf(!engines.includes('postgres'))(
  'live events across two server instances on one PostgreSQL',
  () => {
    let drop: (() => Promise<void>) | undefined;
    let databaseUrl = '';
    let a: Instance | undefined;
    let b: Instance | undefined;
    let token = '';
    let facilityId = '';
    let otherFacilityId = '';

    const instances = () => {
      if (!a || !b) throw new Error('instances did not start');
      return { a, b };
    };
    /** One event, committed in its own transaction on the given instance's connection pool. */
    const publishOn = (instance: Instance, type: string, facility = facilityId, payload: unknown = {}) =>
      instance.database.db.transaction((tx) => publishEvent(tx, { type, facilityId: facility, payload }));
    const latestId = (client: Client) => client.events.latestId.query();

    beforeAll(async () => {
      const created = await createEmptyPostgresDatabase();
      drop = created.drop;
      databaseUrl = created.url;
      const migrator = await openDatabase({ kind: 'postgres', url: created.url });
      try {
        await migrateDatabase(migrator);
      } finally {
        await migrator.close();
      }
      a = await startInstance(created.url);
      b = await startInstance(created.url);
      token = await signIn(a);
    });

    afterAll(async () => {
      await stopInstance(a);
      await stopInstance(b);
      await drop?.();
    });

    // A front-desk user of one facility (of two), set up and signed in through the real services.
    async function signIn(instance: Instance): Promise<string> {
      const { facilities, users, auth } = instance.services;
      const facility = (slug: string, phoneNumber: string) => ({
        slug,
        name: slug,
        timezone: 'America/Halifax',
        phoneNumber,
        openphoneNumberId: `PN${slug}`,
        bays: [{ number: 1, name: 'Bay 1', ninjaDeviceId: 101 }],
      });
      const setup = {
        facilities: [facility('bedford', '+19025550100'), facility('dartmouth', '+19025550101')],
      };
      await facilities.applySetup(parseSetupFile(JSON.stringify(setup)), systemActor('test'));
      const ids = new Map((await facilities.list('all')).map((row) => [row.slug, row.id]));
      facilityId = ids.get('bedford') ?? '';
      otherFacilityId = ids.get('dartmouth') ?? '';
      const password = 'correct horse battery staple';
      const email = 'desk@example.com';
      await users.addUser(
        { email, name: 'Desk', role: 'frontdesk', facilitySlugs: ['bedford'], password },
        systemActor('test'),
      );
      const login = await auth.login(
        { email, password },
        { requestId: 'cross-instance', ip: '127.0.0.1', device: 'test' },
      );
      return login.token;
    }

    it('an event committed through instance A reaches a subscriber on instance B', async () => {
      const { a, b } = instances();
      const client = clientFor(b, token);
      // Starting from "now" by id, so nothing published after this line can be missed.
      const onB = follow(client, { lastEventId: await latestId(client) });
      try {
        const id = await publishOn(a, 'bay.updated', facilityId, { bay: 2 });
        await onB.untilCount(1);
        expect(onB.received[0]).toMatchObject({
          id: String(id),
          type: 'bay.updated',
          facilityId,
          payload: { bay: 2 },
        });
      } finally {
        onB.stop();
      }
    });

    it('a subscriber that resubscribes with its last event id receives what it missed, exactly once', async () => {
      const { a, b } = instances();
      const client = clientFor(b, token);
      const first = follow(client, { lastEventId: await latestId(client) });
      const before: number[] = [];
      for (let n = 1; n <= 3; n++) before.push(await publishOn(a, 'seen', facilityId, { n }));
      await first.untilCount(3);
      first.stop();
      expect(first.ids()).toEqual(before);

      const missed: number[] = [];
      for (let n = 4; n <= 8; n++) missed.push(await publishOn(a, 'missed', facilityId, { n }));

      const resumed = follow(client, { lastEventId: String(before.at(-1)) });
      try {
        await resumed.untilCount(missed.length);
        const live = await publishOn(a, 'live', facilityId);
        await resumed.untilCount(missed.length + 1);
        expect(resumed.ids()).toEqual([...missed, live]);
      } finally {
        resumed.stop();
      }
    });

    it('a client whose connection drops reconnects with Last-Event-ID and gets the gap exactly once', async () => {
      const { a, b } = instances();
      const client = clientFor(b, token);
      const onB = follow(client, { lastEventId: await latestId(client) });
      try {
        const first = await publishOn(a, 'before.drop');
        await onB.untilCount(1);
        onB.reset();
        b.http.server.closeAllConnections();
        await onB.untilState('connecting');
        // Committed while the client is away: the EventSource's automatic retry carries its last id.
        const gap: number[] = [];
        for (let n = 0; n < 4; n++) gap.push(await publishOn(a, 'during.gap', facilityId, { n }));
        await onB.untilCount(1 + gap.length);
        const after = await publishOn(b, 'after.reconnect');
        await onB.untilCount(2 + gap.length);
        expect(onB.ids()).toEqual([first, ...gap, after]);
      } finally {
        onB.stop();
      }
    });

    it('an event seen by the replay and again live is delivered once', async () => {
      const { a, b } = instances();
      const client = clientFor(b, token);
      const from = await latestId(client);
      // Inserted without NOTIFY, so B's bus has not fanned it out yet: the replay finds it first, and
      // the bus delivers it live again when the next notification makes it read past its high-water mark.
      const [quiet] = await a.database.db
        .insert(events)
        .values({ type: 'quiet', facilityId, payload: {} })
        .returning({ id: events.id });
      const onB = follow(client, { lastEventId: from });
      try {
        await onB.untilCount(1);
        const loud = await publishOn(a, 'loud');
        await onB.untilCount(2);
        const sentinel = await publishOn(a, 'sentinel');
        await onB.untilCount(3);
        expect(onB.ids()).toEqual([quiet?.id, loud, sentinel]);
      } finally {
        onB.stop();
      }
    });

    it("catches up on what was committed while an instance's LISTEN connection was down", async () => {
      const { a, b } = instances();
      const client = clientFor(b, token);
      const onB = follow(client, { lastEventId: await latestId(client) });
      try {
        const before = await publishOn(a, 'before.outage');
        await onB.untilCount(1);
        // The listeners go down; each reconnects with backoff and then reads what it missed.
        const killed = await withAdmin(
          (admin) =>
            admin.query<{ pid: number }>(
              `select pg_terminate_backend(pid), pid from pg_stat_activity
           where datname = current_database() and query ilike 'LISTEN%' and pid <> pg_backend_pid()`,
            ),
          databaseUrl,
        );
        expect(killed.rows.length).toBeGreaterThanOrEqual(1);
        const pids = killed.rows.map((row) => row.pid);
        await expect
          .poll(() =>
            withAdmin(
              (admin) => admin.query('select 1 from pg_stat_activity where pid = any($1)', [pids]),
              databaseUrl,
            ).then((result) => result.rows.length),
          )
          .toBe(0);
        const during = await publishOn(a, 'during.outage');
        await onB.untilCount(2);
        expect(onB.ids()).toEqual([before, during]);
      } finally {
        onB.stop();
      }
    });

    it('releases the bus subscription when the client unsubscribes', async () => {
      const { b } = instances();
      const client = clientFor(b, token);
      const onB = follow(client, { lastEventId: await latestId(client) });
      await expect.poll(() => b.services.events.subscriberCount).toBeGreaterThan(0);
      onB.stop();
      await expect.poll(() => b.services.events.subscriberCount).toBe(0);
    });

    it('a burst of concurrent publishes from both instances arrives once each, in id order, in scope', async () => {
      const { a, b } = instances();
      const onB = follow(clientFor(b, token), { lastEventId: await latestId(clientFor(b, token)) });
      const onA = follow(clientFor(a, token), { lastEventId: await latestId(clientFor(a, token)) });
      try {
        const published = await Promise.all(
          Array.from({ length: 60 }, (_, n) => {
            // Every sixth event belongs to a facility this user is not in: it must never arrive.
            const facility = n % 6 === 5 ? otherFacilityId : facilityId;
            return publishOn(n % 2 === 0 ? a : b, 'burst', facility, { n }).then((id) => ({ id, facility }));
          }),
        );
        const expected = published
          .filter((event) => event.facility === facilityId)
          .map((event) => event.id)
          .sort((x, y) => x - y);
        expect(expected).toHaveLength(50);
        const sentinel = await publishOn(a, 'sentinel');
        await onB.untilCount(expected.length + 1);
        await onA.untilCount(expected.length + 1);
        expect(onB.ids()).toEqual([...expected, sentinel]);
        expect(onA.ids()).toEqual([...expected, sentinel]);
      } finally {
        onB.stop();
        onA.stop();
      }
    });
  },
);
