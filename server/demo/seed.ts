import { randomBytes } from 'node:crypto';
import type { Role } from '../../shared/roles.ts';
import { systemActor } from '../audit/types.ts';
import { exampleFacts } from '../intelligence/facts.ts';
import type { Services } from '../services.ts';

/** The "restart the simulator" script the demo's fake NinjaOne offers on every bay PC. */
export const DEMO_RESTART_SCRIPT_ID = 12;

const DEMO_FACILITY = {
  slug: 'demo',
  name: 'ClubOS Demo',
  timezone: 'America/Halifax',
  phoneNumber: '+19025550199',
  openphoneNumberId: 'PNdemo',
  bays: [1, 2, 3, 4, 5, 6].map((number) => ({ number, name: `Bay ${number}`, ninjaDeviceId: 9000 + number })),
  actions: { 'restart-sim': { scriptId: DEMO_RESTART_SCRIPT_ID } },
  // What the SOPs quote (prices, hours, links), so the demo's AI drafts read like a real facility's.
  settings: { facts: exampleFacts },
};

/** The demo facility's NinjaOne device ids, for the fake NinjaOne the demo runs against. */
export const DEMO_DEVICE_IDS = DEMO_FACILITY.bays.map((bay) => bay.ninjaDeviceId);

const DEMO_USERS: { email: string; name: string; role: Role }[] = [
  { email: 'frontdesk@demo.clubos.local', name: 'Demo Front Desk', role: 'frontdesk' },
  { email: 'manager@demo.clubos.local', name: 'Demo Manager', role: 'manager' },
];

/**
 * Seeds a demo facility and two logins into an empty database, so a newcomer sees a working system.
 * The passwords go to `out` (the terminal) exactly once and never through the logger: logs are kept
 * and shipped, and a password there would outlive the moment it was meant for.
 */
export async function seedDemo(services: Services, out: (line: string) => void): Promise<boolean> {
  const [facilities, users] = await Promise.all([
    services.facilities.list('all'),
    services.users.list('all'),
  ]);
  if (facilities.length > 0 || users.length > 0) return false;

  const audit = systemActor('demo-seed');
  // Against a real NinjaOne the demo's device ids mean nothing, so no script id is checked there.
  const facility = services.config.ninjaone ? { ...DEMO_FACILITY, actions: undefined } : DEMO_FACILITY;
  await services.facilities.applySetup({ facilities: [facility] }, audit);
  const logins: { role: Role; email: string; password: string }[] = [];
  for (const user of DEMO_USERS) {
    const password = randomBytes(18).toString('base64url');
    await services.users.addUser({ ...user, facilitySlugs: [DEMO_FACILITY.slug], password }, audit);
    logins.push({ role: user.role, email: user.email, password });
  }
  for (const line of box([
    'Demo logins (shown once, save them now):',
    '',
    ...logins.map((login) => `${login.role.padEnd(10)} ${login.email.padEnd(28)} ${login.password}`),
    '',
    `Facility "${DEMO_FACILITY.name}" with ${DEMO_FACILITY.bays.length} bays was created.`,
  ])) {
    out(line);
  }
  return true;
}

function box(lines: string[]): string[] {
  const width = Math.max(...lines.map((line) => line.length));
  const rule = `+${'-'.repeat(width + 2)}+`;
  return [rule, ...lines.map((line) => `| ${line.padEnd(width)} |`), rule];
}
