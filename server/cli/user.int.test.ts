import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthService } from '../auth/service.ts';
import { loadConfig } from '../config.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { users } from '../db/schema/index.ts';
import { createLogger } from '../logger.ts';
import { type CliWorkspace, createCliWorkspace, runClubos } from '../test/cli.ts';
import { engines } from '../test/databases.ts';
import { bedfordFacility } from '../test/fixtures.ts';

describe.each(engines)('clubos user add on %s', (engine) => {
  let workspace: CliWorkspace;
  let env: NodeJS.ProcessEnv;

  const clubos = (args: string[], stdin = '') => runClubos(args, { env, stdin });

  /** Opens the database the CLI wrote to (the CLI has closed it by now). */
  async function withDatabase<T>(work: (database: DatabaseHandle) => Promise<T>) {
    const database = await workspace.openDatabase();
    try {
      return await work(database);
    } finally {
      await database.close();
    }
  }
  const emails = () =>
    withDatabase(async ({ db }) =>
      (await db.select({ email: users.email }).from(users)).map((row) => row.email),
    );

  beforeAll(async () => {
    workspace = await createCliWorkspace(engine, 'clubos-user-');
    env = workspace.env;
    const setup = path.join(workspace.root, 'setup.json');
    await writeFile(setup, JSON.stringify({ facilities: [{ ...bedfordFacility, bays: [] }] }));
    const result = await clubos(['setup', setup]);
    if (result.code !== 0) throw new Error(`setup failed: ${result.stderr}`);
  });
  afterAll(() => workspace?.remove());

  const add = (email: string, ...extra: string[]) => [
    'user',
    'add',
    '--email',
    email,
    '--name',
    'Ann Example',
    ...extra,
  ];

  it('adds a user whose password comes from stdin without its trailing newline', async () => {
    const result = await clubos(
      add('Ann@Example.test', '--role', 'manager', '--facility', 'bedford', '--password-stdin'),
      'password123456\n',
    );
    expect(result).toEqual({ code: 0, stdout: 'Added manager ann@example.test at bedford.\n', stderr: '' });

    const session = await withDatabase(async (database) => {
      const auth = new AuthService({
        db: database.db,
        config: loadConfig({ LOG_LEVEL: 'silent' }),
        logger: createLogger({ level: 'silent' }),
        now: () => new Date(),
      });
      return auth.login(
        { email: 'ann@example.test', password: 'password123456' },
        { requestId: 'test', ip: null, device: null },
      );
    });
    expect(session.user).toMatchObject({ email: 'ann@example.test', role: 'manager' });
    expect(session.user.facilityIds).toHaveLength(1);
  });

  it('an admin may have no facility; repeated --facility flags are collected', async () => {
    const admin = await clubos(
      add('boss@example.test', '--role', 'admin', '--password-stdin'),
      'password123456',
    );
    expect(admin.code).toBe(0);
    expect(admin.stdout).toContain('Added admin boss@example.test (all facilities).');
    const twice = await clubos(
      add(
        'twice@example.test',
        '--role',
        'frontdesk',
        '--facility',
        'bedford',
        '--facility',
        'bedford',
        '--password-stdin',
      ),
      'password123456',
    );
    expect(twice.code).toBe(0);
  });

  it('refuses bad use with a clear message, a non-zero exit and no user', async () => {
    const cases: [string[], string, number, string][] = [
      [
        add('x1@example.test', '--role', 'manager', '--facility', 'bedford'),
        'password123456',
        2,
        '--password-stdin',
      ],
      [
        add('x2@example.test', '--role', 'owner', '--facility', 'bedford', '--password-stdin'),
        'password123456',
        2,
        'Allowed choices are frontdesk, manager, admin',
      ],
      [add('x3@example.test', '--role', 'frontdesk', '--password-stdin'), 'password123456', 2, '--facility'],
      [
        add('x4@example.test', '--role', 'frontdesk', '--facility', 'nowhere', '--password-stdin'),
        'password123456',
        1,
        'Unknown facility "nowhere"',
      ],
      [
        add('x5@example.test', '--role', 'frontdesk', '--facility', 'bedford', '--password-stdin'),
        'short\n',
        1,
        'password: must be at least 12 characters',
      ],
      [
        add('x6@example.test', '--role', 'frontdesk', '--facility', 'bedford', '--password-stdin'),
        '\n',
        1,
        'No password',
      ],
      [
        ['user', 'add', '--name', 'N', '--role', 'admin', '--password-stdin'],
        'password123456',
        2,
        "'--email <email>'",
      ],
      [
        add('ann@example.test', '--role', 'frontdesk', '--facility', 'bedford', '--password-stdin'),
        'password123456',
        1,
        'already exists',
      ],
    ];
    for (const [args, stdin, code, message] of cases) {
      const result = await clubos(args, stdin);
      expect({ args, code: result.code }).toEqual({ args, code });
      expect(result.stderr).toContain(message);
      expect(result.stderr).not.toContain(stdin.trim() || '\u0000');
    }
    expect((await emails()).filter((email) => email.startsWith('x'))).toEqual([]);
  });

  it('has help on each command', async () => {
    const help = await clubos(['user', 'add', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--password-stdin');
    expect(help.stdout).toContain('frontdesk');
    const group = await clubos(['user', '--help']);
    expect(group.code).toBe(0);
    expect(group.stdout).toContain('add [options]');
  });
});
