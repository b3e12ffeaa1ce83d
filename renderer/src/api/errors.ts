import { TRPCClientError } from '@trpc/client';

/** The `data` our server's error formatter adds (server/trpc/trpc.ts). */
type ErrorData = {
  code?: string;
  httpStatus?: number;
  requestId?: string;
  issues?: { path: string; message: string }[];
};

function errorData(error: unknown): ErrorData | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const data: unknown = error.data;
  return typeof data === 'object' && data !== null ? (data as ErrorData) : undefined;
}

/** The tRPC error code (`UNAUTHORIZED`, `FORBIDDEN`, …), or undefined when the server never answered. */
export function errorCode(error: unknown): string | undefined {
  return errorData(error)?.code;
}

export function isUnauthorized(error: unknown): boolean {
  return errorCode(error) === 'UNAUTHORIZED';
}

/** True when the request never got a ClubOS answer: the server is down, unreachable or not ClubOS. */
export function isUnreachable(error: unknown): boolean {
  return error instanceof TRPCClientError && errorData(error) === undefined;
}

/**
 * A sentence for the user. Server messages are written for people (wrong password, locked,
 * throttled), so they are shown as they are; invalid input names its fields.
 */
export function describeError(error: unknown, serverUrl: string): string {
  if (isUnreachable(error)) {
    return `Cannot reach the ClubOS server at ${serverUrl}. Check that it is running and that the address is right.`;
  }
  const data = errorData(error);
  if (data?.code === 'BAD_REQUEST' && data.issues?.length) {
    return data.issues
      .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))
      .join('; ');
  }
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong. Try again.';
}
