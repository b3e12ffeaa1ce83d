import { judgeAgainstReference } from '../../intelligence/proposals/evalKeyFacts.ts';
import type { JudgeVerdict } from '../../intelligence/proposals/judgeSchema.ts';

// How the fake models (OpenAI and Anthropic alike) answer an eval-gate judge request. The product's
// buildJudgePrompt (server/intelligence/proposals/judgePrompt.ts) is the contract:
//
//   <eval_case source="golden">
//   <rubric>
//   must mention: "$45" | "45 dollars"
//   must not mention: "free"
//   </rubric>
//   <untrusted_customer_text field="question">…escaped…</untrusted_customer_text>
//   <untrusted_customer_text field="expected_answer">…</untrusted_customer_text>   (history cases)
//   <untrusted_customer_text field="candidate_answer">…</untrusted_customer_text>
//   </eval_case>
//
// The verdict is deterministic: the rubric's phrases, or the same key-fact rule the offline judge
// uses against the expected answer. Text inside the quotes is never obeyed, only graded.

export type JudgeCase = {
  source: string;
  rubric?: { mustMention: string[][]; mustNotMention: string[] };
  question: string;
  expected?: string;
  candidate: string;
};

const CASE = /<eval_case source="([^"]*)">\n([\s\S]*?)\n<\/eval_case>/;
const RUBRIC = /^<rubric>\n([\s\S]*?)\n?<\/rubric>$/m;
const FIELD = /<untrusted_customer_text field="([a-z_]+)">\n([\s\S]*?)\n<\/untrusted_customer_text>/g;

/** The judge case in a prompt, or undefined when the text holds none. */
export function parseJudgeCase(text: string): JudgeCase | undefined {
  const block = CASE.exec(text);
  if (!block) return undefined;
  const body = block[2] ?? '';
  const fields = new Map(
    [...body.matchAll(FIELD)].map((match) => [match[1], unescapeMarkup(match[2] ?? '')]),
  );
  const candidate = fields.get('candidate_answer');
  if (candidate === undefined) return undefined;
  const rubricText = RUBRIC.exec(body.replace(FIELD, ''))?.[1];
  const expected = fields.get('expected_answer');
  return {
    source: block[1] ?? '',
    question: fields.get('question') ?? '',
    candidate,
    ...(expected === undefined ? {} : { expected }),
    ...(rubricText === undefined ? {} : { rubric: parseRubric(rubricText) }),
  };
}

function parseRubric(text: string): { mustMention: string[][]; mustNotMention: string[] } {
  const mustMention: string[][] = [];
  const mustNotMention: string[] = [];
  for (const line of text.split('\n')) {
    const phrases = [...line.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((match) =>
      unescapeMarkup(JSON.parse(`"${match[1] ?? ''}"`) as string),
    );
    if (line.startsWith('must mention:')) mustMention.push(phrases);
    else if (line.startsWith('must not mention:')) mustNotMention.push(...phrases);
  }
  return { mustMention, mustNotMention };
}

/** The verdict for a judge case: by its expected answer when it has one, else by its rubric. */
export function judgeCase(entry: JudgeCase): JudgeVerdict {
  if (entry.expected !== undefined) {
    const { pass, reasons } = judgeAgainstReference(entry.expected, entry.candidate);
    return { pass, reasons };
  }
  const text = entry.candidate.toLowerCase();
  const reasons: string[] = [];
  if (entry.candidate.trim() === '') reasons.push('no answer');
  for (const phrasings of entry.rubric?.mustMention ?? []) {
    if (!phrasings.some((phrase) => text.includes(phrase.toLowerCase()))) {
      reasons.push(`does not mention ${phrasings.map((phrase) => `"${phrase}"`).join(' or ')}`);
    }
  }
  for (const phrase of entry.rubric?.mustNotMention ?? []) {
    if (text.includes(phrase.toLowerCase())) reasons.push(`says "${phrase}"`);
  }
  if (text.includes('[not set:')) reasons.push('quotes a fact that is not set');
  return { pass: reasons.length === 0, reasons };
}

/** For a responder: the verdict on the judge case in `text`, or a failing one when there is none. */
export function judgeFromPrompt(text: string): JudgeVerdict {
  const entry = parseJudgeCase(text);
  return entry ? judgeCase(entry) : { pass: false, reasons: ['no eval case in the request'] };
}

function unescapeMarkup(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}
