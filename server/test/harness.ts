import { type Config, loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { createServices, type Services } from '../services.ts';
import { appRouter } from '../trpc/appRouter.ts';
import { createTestContext } from '../trpc/context.ts';
import { createCallerFactory } from '../trpc/trpc.ts';
import { createTestDatabase, type Engine, type TestDatabase } from './databases.ts';

const createCaller = createCallerFactory(appRouter);

export type TestApp = {
  database: TestDatabase;
  services: Services;
  config: Config;
  /** A tRPC caller with no HTTP in between; pass a token to act as that user. */
  caller(token?: string | null): ReturnType<typeof createCaller>;
  /** Moves the services' clock (for expiry and lockout rules). */
  clock: { now: Date; advance(ms: number): void };
  close(): Promise<void>;
};

/** Services on a fresh migrated database of the given engine, with a controllable clock. */
export async function createTestApp(engine: Engine, env: NodeJS.ProcessEnv = {}): Promise<TestApp> {
  const database = await createTestDatabase(engine);
  const config = loadConfig({ LOG_LEVEL: 'silent', ...env });
  const clock = {
    now: new Date(),
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
  };
  const services = createServices({
    config,
    logger: createLogger({ level: 'silent' }),
    database: database.handle,
    now: () => clock.now,
  });
  return {
    database,
    services,
    config,
    clock,
    caller: (token) => createCaller(createTestContext(services, { token: token ?? null })),
    async close() {
      await services.events.stop();
      await database.drop();
    },
  };
}
