import OpenAI from 'openai';

// The real SDK, configured from ClubOS's config rather than the SDK's own env reading, so the base
// URL (the fake in demo and tests) and the time budget are explicit at the one place they are set.

export type OpenAIClientOptions = {
  apiKey: string;
  /** Ends in /v1, e.g. the fake's `url`. Absent: OpenAI's own API. */
  baseURL?: string;
  /** Per attempt; the SDK retries timeouts too, so the worst case is about (maxRetries + 1) × this. */
  timeoutMs: number;
  /** The SDK retries 408, 409, 429, 5xx and connection errors itself, honouring retry-after(-ms). */
  maxRetries: number;
};

export function createOpenAIClient(options: OpenAIClientOptions): OpenAI {
  return new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL ?? 'https://api.openai.com/v1',
    timeout: options.timeoutMs,
    maxRetries: options.maxRetries,
  });
}
