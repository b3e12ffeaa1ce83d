import OpenAI from 'openai';
import type { Agent } from '../../../shared/agents.ts';
import { detectEmergency, type EmergencyCheck } from './emergencyRules.ts';
import { classifyWithModel, type ModelUsage, RouteModelError } from './llmClassifier.ts';
import { classifyOffline } from './offlineClassifier.ts';

// One customer text in, one agent out. The order is the safety argument: the deterministic
// emergency rules first (no model can delay or veto them), then the model if there is one, then
// the offline classifier, which always answers.

export type RouteVia = 'rules' | 'llm' | 'offline';

export type RouteDecision = {
  agent: Agent;
  emergency: boolean;
  confidence: number;
  via: RouteVia;
  /** The emergency rule's category (fire, injury, …) when the rules decided, else null. */
  category: EmergencyCheck['category'];
  /** Only when the model decided. */
  usage?: ModelUsage;
  model?: string;
  latencyMs: number;
  /** Why the model was asked but the offline classifier decided. */
  fallbackReason?: string;
};

export type RouteDeps = {
  /** Absent: no key configured, so routing is offline. */
  openai?: OpenAI;
  model: string;
  /**
   * Ends the model call early (a caller's time budget); the decision then comes from the offline
   * classifier, with `fallbackReason` 'aborted', rather than an error.
   */
  signal?: AbortSignal;
};

export async function routeMessage(text: string, deps: RouteDeps): Promise<RouteDecision> {
  const startedAt = performance.now();
  const elapsed = () => performance.now() - startedAt;
  const rules = detectEmergency(text);
  if (rules.emergency) {
    return {
      agent: 'emergency',
      emergency: true,
      confidence: 1,
      via: 'rules',
      category: rules.category,
      latencyMs: elapsed(),
    };
  }
  let fallbackReason: string | undefined;
  if (deps.openai) {
    try {
      const result = await classifyWithModel(deps.openai, text, {
        model: deps.model,
        ...(deps.signal ? { signal: deps.signal } : {}),
      });
      // The rules found nothing here, so a model's emergency only ever adds one: it never removes one.
      return {
        agent: result.agent,
        emergency: result.agent === 'emergency',
        confidence: result.confidence,
        via: 'llm',
        category: null,
        usage: result.usage,
        model: result.model,
        latencyMs: elapsed(),
      };
    } catch (error) {
      fallbackReason = describeModelFailure(error);
    }
  }
  const offline = classifyOffline(text);
  return {
    agent: offline.agent,
    emergency: offline.agent === 'emergency',
    confidence: offline.confidence,
    via: 'offline',
    category: null,
    latencyMs: elapsed(),
    ...(fallbackReason ? { fallbackReason } : {}),
  };
}

/** A short reason for the audit trail. It never quotes a reply body, which could echo a key. */
function describeModelFailure(error: unknown): string {
  if (error instanceof RouteModelError) return `${error.code}: ${error.message}`;
  if (error instanceof OpenAI.APIUserAbortError) return 'aborted';
  if (error instanceof OpenAI.APIConnectionTimeoutError) return 'timeout';
  if (error instanceof OpenAI.APIConnectionError) return 'connection failed';
  if (error instanceof OpenAI.APIError) return `provider error ${error.status ?? ''}`.trim();
  if (error instanceof Error && error.name === 'AbortError') return 'aborted';
  return `unexpected: ${error instanceof Error ? error.message : String(error)}`;
}
