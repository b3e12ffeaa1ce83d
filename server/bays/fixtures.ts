import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import type { Role } from '../../shared/roles.ts';
import { systemActor } from '../audit/types.ts';
import { auditLog, bays, facilities } from '../db/schema/index.ts';
import type { SetupFile } from '../facilities/setupFile.ts';
import { bedfordFacility, dartmouthFacility } from '../test/fixtures.ts';
import { type BayTestApp, eventually, RESTART_SCRIPT_ID } from './testApp.ts';

// Shared data for the bay tests: Bedford with numbered bays on devices 100 + n, Dartmouth with one
// bay on device 201, a front-desk login at each.

export const PASSWORD = 'a long enough password';
export const bedfordDevice = (number: number) => 100 + number;
export const DARTMOUTH_DEVICE = 201;

export function baySetup(bedfordBays: number): SetupFile {
  return {
    facilities: [
      {
        ...bedfordFacility,
        bays: Array.from({ length: bedfordBays }, (_, i) => ({
          number: i + 1,
          name: `Bay ${i + 1}`,
          ninjaDeviceId: bedfordDevice(i + 1),
        })),
        actions: { 'restart-sim': { scriptId: RESTART_SCRIPT_ID } },
      },
      {
        ...dartmouthFacility,
        bays: [{ number: 1, name: 'Bay 1', ninjaDeviceId: DARTMOUTH_DEVICE }],
        actions: { 'restart-sim': { scriptId: RESTART_SCRIPT_ID } },
      },
    ],
  };
}

/** Applies the setup, adds a user per facility, and returns what tests need to find them. */
export async function seedBays(app: BayTestApp, bedfordBays: number) {
  const cli = systemActor('cli');
  await app.services.facilities.applySetup(baySetup(bedfordBays), cli);
  const add = (email: string, name: string, role: Role, slug: string) =>
    app.services.users.addUser({ email, name, role, facilitySlugs: [slug], password: PASSWORD }, cli);
  const alice = await add('alice@bedford.test', 'Alice Front', 'frontdesk', 'bedford');
  const bob = await add('bob@dartmouth.test', 'Bob Desk', 'frontdesk', 'dartmouth');
  const signIn = async (email: string) =>
    app.caller((await app.caller().auth.login({ email, password: PASSWORD })).token);
  const db = app.database.handle.db;
  const bayRows = await db
    .select({ id: bays.id, number: bays.number, slug: facilities.slug })
    .from(bays)
    .innerJoin(facilities, eq(facilities.id, bays.facilityId));
  const bayId = (number: number, slug = 'bedford') => {
    const row = bayRows.find((bay) => bay.number === number && bay.slug === slug);
    if (!row) throw new Error(`no bay ${number} at ${slug}`);
    return row.id;
  };
  return { alice, bob, asAlice: await signIn(alice.email), asBob: await signIn(bob.email), bayId };
}

/** Dispatches an action, then checks on it until it settles (the fake's devices take a moment). */
export async function settle(app: BayTestApp, actionId: string, requestId: string | null = null) {
  await app.services.bays.runDispatch(actionId, requestId);
  return eventually(async () => {
    const outcome = await app.services.bays.runTrack(actionId, requestId);
    return outcome.kind === 'pending' ? undefined : outcome;
  });
}

export async function rejection(work: Promise<unknown>): Promise<TRPCError> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (error instanceof TRPCError) return error;
  throw new Error(`expected a TRPCError, got ${String(error)}`);
}

/** The audit rows about one action, oldest first. */
export async function auditOf(app: BayTestApp, actionId: string) {
  const rows = await app.database.handle.db.select().from(auditLog).orderBy(auditLog.id);
  return rows.filter((row) => (row.after as { actionId?: unknown } | null)?.actionId === actionId);
}

/** Slack alerts queued so far (the notifier enqueues on `slack.send`). */
export async function queuedAlerts(app: BayTestApp): Promise<string[]> {
  const found = await app.jobs.pgBoss.findJobs<{ text: string }>('slack.send');
  return found.map((job) => job.data.text);
}
