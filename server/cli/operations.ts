import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import type { FeedbackRecord } from '../../shared/ai.ts';
import type { SopImportSummary } from '../../shared/sops.ts';
import type { StaffUser } from '../../shared/user.ts';
import type { AuditVerification } from '../audit/service.ts';
import { systemActor } from '../audit/types.ts';
import { loadConfig } from '../config.ts';
import { DataDirBusyError, readDataDirOwner } from '../db/dataDirLock.ts';
import { DomainError } from '../errors.ts';
import type { SetupSummary } from '../facilities/service.ts';
import type { SetupFile } from '../facilities/setupFile.ts';
import { exportFeedbackFor } from '../intelligence/feedbackExport.ts';
import type { SopFile } from '../intelligence/sops/files.ts';
import { readLocalAdminKey } from '../localAdmin/key.ts';
import type { Services } from '../services.ts';
import type { AppRouter } from '../trpc/appRouter.ts';
import type { NewUser } from '../users/service.ts';
import { CliError, type CliIO, withServices } from './io.ts';

/** The data-changing CLI commands, whether they run here or through the server holding the database. */
export type AdminOperations = {
  applySetup(setup: SetupFile): Promise<SetupSummary>;
  addUser(input: NewUser): Promise<StaffUser>;
  verifyAudit(): Promise<AuditVerification>;
  importSops(files: SopFile[]): Promise<SopImportSummary>;
  exportSops(): Promise<SopFile[]>;
  exportFeedback(filter: FeedbackFilter): Promise<FeedbackRecord[]>;
};

/** `clubos feedback export` options: an ISO date and a facility slug, both optional. */
export type FeedbackFilter = { since?: string | undefined; facilitySlug?: string | undefined };

function localOperations(services: Services): AdminOperations {
  const audit = systemActor('cli');
  return {
    applySetup: (setup) => services.facilities.applySetup(setup, audit),
    addUser: (input) => services.users.addUser(input, audit),
    verifyAudit: () => services.audit.verify(),
    importSops: (files) => services.sops.importFiles(files, audit),
    exportSops: () => services.sops.exportFiles(),
    exportFeedback: (filter) => exportFeedbackFor(services, filter),
  };
}

function remoteOperations(url: string, key: string): AdminOperations {
  const client = createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${url}/trpc`, headers: { authorization: `Bearer ${key}` } })],
  });
  // The server already turned domain errors into messages meant for people; keep them as they are.
  const call = async <T>(request: () => Promise<T>): Promise<T> => {
    try {
      return await request();
    } catch (error) {
      if (error instanceof TRPCClientError && error.data)
        throw new DomainError('invalid_input', error.message);
      throw new CliError(
        `Could not complete the command through the server at ${url}: ${(error as Error).message}`,
      );
    }
  };
  return {
    applySetup: (setup) => call(() => client.localAdmin.applySetup.mutate(setup)),
    addUser: async (input) => call(() => client.localAdmin.addUser.mutate(input)),
    verifyAudit: () => call(() => client.localAdmin.verifyAudit.query()),
    importSops: (files) => call(() => client.sops.cliImport.mutate({ files })),
    exportSops: () => call(() => client.sops.cliExport.query()),
    exportFeedback: (filter) => call(() => client.feedback.cliExport.query(filter)),
  };
}

/**
 * Runs a command against the database directly, or, when a running server holds the embedded
 * database, through that server, so the command neither waits nor touches the directory.
 */
export async function withAdminOperations<T>(
  io: CliIO,
  purpose: string,
  work: (operations: AdminOperations) => Promise<T>,
): Promise<T> {
  try {
    return await withServices(io, purpose, (services) => work(localOperations(services)));
  } catch (error) {
    if (!(error instanceof DataDirBusyError)) throw error;
    const { dataDir } = loadConfig(io.env);
    const [owner, key] = await Promise.all([readDataDirOwner(dataDir), readLocalAdminKey(dataDir)]);
    if (!owner?.url || !key) throw error;
    io.stderr.write(
      `The ClubOS server at ${owner.url} holds the database; sending this command through it.\n`,
    );
    return work(remoteOperations(owner.url, key));
  }
}
