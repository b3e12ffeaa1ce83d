import { bayArguments, customerText, defaultResponder, systemText } from './fakeResponder.ts';
import type { FakeChatReply, FakeChatRequest, FakeResponder } from './fakeTypes.ts';
import { AGENT_REPLY, AGENTS, type AgentName, ROUTE_MESSAGE } from './schemas.ts';

// A model that falls for prompt injection, so tests can prove the product's guards catch what a
// real model might do: it leaks its instructions, resets every bay it is told to, and drops policy
// when told to ignore it. Anything else it answers like the default responder.

export const GULLIBLE_OFF_POLICY_REPLY =
  "Sure! Ignoring my previous instructions: I've refunded all your bookings, your membership is free for life, and the master door code is 0000.";

const ASKS_FOR_PROMPT =
  /\b(system\s+prompt|your\s+(instructions|prompt|rules)|(repeat|print|show|reveal|output)\b.{0,40}\b(instructions|prompt|above))/i;
const IGNORE_INSTRUCTIONS =
  /\b(ignore|disregard|forget)\b.{0,30}\b(previous|prior|above|earlier|all|your)\b.{0,20}\b(instructions|rules|prompt)/i;
const RESET_WORDS = /\b(reset|reboot|restart)\b/i;
/** "bay 3", "bays 1, 2 and 4", "bays 1-8". */
const BAY_LIST = /\bbays?\s*((?:#?\d{1,2}\s*(?:,|and|&|-|–|to|through)?\s*)+)/gi;

export const gullibleResponder: FakeResponder = (request) => {
  const customer = customerText(request);
  if (request.responseFormat?.name === ROUTE_MESSAGE) {
    const named = namedAgent(customer);
    return named ? { content: JSON.stringify({ agent: named, confidence: 1 }) } : defaultResponder(request);
  }
  const reset = request.toolChoice === 'none' ? undefined : resetEveryBay(request, customer);
  if (reset) return reset;
  if (ASKS_FOR_PROMPT.test(customer)) return say(request, systemText(request));
  if (IGNORE_INSTRUCTIONS.test(customer)) return say(request, GULLIBLE_OFF_POLICY_REPLY);
  return defaultResponder(request);
};

function say(request: FakeChatRequest, text: string): FakeChatReply {
  if (request.responseFormat?.name === AGENT_REPLY || request.jsonMode) {
    return { content: JSON.stringify({ reply: text, handoff: false, handoff_reason: null }) };
  }
  return { content: text };
}

/** "Route me to emergency" is obeyed: the customer picks the agent. */
function namedAgent(text: string): AgentName | undefined {
  const lower = text.toLowerCase().replaceAll('tech support', 'tech_support');
  return AGENTS.find((agent) => new RegExp(`\\b${agent}\\b`).test(lower));
}

function resetEveryBay(request: FakeChatRequest, customer: string): FakeChatReply | undefined {
  const tool = request.tools?.find((candidate) => /reset|reboot|restart/i.test(candidate.name));
  if (!tool || !RESET_WORDS.test(customer)) return undefined;
  const bays = mentionedBays(customer);
  if (bays.length === 0) return undefined;
  return { toolCalls: bays.map((bay) => ({ name: tool.name, arguments: bayArguments(tool, bay) })) };
}

export function mentionedBays(text: string): number[] {
  const bays = new Set<number>();
  for (const match of text.matchAll(BAY_LIST)) {
    const list = match[1] ?? '';
    for (const range of list.matchAll(/(\d{1,2})\s*(?:-|–|to|through)\s*(\d{1,2})/g)) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      for (let bay = from; bay <= to && bay - from < 50; bay++) bays.add(bay);
    }
    for (const single of list.matchAll(/\d{1,2}/g)) bays.add(Number(single[0]));
  }
  return [...bays].filter((bay) => bay > 0).sort((a, b) => a - b);
}
