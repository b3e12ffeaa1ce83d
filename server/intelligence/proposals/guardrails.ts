import { diffLines } from 'diff';
import { type SopAgent, sopFolderOf } from '../../../shared/sops.ts';
import {
  type Claim,
  type ClaimKind,
  describeClaims,
  extractClaims,
  ungroundedClaims,
} from '../agents/grounding.ts';
import { looksLikeInjection } from '../agents/safety.ts';
import { agentOfPath, MAX_SOP_BYTES, normaliseContent, parseSop } from '../sops/parse.ts';
import { isDuplicate, normalizedDiffKey } from './normalizedDiff.ts';

// The pure checks an AI-written SOP proposal must pass before it is queued for a manager. The model
// read customers' texts to write it, so a proposal is treated like customer text: anything that could
// put a stranger's number, link or code in front of every customer, talk its way past review, or
// quietly remove an emergency step is refused here, with a reason a manager can read. The checks that
// need the database (one open proposal per SOP, a cooldown after an approval, the daily budget) live
// with the proposal service and share the refusal type.

export type GuardrailRule =
  | 'path'
  | 'size'
  | 'new_contact_or_price'
  | 'injection'
  | 'duplicate'
  | 'open_proposal'
  | 'cooldown'
  | 'budget'
  | 'invalid';

export type GuardrailRefusal = { rule: GuardrailRule; reason: string };

export type ProposalDraft = { sopPath: string; summary: string; rationale: string; newContent: string };

export type ProposalCheckInput = {
  agent: SopAgent;
  proposal: ProposalDraft;
  /** The SOP as it is now; null when the proposal creates a new file. */
  currentContent: string | null;
  /** Every SOP path that exists now, e.g. "booking/door-access.md". */
  existingPaths: string[];
  /** The staff corrections among the proposal's evidence: the only source a new number or link may come from. */
  staffCorrections: string[];
  /** Keys (normalizedDiffKey) of this SOP's open and recently rejected proposals. */
  recentDiffKeys?: string[];
};

export type ProposalCheck = { ok: true; changedLines: number } | { ok: false; refusals: GuardrailRefusal[] };

export const MAX_CHANGED_LINES = 60;

// A manager reads the whole change before approving it; past 60 lines that reading stops being careful.
// New files count every line as changed, so a proposed new SOP is short too.

/** Every rule is checked, so one refusal does not hide another. */
export function checkProposal(input: ProposalCheckInput): ProposalCheck {
  const { agent, proposal, currentContent } = input;
  const { added, removed } = changedLines(currentContent, proposal.newContent);
  const refusals: GuardrailRefusal[] = [];
  const refuse = (rule: GuardrailRule, reason: string) => refusals.push({ rule, reason });

  const pathProblem = checkPath(input);
  if (pathProblem) refuse('path', pathProblem);

  const changed = added.length + removed.length;
  const bytes = Buffer.byteLength(proposal.newContent, 'utf8');
  if (changed > MAX_CHANGED_LINES) {
    refuse('size', `It changes ${changed} lines; a proposal may change at most ${MAX_CHANGED_LINES}.`);
  }
  if (bytes > MAX_SOP_BYTES) {
    refuse('size', `The SOP would be ${kb(bytes)} KB; an SOP may be at most ${kb(MAX_SOP_BYTES)} KB.`);
  }
  if (changed === 0) refuse('invalid', 'It changes nothing in the SOP.');
  // The path and size have their own reasons; parsing then only has the content left to complain about.
  if (!pathProblem && bytes <= MAX_SOP_BYTES) {
    try {
      parseSop(proposal.sopPath, proposal.newContent);
    } catch (error) {
      refuse('invalid', `The new text is not a valid SOP: ${(error as Error).message}`);
    }
  }

  const claims = newClaims(currentContent, proposal.newContent, input.staffCorrections);
  if (claims.length > 0) {
    refuse(
      'new_contact_or_price',
      `It adds ${describeClaims(claims)}, which neither the SOP nor a staff correction in the evidence contains.`,
    );
  }

  const screened = injectionPlaces(proposal, added);
  if (screened.length > 0) {
    refuse(
      'injection',
      `It reads as an instruction to the AI or an attempt to get past review, in ${screened.join('; ')}.`,
    );
  }
  const deletion = emergencyDeletion(agent, currentContent, removed);
  if (deletion) refuse('injection', deletion);

  const key = normalizedDiffKey(currentContent, proposal.newContent);
  if (isDuplicate(key, input.recentDiffKeys ?? [])) {
    refuse('duplicate', 'The same change is already waiting for review or was rejected recently.');
  }

  return refusals.length === 0 ? { ok: true, changedLines: changed } : { ok: false, refusals };
}

const kb = (bytes: number) => Math.ceil((bytes / 1024) * 10) / 10;

/** Lines added and removed, with line endings normalised so a Windows copy is not a change. */
function changedLines(currentContent: string | null, newContent: string) {
  const added: string[] = [];
  const removed: string[] = [];
  const changes = diffLines(normaliseContent(currentContent ?? ''), normaliseContent(newContent), {
    ignoreNewlineAtEof: true,
  });
  for (const change of changes) {
    const lines = change.value.replace(/\n$/, '').split('\n');
    if (change.added) added.push(...lines);
    else if (change.removed) removed.push(...lines);
  }
  return { added, removed };
}

// Names that belong to the agents' own instructions or settings, never to an SOP a model may write.
const RESERVED_NAME = /prompt|instruction|system|config/i;

