// Anthropic's error envelope, `{type: 'error', error: {type, message}, request_id}`, for the statuses
// the fake returns. The SDK reads `error.type` and `message` from it into its typed errors.

export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'overloaded_error'
  | 'timeout_error';

export type FakeErrorReply = {
  status: number;
  body: { type: 'error'; error: { type: AnthropicErrorType; message: string }; request_id: string };
  headers?: Record<string, string>;
};

export function apiError(
  status: number,
  type: AnthropicErrorType,
  message: string,
  requestId: string,
): FakeErrorReply {
  return { status, body: { type: 'error', error: { type, message }, request_id: requestId } };
}

const TYPE_BY_STATUS: Record<number, AnthropicErrorType> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

/** An injected HTTP fault, worded as Anthropic words it. */
export function faultReply(status: number, requestId: string, retryAfterSeconds?: number): FakeErrorReply {
  const type = TYPE_BY_STATUS[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
  const message =
    type === 'rate_limit_error'
      ? 'Number of request tokens has exceeded your per-minute rate limit.'
      : type === 'overloaded_error'
        ? 'Overloaded'
        : type === 'api_error'
          ? 'Internal server error'
          : `Injected fault (${status}).`;
  const reply = apiError(status, type, message, requestId);
  // Anthropic sends whole seconds; a test may pass a fraction to keep the SDK's wait short.
  if (retryAfterSeconds !== undefined) reply.headers = { 'retry-after': String(retryAfterSeconds) };
  return reply;
}
