import type { EvalCaseSource } from '../../../shared/proposals.ts';
import type { SopAgent } from '../../../shared/sops.ts';
import { exampleFacts, type FacilityFacts, type SopFacility } from '../facts.ts';
import { judgeAgainstReference } from './evalKeyFacts.ts';
import { type GoldenCase, judgeAnswer, type Verdict } from './golden.ts';
import type { KnownPii } from './redaction.ts';

// One case the eval gate replays, whatever it came from: a hand-written rubric (golden), the answer
// that was right (a past helpful answer or a staff correction), or only the question (evidence).

export type EvalCase = {
  id: string;
  source: EvalCaseSource;
  agent: SopAgent;
  /** The customer's question as it was asked: replayed locally, redacted before any model sees it. */
  query: string;
  /** Golden cases: what the answer must (and must not) mention. */
  rubric?: { mustMention: string[][]; mustNotMention: string[] };
  /** History cases: the answer that was right. */
  expected?: string;
  /** How SOP placeholders render in the replay: the case's facility, or the example facility. */
  facility: { facts: FacilityFacts; who: SopFacility };
  /** Personal data known for the case's thread, for the redactor. */
  known: KnownPii;
};

/** The demo facility the hand-written golden set is written against. */
export const EXAMPLE_FACILITY: EvalCase['facility'] = {
  facts: exampleFacts,
  who: { name: 'Bedford', timezone: 'America/Halifax', phoneNumber: '+19025550100' },
};

export function goldenEvalCase(golden: GoldenCase): EvalCase {
  return {
    id: golden.id,
    source: 'golden',
    agent: golden.agent,
    query: golden.query,
    rubric: { mustMention: golden.mustMention, mustNotMention: golden.mustNotMention },
    facility: EXAMPLE_FACILITY,
    known: { names: [], phones: [] },
  };
}

export function evidenceEvalCases(agent: SopAgent, queries: string[]): EvalCase[] {
  return queries.map((query, index) => ({
    id: `evidence-${index + 1}`,
    source: 'evidence',
    agent,
    query,
    // No rubric: the report shows what the agent says; an answer at all is all the offline judge asks.
    rubric: { mustMention: [], mustNotMention: [] },
    facility: EXAMPLE_FACILITY,
    known: { names: [], phones: [] },
  }));
}

/** The deterministic judge: the key-fact rule against an expected answer, else the rubric. */
export function judgeOffline(entry: EvalCase, answer: string): Verdict {
  if (entry.expected !== undefined) {
    const { pass, reasons } = judgeAgainstReference(entry.expected, answer);
    return { pass, reasons };
  }
  return judgeAnswer(
    {
      id: entry.id,
      agent: entry.agent,
      query: entry.query,
      mustMention: entry.rubric?.mustMention ?? [],
      mustNotMention: entry.rubric?.mustNotMention ?? [],
    },
    answer,
  );
}

/** A case that passed before the change and fails after it blocks the proposal; evidence never does. */
export function blocks(source: EvalCaseSource): boolean {
  switch (source) {
    case 'golden':
    case 'helpful':
    case 'correction':
      return true;
    case 'evidence':
      return false;
    default: {
      const unreachable: never = source;
      throw new Error(`unknown eval case source ${String(unreachable)}`);
    }
  }
}
