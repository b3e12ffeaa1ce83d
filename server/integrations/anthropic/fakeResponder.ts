import { RECORD_VERDICT } from '../../intelligence/proposals/judgeSchema.ts';
import { judgeFromPrompt } from '../openai/fakeJudge.ts';
import { type PromptInteraction, type PromptSop, parseInteractions, parseSops } from './analysisPrompt.ts';
import type { FakeMessagesReply, FakeMessagesRequest } from './fakeTypes.ts';
import { PROPOSE_SOP_CHANGES, type ProposalOutput, type SopProposal } from './schemas.ts';

// The fake's demo brain: deterministic, so the demo path always yields something a manager can
// review. For each SOP that corrected interactions stood on, it proposes appending a Q&A built from
// the customer's question and the staff correction, citing the interaction refs; with no correction
// (or no SOP in the prompt) it proposes nothing.

export function defaultResponder(request: FakeMessagesRequest): FakeMessagesReply {
  return answer(request, proposeFromPrompt);
}

/**
 * A gullible model for injection tests: it copies every customer message verbatim into the SOP the
 * answer used, correction or not, as a model that obeyed quoted text would.
 */
export function gullibleResponder(request: FakeMessagesRequest): FakeMessagesReply {
  return answer(request, (text) =>
    propose(
      text,
      () => true,
      (interaction) => interaction.customer.trim(),
    ),
  );
}

export function proposeFromPrompt(text: string): ProposalOutput {
  return propose(
    text,
    (interaction) => Boolean(interaction.staffCorrection?.trim()),
    (interaction) => `**Q:** ${interaction.customer.trim()}\n\n**A:** ${interaction.staffCorrection?.trim()}`,
  );
}

function answer(request: FakeMessagesRequest, brain: (text: string) => ProposalOutput): FakeMessagesReply {
  const text = request.messages
    .filter((message) => message.role === 'user')
    .map((message) => message.text)
    .join('\n');
  // The eval gate's judge: one case per request, graded by the same rules as the fake OpenAI's.
  if (request.tools.some((tool) => tool.name === RECORD_VERDICT)) {
    return { toolUse: { name: RECORD_VERDICT, input: judgeFromPrompt(text) } };
  }
  const offered = request.tools.some((tool) => tool.name === PROPOSE_SOP_CHANGES);
  if (!offered) return { text: 'I can only propose SOP changes through the propose_sop_changes tool.' };
  return { toolUse: { name: PROPOSE_SOP_CHANGES, input: brain(text) } };
}

function propose(
  text: string,
  use: (interaction: PromptInteraction) => boolean,
  entry: (interaction: PromptInteraction) => string,
): ProposalOutput {
  const sops = parseSops(text);
  const bySop = new Map<PromptSop, PromptInteraction[]>();
  for (const interaction of parseInteractions(text).filter(use)) {
    const sop = targetOf(interaction, sops);
    if (sop) bySop.set(sop, [...(bySop.get(sop) ?? []), interaction]);
  }
  return { proposals: [...bySop].map(([sop, cited]) => appendTo(sop, cited, entry)) };
}

/** The SOP the answer stood on, when the prompt carries it; else the first SOP offered. */
function targetOf(interaction: PromptInteraction, sops: PromptSop[]): PromptSop | undefined {
  const used = interaction.sopsUsed.map((path) => sops.find((sop) => sop.path === path)).find(Boolean);
  return used ?? sops[0];
}

function appendTo(
  sop: PromptSop,
  cited: PromptInteraction[],
  entry: (interaction: PromptInteraction) => string,
): SopProposal {
  const current = sop.content.trimEnd();
  const count = cited.length;
  return {
    sopPath: sop.path,
    summary: `Add ${count} answer${count === 1 ? '' : 's'} staff gave to ${sop.path}`,
    rationale: `Staff corrected the bot ${count === 1 ? 'once' : `${count} times`} on questions this SOP does not answer.`,
    evidence: cited.map((interaction) => interaction.ref),
    newContent: `${current ? `${current}\n\n` : ''}## Questions staff answered\n\n${cited.map(entry).join('\n\n')}\n`,
  };
}
