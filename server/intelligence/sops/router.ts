import { z } from 'zod';
import {
  facilityScopedProcedure,
  localAdminProcedure,
  managerProcedure,
  router,
  staffProcedure,
} from '../../trpc/trpc.ts';
import { MAX_SOP_BYTES } from './parse.ts';

const documentId = z.uuid();
const versionNumber = z.number().int().positive();
const sopPath = z.string().min(1).max(300);

// Loose on purpose: parseSop enforces the real 16 KB limit with a message that names the file.
const sopFileSchema = z.object({ path: sopPath, content: z.string().max(4 * MAX_SOP_BYTES) });

// Reading SOPs is for all staff; rolling one back changes what every agent answers, so it is a
// manager's call (and audited, as every new version is).
export const sopsRouter = router({
  /** Every SOP with its current version, by path. */
  list: staffProcedure.query(({ ctx }) => ctx.services.sops.list()),

  /** One SOP by path or id, at its current version or at `version`. */
  get: staffProcedure
    .input(
      z.union([
        z.object({ path: sopPath, version: versionNumber.optional() }),
        z.object({ documentId, version: versionNumber.optional() }),
      ]),
    )
    .query(({ ctx, input }) => ctx.services.sops.get(input)),

  /** Every version, newest first, each with a unified diff against the one before. */
  history: staffProcedure
    .input(z.object({ documentId }))
    .query(({ ctx, input }) => ctx.services.sops.history(input.documentId)),

  /** A unified diff between any two versions (`from` may be newer than `to`), with both versions' meta. */
  compare: staffProcedure
    .input(z.object({ sopId: documentId, from: versionNumber, to: versionNumber }))
    .query(({ ctx, input }) =>
      ctx.services.sops.compare({ documentId: input.sopId, from: input.from, to: input.to }),
    ),

  /**
   * The AI answers that used this version, newest first, from the caller's facilities (`facilityId`
   * narrows to one; an admin sees all).
   */
  versionReplies: facilityScopedProcedure
    .input(
      z.object({
        sopId: documentId,
        version: versionNumber,
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(({ ctx, input }) =>
      ctx.services.sops.versionReplies(
        { documentId: input.sopId, version: input.version, limit: input.limit },
        ctx.facilityScope,
      ),
    ),

  /**
   * A manager's direct edit. It becomes a proposal (source `manager_edit`) through the same
   * guardrails and eval, and goes live only when another manager (or an admin) approves it.
   */
  proposeEdit: managerProcedure
    .input(
      z.object({
        sopId: documentId,
        newContent: z
          .string()
          .min(1)
          .max(4 * MAX_SOP_BYTES),
        summary: z.string().trim().min(1, 'Say what the edit changes.').max(300),
      }),
    )
    .mutation(({ ctx, input }) => ctx.services.proposals.proposeEdit(ctx.user, input, ctx.audit)),

  /** Makes an old version current again, as a new version with source 'rollback' (issue 7's names). */
  rollback: managerProcedure
    .input(z.object({ sopId: documentId, version: versionNumber }))
    .mutation(({ ctx, input }) => ctx.services.sops.rollback(input.sopId, input.version, ctx.audit)),

  /** `clubos sops import` through the server holding the database; the CLI read the files. */
  cliImport: localAdminProcedure
    .input(z.object({ files: z.array(sopFileSchema).max(2_000) }))
    .mutation(({ ctx, input }) => ctx.services.sops.importFiles(input.files, ctx.audit)),

  /** `clubos sops export` through the server holding the database; the CLI writes the files. */
  cliExport: localAdminProcedure.query(({ ctx }) => ctx.services.sops.exportFiles()),
});
