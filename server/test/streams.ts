import { Writable } from 'node:stream';

// Kept apart from ./cli.ts so a unit test can capture output without loading the whole CLI.

/** A Writable that keeps everything written to it: each chunk as text, and all of it joined. */
export function captureStream() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, chunks, text: () => chunks.join('') };
}
