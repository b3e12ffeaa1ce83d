import type { IncomingMessage } from 'node:http';

// The shared `readBody` (../fakeHttp.ts) decodes to a string and drops the connection past 64 KiB.
// This fake records the exact bytes instead, and an SOP analysis prompt carries whole SOP files, so it
// reads up to 4 MiB and answers anything larger with Anthropic's 413 rather than a dropped socket.

const MAX_BODY_BYTES = 4 * 1024 * 1024;

export function readRawBody(request: IncomingMessage): Promise<{ bytes: Buffer; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Keep draining past the limit, so the 413 can still be sent on the same connection.
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve({ bytes: Buffer.concat(chunks), tooLarge: size > MAX_BODY_BYTES }));
    request.on('error', reject);
  });
}
