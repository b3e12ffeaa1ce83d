import { type FormEvent, useState } from 'react';
import { describeError } from '../../api/errors.ts';
import { useTRPCClient } from '../../api/trpc.ts';

type ExportClient = {
  feedback: {
    export: { query(input: { since?: string }): Promise<{ filename: string; jsonl: string }> };
  };
};

type DownloadState =
  | { status: 'idle' }
  | { status: 'preparing' }
  | { status: 'done'; filename: string; count: number }
  | { status: 'failed'; message: string };

/** Hands the text to the browser (or the desktop app) as a file to save. */
function saveFile(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/x-ndjson' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // After the click has been handled: revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The answers staff and customers marked unhelpful, as JSON lines (the same file `clubos feedback
 * export` writes), for improving the SOPs and the prompts. Optionally only those since a day.
 */
export function FeedbackDownload({ serverUrl }: { serverUrl: string }) {
  const client: ExportClient = useTRPCClient();
  const [since, setSince] = useState('');
  const [state, setState] = useState<DownloadState>({ status: 'idle' });
  const preparing = state.status === 'preparing';

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (preparing) return;
    setState({ status: 'preparing' });
    try {
      const file = await client.feedback.export.query(since ? { since } : {});
      saveFile(file.filename, file.jsonl);
      const count = file.jsonl.split('\n').filter((line) => line.trim() !== '').length;
      setState({ status: 'done', filename: file.filename, count });
    } catch (error) {
      setState({ status: 'failed', message: describeError(error, serverUrl) });
    }
  }

  return (
    <section className="panel ai-feedback" aria-labelledby="ai-feedback-heading">
      <h2 id="ai-feedback-heading">Feedback on AI answers</h2>
      <p className="muted-text">
        Every answer marked unhelpful, with the reason, any better answer, and the SOP versions it used.
      </p>
      <form className="form form-inline" onSubmit={(event) => void onSubmit(event)}>
        <div className="field">
          <label htmlFor="ai-feedback-since">Only since (optional)</label>
          <input
            id="ai-feedback-since"
            className="input"
            type="date"
            value={since}
            onChange={(event) => setSince(event.target.value)}
          />
        </div>
        <button type="submit" className="button" aria-disabled={preparing || undefined}>
          {preparing ? 'Preparing the file…' : 'Download feedback (JSONL)'}
        </button>
      </form>
      <p
        className="ai-feedback-result"
        role={state.status === 'failed' ? 'alert' : 'status'}
        data-testid="ai-feedback-result"
      >
        {state.status === 'done' &&
          `Downloaded ${state.filename}: ${state.count} ${state.count === 1 ? 'answer' : 'answers'} marked unhelpful.`}
        {state.status === 'failed' && `Not downloaded: ${state.message}`}
      </p>
    </section>
  );
}
