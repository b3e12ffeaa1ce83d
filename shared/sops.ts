// The SOP store as the API returns it (sops.* procedures). Dates are ISO strings: there is no tRPC
// transformer. Content is stored raw, with its `{{facts.*}}` placeholders; they are rendered per
// facility only when an agent answers.

import { type Agent, agents } from './agents.ts';

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