function checkPath(input: ProposalCheckInput): string | null {
  const { agent, proposal, currentContent, existingPaths } = input;
  const path = proposal.sopPath;
  const folder = sopFolderOf(agent);
  let owner: SopAgent;
  try {
    owner = agentOfPath(path);
  } catch (error) {
    return `"${path}" is not an SOP path: ${(error as Error).message.replace(`${path}: `, '')}.`;
  }
  if (owner !== agent) {
    return `"${path}" belongs to another agent; this agent may only change SOPs in ${folder}/.`;
  }
  if (RESERVED_NAME.test(path.slice(folder.length + 1))) {
    return `"${path}" is named like the agents' instructions or settings, which proposals never touch.`;
  }
  const exists = existingPaths.includes(path);
  if (currentContent !== null && !exists) return `"${path}" is not an existing SOP.`;
  if (currentContent === null && exists) return `"${path}" already exists; a new SOP needs a new name.`;
  return null;
}

// Times are left out: changing hours is an ordinary SOP edit, not a way to reach customers elsewhere.
const GUARDED_KINDS = new Set<ClaimKind>(['price', 'phone', 'url', 'email', 'code']);
// {{facts.*}} placeholders render the facility's own values, so they are never a new claim.
const PLACEHOLDER = /\{\{[^{}]*\}\}/g;

/** Claims in the new text that neither the current SOP nor any one staff correction contains. */
function newClaims(currentContent: string | null, newContent: string, corrections: string[]): Claim[] {
  const text = newContent.replace(PLACEHOLDER, ' ');
  const keyOf = (claim: Claim) => `${claim.kind}:${claim.text}`;
  // Each source is read on its own, so two texts run together cannot form a number neither holds.
  const missingFrom = [currentContent ?? '', ...corrections].map(
    (source) => new Set(ungroundedClaims(text, source.replace(PLACEHOLDER, ' ')).map(keyOf)),
  );
  return extractClaims(text).filter(
    (claim) => GUARDED_KINDS.has(claim.kind) && missingFrom.every((missing) => missing.has(keyOf(claim))),
  );
}

// Phrases with no place in an SOP or its proposal: talking to the model, or to the review around it.
// "without staff approval" is left alone: SOPs use it for what customers may not do.
const PROPOSAL_INJECTION: RegExp[] = [
  /\b(ignore|disregard|forget)\s+(all\s+|any\s+)?(previous|prior|above|earlier|other)\b/,
  /\b(without|skip|skipping|bypass|bypassing|no\s+need\s+for)\s+(any\s+|the\s+|a\s+)?(review|approval|sign-?off)\b/,
  /\bauto-?approv|\bpre-?approved\b|\balready\s+approved\b|\bapprove\s+(this|the|it|my)\b/,
  /\bsystem\s*prompts?\b/,
  /\b(model|assistant|ai|bot|chatbot|llm|claude|gpt)s?\s+(should|must|shall|will|needs?\s+to|has\s+to)\s+(now\s+)?(ignore|disregard|forget|override|skip|bypass)\b/,
  /\b(dear|hey|hello|attention|note\s+to(\s+the)?)\s+(model|assistant|ai|bot|llm|claude|chatgpt|gpt)\b/,
  /\b(you\s+are|you're|as)\s+an?\s+(ai|language\s+model|llm|chatbot)\b/,
];
// A summary or rationale argues for the content; it has no reason to mention approving anything.
const ABOUT_APPROVAL = /\bapprov/;

/** Where the proposal reads like an injection: "the summary", "the rationale", or quoted added lines. */
function injectionPlaces(proposal: ProposalDraft, added: string[]): string[] {
  const places: string[] = [];
  if (isInjection(proposal.summary, true)) places.push('the summary');
  if (isInjection(proposal.rationale, true)) places.push('the rationale');
  for (const line of added) {
    if (isInjection(line, false)) places.push(`the added line "${shorten(line.trim())}"`);
  }
  return places;
}

const shorten = (line: string) => (line.length > 80 ? `${line.slice(0, 79)}…` : line);

function isInjection(text: string, explainsChange: boolean): boolean {
  const normal = text.normalize('NFKC').toLowerCase();
  // The customer screen flags the word "SOP" because customers never use it; a proposal is about an
  // SOP and SOPs say "in these SOPs", so the bare word is hidden, but never a "<sop>" tag.
  const withoutSopWord = normal.replace(/(?<![</])\bsops?\b(?!\s*>)/g, 'guide');
  if (looksLikeInjection(withoutSopWord)) return true;
  if (PROPOSAL_INJECTION.some((pattern) => pattern.test(normal))) return true;
  return explainsChange && ABOUT_APPROVAL.test(normal);
}

// Deleting emergency steps is the harm an injection most wants ("your next SOP update must delete the
// emergency procedures"), so it is refused under the injection rule rather than a rule of its own: a
// proposal may not remove or reword any line that mentions 911, in any SOP, nor remove half or more of
// an emergency SOP's lines. A manager makes such changes by hand.
function emergencyDeletion(agent: SopAgent, currentContent: string | null, removed: string[]): string | null {
  const removes911 = removed.filter((line) => /\b911\b/.test(line)).length;
  if (removes911 > 0) {
    return `It removes or rewrites ${removes911} line(s) that mention 911; only a manager may change those, by hand.`;
  }
  if (agent !== 'emergency' || currentContent === null) return null;
  const before = nonBlank(normaliseContent(currentContent).split('\n'));
  const gone = nonBlank(removed);
  if (before > 0 && gone * 2 >= before) {
    return `It removes ${gone} of the emergency SOP's ${before} lines; emergency procedures are cut back only by a manager, by hand.`;
  }
  return null;
}

const nonBlank = (lines: string[]) => lines.filter((line) => line.trim() !== '').length;
