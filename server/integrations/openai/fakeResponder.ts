import { JUDGE_VERDICT } from '../../intelligence/proposals/judgeSchema.ts';
import { judgeFromPrompt } from './fakeJudge.ts';
import { contentWords, firstSentences, keywordHits, markdownToText } from './fakeText.ts';
import type { FakeChatReply, FakeChatRequest, FakeResponder, FakeTool } from './fakeTypes.ts';
import {
  AGENT_REPLY,
  type AgentName,
  type AgentReply,
  MAX_REPLY_CHARS,
  OFFER_BAY_RESET,
  ROUTE_MESSAGE,
  type RouteMessage,
} from './schemas.ts';
import { parseSopSections, type SopSection, withoutSopSections } from './sopMarkers.ts';

// The fake OpenAI's default "demo brain": deterministic keyword rules that answer the product's two
// structured outputs well enough to demo, and that tests can predict exactly. Its opposite, a model
// that falls for prompt injection, is `gullibleResponder` (gullibleResponder.ts).

export const ROUTING_KEYWORDS = {
  emergency: [
    'fire',
    'smoke',
    'bleeding',
    'blood',
    'hurt',
    'injur',
    'unconscious',
    'ambulance',
    '911',
    'emergency',
    'gas leak',
    'flood',
    'collapsed',
    'not breathing',
  ],
  booking: ['door', 'code', 'pin', 'book', 'cancel', 'refund', 'price', 'open', 'hours', 'membership'],
  tech_support: [
    'screen',
    'trackman',
    'sound',
    'projector',
    'ball',
    'sensor',
    'crash',
    'frozen',
    'freez',
    'license',
    'loading',
  ],
} as const satisfies Partial<Record<AgentName, readonly string[]>>;

const RESTART_WORDS = /\b(frozen|freez|froze|crash|restart|reboot|stuck|hung|unresponsive|not responding)/i;
const BAY_NUMBER = /\bbay\s*(?:#|no\.?|number)?\s*(\d{1,2})\b/i;
const WANTS_PERSON = /\b(human|real person|a person|someone|staff|manager|call me|speak to|talk to)\b/i;
const NO_MATCH_REPLY =
  "Thanks for your message. I'm passing this to our team, and someone will get back to you shortly.";

export const defaultResponder: FakeResponder = (request) => {
  const customer = customerText(request);
  const reset =
    request.toolChoice === 'none' || toolUsedThisTurn(request) ? undefined : bayResetCall(request, customer);
  if (reset) return reset;
  const format = request.responseFormat?.name;
  if (format === ROUTE_MESSAGE) return { content: JSON.stringify(routeMessage(customer)) };
  // The eval gate's judge: the whole user message is the case (fakeJudge.ts reads it).
  if (format === JUDGE_VERDICT) {
    const last = request.messages.findLast((message) => message.role === 'user');
    return { content: JSON.stringify(judgeFromPrompt(last?.content ?? '')) };
  }
  // Said plainly (a 500 naming the format) rather than answered with JSON that breaks the schema.
  if (format !== undefined && format !== AGENT_REPLY) {
    throw new Error(
      `the demo brain knows ${ROUTE_MESSAGE}, ${AGENT_REPLY} and ${JUDGE_VERDICT}, not '${format}'`,
    );
  }
  const reply = agentReply(request, customer);
  return { content: format || request.jsonMode ? JSON.stringify(reply) : reply.reply };
};

/** Emergency words win outright; otherwise the agent with more keyword hits (tech support on a tie). */
export function routeMessage(text: string): RouteMessage {
  if (keywordHits(text, ROUTING_KEYWORDS.emergency) > 0) return { agent: 'emergency', confidence: 0.95 };
  const booking = keywordHits(text, ROUTING_KEYWORDS.booking);
  const tech = keywordHits(text, ROUTING_KEYWORDS.tech_support);
  if (booking === 0 && tech === 0) return { agent: 'brand', confidence: 0.5 };
  const confidence = Math.min(0.95, 0.6 + 0.1 * Math.abs(booking - tech));
  return tech >= booking ? { agent: 'tech_support', confidence } : { agent: 'booking', confidence };
}

/** A reply from the first sentences of the SOP section that best matches the customer's words. */
export function agentReply(request: FakeChatRequest, customer: string): AgentReply {
  const section = bestSection(sopSections(request), customer);
  const handoffReason =
    keywordHits(customer, ROUTING_KEYWORDS.emergency) > 0
      ? 'emergency reported'
      : WANTS_PERSON.test(customer)
        ? 'customer asked for a person'
        : section
          ? null
          : 'no matching SOP';
  const reply = section ? firstSentences(markdownToText(section.body), MAX_REPLY_CHARS) : NO_MATCH_REPLY;
  return { reply: reply || NO_MATCH_REPLY, handoff: handoffReason !== null, handoff_reason: handoffReason };
}

export function bestSection(sections: SopSection[], customer: string): SopSection | undefined {
  const wanted = contentWords(customer);
  let best: { section: SopSection; score: number } | undefined;
  for (const section of sections) {
    const title = contentWords(`${section.section} ${section.path.replace(/[/._-]+/g, ' ')}`);
    const body = contentWords(section.body);
    let score = 0;
    for (const word of wanted) score += (title.has(word) ? 2 : 0) + (body.has(word) ? 1 : 0);
    if (score > 0 && score > (best?.score ?? 0)) best = { section, score };
  }
  return best?.section;
}

/** Every SOP section in the system, developer and user messages, in order. */
export function sopSections(request: FakeChatRequest): SopSection[] {
  return request.messages
    .filter((message) => ['system', 'developer', 'user'].includes(message.role))
    .flatMap((message) => parseSopSections(message.content ?? ''));
}

/** The last user message, without any SOP sections the product put in the same message. */
export function customerText(request: FakeChatRequest): string {
  const last = request.messages.findLast((message) => message.role === 'user');
  return withoutSopSections(last?.content ?? '');
}

export function systemText(request: FakeChatRequest): string {
  return request.messages
    .filter((message) => message.role === 'system' || message.role === 'developer')
    .map((message) => message.content ?? '')
    .join('\n\n');
}

/** A tool already answered since the customer last spoke: reply now, or the product would loop. */
export function toolUsedThisTurn(request: FakeChatRequest): boolean {
  const lastUser = request.messages.findLastIndex((message) => message.role === 'user');
  return request.messages.slice(lastUser + 1).some((message) => message.role === 'tool');
}

function bayResetCall(request: FakeChatRequest, customer: string): FakeChatReply | undefined {
  const tool = request.tools?.find((candidate) => candidate.name === OFFER_BAY_RESET);
  const bay = BAY_NUMBER.exec(customer)?.[1];
  if (!tool || !bay || !RESTART_WORDS.test(customer)) return undefined;
  return { toolCalls: [{ name: tool.name, arguments: bayArguments(tool, Number(bay)) }] };
}

/** `{bay_number: n}`, or whatever the tool's schema calls its bay property, typed as it asks. */
export function bayArguments(tool: FakeTool, bay: number): Record<string, unknown> {
  const properties =
    (tool.parameters as { properties?: Record<string, { type?: unknown }> } | null)?.properties ?? {};
  const key = Object.keys(properties).find((name) => name.includes('bay')) ?? 'bay_number';
  const type = properties[key]?.type;
  const wantsString =
    type === 'string' || (Array.isArray(type) && !type.includes('integer') && type.includes('string'));
  return { [key]: wantsString ? String(bay) : bay };
}
