import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Services } from '../services.ts';

export type Metrics = {
  registry: Registry;
  observeRequest(route: string, method: string, status: number, seconds: number): void;
};

/** Prometheus metrics for one server instance; job and database gauges are read at scrape time. */
export function createMetrics(services: Services): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'clubos_' });
  const requests = new Counter({
    name: 'clubos_http_requests_total',
    help: 'HTTP requests by route, method and status',
    labelNames: ['route', 'method', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'clubos_http_request_duration_seconds',
    help: 'HTTP request duration by route',
    labelNames: ['route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new Gauge({
    name: 'clubos_database_up',
    help: '1 when the database answered the last scrape',
    labelNames: ['engine'],
    registers: [registry],
    async collect() {
      const up = await services.database.ping(1_000).then(
        () => 1,
        () => 0,
      );
      this.set({ engine: services.database.kind }, up);
    },
  });
  new Gauge({
    name: 'clubos_jobs',
    help: 'Background jobs by queue and state',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      const counts = await services.jobs?.getQueueCounts().catch(() => []);
      for (const queue of counts ?? []) {
        this.set({ queue: queue.name, state: 'queued' }, queue.queued);
        this.set({ queue: queue.name, state: 'active' }, queue.active);
      }
    },
  });
  return {
    registry,
    observeRequest(route, method, status, seconds) {
      requests.inc({ route, method, status: String(status) });
      duration.observe({ route }, seconds);
    },
  };
}
