import { AuditService } from './audit/service.ts';
import { AuthService } from './auth/service.ts';
import type { Config } from './config.ts';
import type { DatabaseHandle } from './db/client.ts';
import type { Db } from './db/types.ts';
import { EventBus } from './events/bus.ts';
import { FacilityService } from './facilities/service.ts';
import type { JobQueue } from './jobs/queue.ts';
import type { Logger } from './logger.ts';
import { UserService } from './users/service.ts';

/** What every service may depend on. `now` is injectable so time-based rules can be tested. */
export type ServiceDeps = {
  db: Db;
  config: Config;
  logger: Logger;
  now: () => Date;
};

export type Services = {
  config: Config;
  logger: Logger;
  database: DatabaseHandle;
  jobs: JobQueue | undefined;
  audit: AuditService;
  auth: AuthService;
  users: UserService;
  facilities: FacilityService;
  events: EventBus;
  /** Set when this server holds an embedded database and accepts CLI commands for it. */
  localAdminKey: string | undefined;
};

/** The composition root for domain services; transports (HTTP, CLI, tests) all build on this. */
export function createServices(options: {
  config: Config;
  logger: Logger;
  database: DatabaseHandle;
  jobs?: JobQueue;
  now?: () => Date;
  localAdminKey?: string;
}): Services {
  const deps: ServiceDeps = {
    db: options.database.db,
    config: options.config,
    logger: options.logger,
    now: options.now ?? (() => new Date()),
  };
  return {
    config: options.config,
    logger: options.logger,
    database: options.database,
    jobs: options.jobs,
    audit: new AuditService(deps),
    auth: new AuthService(deps),
    users: new UserService(deps),
    facilities: new FacilityService(deps),
    events: new EventBus(options.database, options.logger),
    localAdminKey: options.localAdminKey,
  };
}
