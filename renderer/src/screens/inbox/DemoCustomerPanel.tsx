import { type FormEvent, useId, useState } from 'react';
import { describeError } from '../../api/errors.ts';
import { Field } from '../../components/Field.tsx';
import { type DemoCustomerApi, useDemoCustomerApi } from './demoCustomerApi.ts';
import { formatPhone } from './inboxWording.ts';

type Facility = { id: string; name: string; phoneNumber: string | null };

type Sending =
  | { status: 'idle' }
  | { status: 'sending' }
  | { status: 'sent'; to: string }
  | { status: 'failed'; message: string };

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Demo mode only: play a customer. The text goes to the server's demo path, which has the built-in
 * fake OpenPhone post it as a signed webhook, so it arrives in the inbox like any customer's text.
 */
export function DemoCustomerPanel({ facilities, serverUrl }: { facilities: Facility[]; serverUrl: string }) {
  const api = useDemoCustomerApi();
  const withNumbers = facilities.filter((facility) => facility.phoneNumber !== null);
  if (!api || withNumbers.length === 0) return null;
  return <DemoCustomerForm api={api} facilities={withNumbers} serverUrl={serverUrl} />;
}

function DemoCustomerForm({
  api,
  facilities,
  serverUrl,
}: {
  api: DemoCustomerApi;
  facilities: Facility[];
  serverUrl: string;
}) {
  const id = useId();
  const [facilityId, setFacilityId] = useState(facilities[0]?.id ?? '');
  const [from, setFrom] = useState('+19025550111');
  const [body, setBody] = useState('Hi! Is a bay free tonight at 7?');
  const [fromError, setFromError] = useState<string | null>(null);
  const [sending, setSending] = useState<Sending>({ status: 'idle' });
  const facility = facilities.find((candidate) => candidate.id === facilityId) ?? facilities[0];

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (sending.status === 'sending' || !facility) return;
    if (!E164.test(from.trim())) {
      setFromError('A phone number in international form, such as +19025550111.');
      return;
    }
    if (body.trim() === '') return;
    setFromError(null);
    setSending({ status: 'sending' });
    try {
      await api.textIn({ facilityId: facility.id, from: from.trim(), body });
      setSending({ status: 'sent', to: facility.name });
    } catch (error) {
      setSending({ status: 'failed', message: describeError(error, serverUrl) });
    }
  }

  return (
    <details className="demo-customer" data-testid="demo-customer">
      <summary>Demo: text the facility as a customer</summary>
      <form className="demo-customer-form" aria-label="Text the facility as a customer" onSubmit={onSubmit}>
        <p className="field-hint">
          Plays a customer's phone: the text goes through the demo's fake OpenPhone and its signed webhook,
          then shows in the inbox like any other.
        </p>
        {facilities.length > 1 && (
          <div className="field">
            <label htmlFor={`${id}-facility`}>To</label>
            <select
              id={`${id}-facility`}
              className="input"
              value={facility?.id}
              onChange={(event) => setFacilityId(event.target.value)}
            >
              {facilities.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.name} ({formatPhone(candidate.phoneNumber ?? '')})
                </option>
              ))}
            </select>
          </div>
        )}
        <Field
          id={`${id}-from`}
          label="From (the customer's number)"
          value={from}
          error={fromError}
          autoComplete="off"
          onChange={(event) => setFrom(event.target.value)}
        />
        <div className="field">
          <label htmlFor={`${id}-body`}>
            Message to {facility?.name} ({formatPhone(facility?.phoneNumber ?? '')})
          </label>
          <textarea
            id={`${id}-body`}
            className="input composer-text"
            rows={2}
            value={body}
            onChange={(event) => setBody(event.target.value)}
          />
        </div>
        <div className="actions">
          <button type="submit" className="button" aria-disabled={sending.status === 'sending' || undefined}>
            {sending.status === 'sending' ? 'Texting…' : 'Send as customer'}
          </button>
          <p className="demo-customer-result" role="status">
            {sending.status === 'sent' && `Sent to ${sending.to}. It is in the inbox now.`}
          </p>
        </div>
        {sending.status === 'failed' && (
          <p className="field-error" role="alert">
            Not sent: {sending.message}
          </p>
        )}
      </form>
    </details>
  );
}
