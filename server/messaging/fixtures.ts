import { asc, eq, isNull } from 'drizzle-orm';
import type { Role } from '../../shared/roles.ts';
import { systemActor } from '../audit/types.ts';
import { messages, threads, webhookEvents } from '../db/schema/index.ts';
import { bedfordFacility, dartmouthFacility } from '../test/fixtures.ts';
import type { EVENT_QUEUE, SEND_QUEUE } from './jobs.ts';
import type { SendOutcome } from './sendWorker.ts';
import type { MessagingTestApp } from './testApp.ts';

// Shared data for the messaging tests: Bedford and Dartmouth with their OpenPhone numbers, two
// front-desk logins at Bedford and one at Dartmouth.

export const PASSWORD = 'a long enough password';
export const BEDFORD = bedfordFacility.phoneNumber;
export const DARTMOUTH = dartmouthFacility.phoneNumber;

let customers = 0;
/** A fresh customer number per call, so tests in one file do not share threads. */
export const newCustomer = () => `+1902555${String(2000 + ++customers).padStart(4, '0')}`;

export async function seedMessaging(app: MessagingTestApp) {
  const cli = systemActor('cli');
  await app.services.facilities.applySetup(
    {
      facilities: [
        { ...bedfordFacility, openphoneNumberId: 'PNbedford', bays: [] },
        { ...dartmouthFacility, openphoneNumberId: 'PNdartmouth', bays: [] },
      ],
    },
    cli,
  );
  const add = (email: string, name: string, role: Role, slug: string) =>
    app.services.users.addUser({ email, name, role, facilitySlugs: [slug], password: PASSWORD }, cli);
  const alice = await add('alice@bedford.test', 'Alice Front', 'frontdesk', 'bedford');
  const carol = await add('carol@bedford.test', 'Carol Desk', 'frontdesk', 'bedford');
  const bob = await add('bob@dartmouth.test', 'Bob Desk', 'frontdesk', 'dartmouth');
  const signIn = async (email: string) =>
    app.caller((await app.caller().auth.login({ email, password: PASSWORD })).token);
  return {
    alice,
    carol,
    bob,
    asAlice: await signIn(alice.email),
    asCarol: await signIn(carol.email),
    asBob: await signIn(bob.email),
  };
}

/** A customer texts Bedford (or `to`); resolves once ClubOS has acknowledged the signed webhook. */
export async function textIn(app: MessagingTestApp, from: string, body: string, to = BEDFORD) {
  return app.openphone.control.textIn({ from, to, body });
}

/** Runs the event job for every stored event not yet processed, oldest first. */
export async function processEvents(app: MessagingTestApp) {
  const pending = await app.database.handle.db
    .select({ id: webhookEvents.id })
    .from(webhookEvents)
    .where(isNull(webhookEvents.processedAt))
    .orderBy(asc(webhookEvents.id));
  const outcomes = [];
  for (const { id } of pending) outcomes.push(await app.services.messaging.runEvent(id));
  return outcomes;
}

/** Runs one send attempt for every outbound message still queued, oldest first. */
export async function sendQueued(app: MessagingTestApp): Promise<SendOutcome[]> {
  const queued = await app.database.handle.db
    .select({ id: messages.id })
    .from(messages)
    .where(eq(messages.status, 'queued'))
    .orderBy(asc(messages.seq));
  const outcomes: SendOutcome[] = [];
  for (const { id } of queued) outcomes.push(await app.services.messaging.runSend(id));
  return outcomes;
}

export async function threadOf(app: MessagingTestApp, customer: string) {
  const [row] = await app.database.handle.db
    .select()
    .from(threads)
    .where(eq(threads.customerNumber, customer));
  if (!row) throw new Error(`no thread for ${customer}`);
  return row;
}

export async function messagesOf(app: MessagingTestApp, threadId: string) {
  return app.database.handle.db
    .select()
    .from(messages)
    .where(eq(messages.threadId, threadId))
    .orderBy(asc(messages.seq));
}

export async function jobCount(app: MessagingTestApp, queue: typeof EVENT_QUEUE | typeof SEND_QUEUE) {
  return (await app.jobs.pgBoss.findJobs(queue)).length;
}

/** Slack alerts queued so far (the notifier enqueues on `slack.send`). */
export async function queuedAlerts(app: MessagingTestApp): Promise<string[]> {
  const found = await app.jobs.pgBoss.findJobs<{ text: string }>('slack.send');
  return found.map((job) => job.data.text);
}

/** Texts the fake accepted for one customer, oldest first. */
export const sentTo = (app: MessagingTestApp, customer: string) =>
  app.openphone.sent.filter((message) => message.to === customer);
