import { parseInteractions, parseSopFiles } from './analysisPrompt.ts';
import type { FakeMessagesReply, FakeMessagesRequest } from './fakeTypes.ts';
import { PROPOSE_SOP_CHANGES, type ProposalOutput } from './schemas.ts';

// The fake's demo brain: deterministic, so the demo path always yields something a manager can
// review. It proposes one change, appending a Q&A for each staff correction to the first SOP file in
// the prompt; with no correction (or no SOP file) it proposes nothing.

export function defaultResponder(request: FakeMessagesRequest): FakeMessagesReply {
  const text = request.messages
    .filter((message) => message.role === 'user')
    .map((message) => message.text)
    .join('\n');
  const offered = request.tools.some((tool) => tool.name === PROPOSE_SOP_CHANGES);
  if (!offered) return { text: 'I can only propose SOP changes through the propose_sop_changes tool.' };
  return { toolUse: { name: PROPOSE_SOP_CHANGES, input: proposeFromPrompt(text) } };
}

export function proposeFromPrompt(text: string): ProposalOutput {
  const corrected = parseInteractions(text).filter((interaction) => interaction.staffCorrection?.trim());
  const [file] = parseSopFiles(text);
  if (!file?.path || corrected.length === 0) return { proposals: [] };

  const qa = corrected
    .map(
      (interaction) =>
        `**Q:** ${interaction.customer.trim()}\n\n**A:** ${interaction.staffCorrection?.trim()}`,
    )
    .join('\n\n');
  const current = file.content.trimEnd();
  const newContent = `${current ? `${current}\n\n` : ''}## Questions staff answered\n\n${qa}\n`;
  const count = corrected.length;
  return {
    proposals: [
      {
        sopPath: file.path,
        summary: `Add ${count} answer${count === 1 ? '' : 's'} staff gave to ${file.path}`,
        rationale: `Staff corrected the bot ${count === 1 ? 'once' : `${count} times`} on questions this SOP does not answer.`,
        evidence: corrected.map((interaction) => interaction.id),
        newContent,
      },
    ],
  };
}
