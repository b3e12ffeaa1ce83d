import { type Command, Option } from 'commander';
import { roles } from '../../../shared/roles.ts';
import { DomainError } from '../../errors.ts';
import { MIN_PASSWORD_LENGTH } from '../../users/service.ts';
import { CliError, type CliIO, readAll } from '../io.ts';
import { withAdminOperations } from '../operations.ts';

type AddOptions = {
  email: string;
  name: string;
  role: (typeof roles)[number];
  facility: string[];
  passwordStdin?: boolean;
};

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerUserCommands(program: Command, io: CliIO) {
  const user = program.command('user').description('Manage staff accounts');

  user
    .command('add')
    .description('Add a staff account; the password is read from standard input, never from the command line')
    .requiredOption('--email <email>', 'sign-in email (case-insensitive)')
    .requiredOption('--name <name>', 'display name')
    .addOption(new Option('--role <role>', 'what the account may do').choices(roles).makeOptionMandatory())
    .option(
      '--facility <slug>',
      'facility the account works at; repeat for several (admins may have none)',
      collect,
      [],
    )
    .option(
      '--password-stdin',
      'read the password from standard input, e.g. `printf %s "$PW" | clubos user add …`',
    )
    .addHelpText('after', `\nPasswords must be at least ${MIN_PASSWORD_LENGTH} characters.`)
    .action(async (options: AddOptions) => {
      if (!options.passwordStdin) {
        // Command lines end up in shell history and `ps` output, so a password never goes there.
        throw new CliError(
          'Pass --password-stdin and pipe the password in; passwords are never taken as arguments',
          2,
        );
      }
      if (options.role !== 'admin' && options.facility.length === 0) {
        throw new CliError(`A ${options.role} needs at least one --facility SLUG`, 2);
      }
      const password = (await readAll(io.stdin)).replace(/\r?\n$/, '');
      if (password.length === 0) throw new CliError('No password was given on standard input');
      const added = await withAdminOperations(io, 'user add command', async (operations) => {
        try {
          return await operations.addUser({
            email: options.email,
            name: options.name,
            role: options.role,
            facilitySlugs: options.facility,
            password,
          });
        } catch (error) {
          if (error instanceof DomainError) throw new CliError(error.message);
          throw error;
        }
      });
      const slugs = [...new Set(options.facility)];
      const where = slugs.length > 0 ? ` at ${slugs.join(', ')}` : ' (all facilities)';
      io.stdout.write(`Added ${added.role} ${added.email}${where}.\n`);
    });
}
