/**
 * The offline path (no Anthropic key): a staff correction becomes a proposal directly. It adds the
 * customer's question and the staff answer to the SOP the flagged answer stood on, as one new
 * section at the end. It is only a proposal: the same guardrails, eval and approval apply.
 */

export type CorrectionEvidence = {
  interactionId: string;
  query: string;
  correction: string;
  /** The SOP the answer stood on (its first section reference). */
  sopPath: string;
};

export type DraftProposal = {
  sopPath: string;
  summary: string;
  rationale: string;
  evidence: string[];
  newContent: string;
};

const MAX_HEADING = 80;

export function proposalFromCorrection(evidence: CorrectionEvidence, currentContent: string): DraftProposal {
  const question = oneLine(evidence.query);
  const heading = headingFor(question);
  const section = [
    `## ${heading}`,
    '',
    `Customers say: ${question}`,
    '',
    oneLine(evidence.correction),
    '',
  ].join('\n');
  return {
    sopPath: evidence.sopPath,
    summary: `Add the staff answer to "${truncate(question, 60)}"`,
    rationale:
      'A staff member marked the AI answer unhelpful and wrote the answer the customer should have had; ' +
      'this adds it to the SOP the answer was drawn from.',
    evidence: [evidence.interactionId],
    newContent: `${currentContent.replace(/\s*$/, '')}\n\n${section}`,
  };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** A heading from the question: its words, capitalised, without markdown or a trailing "?". */
function headingFor(question: string): string {
  const plain = question
    .replace(/[#*_`>[\]]/g, '')
    .replace(/[?!.]+$/, '')
    .trim();
  const text = truncate(plain || 'Customer question', MAX_HEADING);
  return text.charAt(0).toUpperCase() + text.slice(1);
}
