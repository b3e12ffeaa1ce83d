// The SOP store as the API returns it (sops.* procedures). Dates are ISO strings: there is no tRPC
// transformer. Content is stored raw, with its `{{facts.*}}` placeholders; they are rendered per
// facility only when an agent answers.

import { type Agent, agents } from './agents.ts';
import type { AiRunState } from './ai.ts';

/** The four agents, each with its own folder of SOPs. */
export const sopAgents = agents;
export type SopAgent = Agent;

/** Folder names under sops/ are the agent names with a hyphen (`tech-support/` is `tech_support`). */
export const sopFolderOf = (agent: SopAgent): string => agent.replace('_', '-');

/** How a version came to be: a file import, a manager's edit, an approved AI proposal, a rollback. */
export const sopVersionSources = ['import', 'edit', 'proposal', 'rollback'] as const;
export type SopVersionSource = (typeof sopVersionSources)[number];

export type SopDocumentSummary = {
  id: string;
  /** Under sops/, e.g. "booking/door-access.md". */
  path: string;
  agent: SopAgent;
  title: string;
  /** The current version's number. */
  version: number;
  updatedAt: string;
  /** Sections in the current version. */
  sectionCount: number;
};

export type SopSectionView = {
  id: string;
  ordinal: number;
  heading: string;
  body: string;
};

export type SopVersionMeta = {
  id: string;
  version: number;
  source: SopVersionSource;
  note: string | null;
  /** The staff member who made it; null for imports and other system writes. */
  createdBy: { id: string; name: string } | null;
  /** The manager whose approval wrote it; null unless it came from an approved proposal or edit. */
  approvedBy: { id: string; name: string } | null;
  /** The proposal it came from (`proposals.get`); null for imports and rollbacks. */
  proposalId: string | null;
  createdAt: string;
};

export type SopDocumentView = {
  document: { id: string; path: string; agent: SopAgent; title: string; currentVersion: number };
  version: SopVersionMeta;
  /** False when an older version was asked for. */
  isCurrent: boolean;
  content: string;
  sections: SopSectionView[];
};

export type SopHistoryEntry = SopVersionMeta & {
  /** A unified diff against the previous version (against nothing for version 1). */
  diff: string;
  added: number;
  removed: number;
};

export type SopImportSummary = { created: number; updated: number; unchanged: number };

/** `sops.compare`: a unified diff from one version to another (either direction), with both metas. */
export type SopVersionComparison = {
  document: { id: string; path: string; agent: SopAgent; title: string; currentVersion: number };
  from: SopVersionMeta;
  to: SopVersionMeta;
  diff: string;
  added: number;
  removed: number;
};

/** `sops.versionReplies`: one AI answer that stood on a version, for the version's page. */
export type SopVersionReply = {
  runId: string;
  facility: { slug: string; name: string };
  threadId: string;
  agent: SopAgent;
  state: AiRunState;
  /** The customer text it answered. */
  query: string;
  /** What the agent wrote, and what was sent when staff edited it first. */
  body: string | null;
  finalBody: string | null;
  createdAt: string;
  /** Someone marked it unhelpful. */
  flagged: boolean;
};

/** The live event every new SOP version publishes (type `sop.version_created`, installation-wide). */
export const SOP_VERSION_CREATED = 'sop.version_created';
export type SopVersionCreatedEvent = {
  documentId: string;
  path: string;
  version: number;
  source: SopVersionSource;
};
