import { type FormEvent, useState } from 'react';
import { Field } from '../../components/Field.tsx';
import { budgetInput, parseBudget, type SaveState, spendText } from './aiSettingsWording.ts';
import { SaveStatus } from './SaveStatus.tsx';

/** Today's AI spend at a facility against its daily budget, and the budget's edit field. */
export function BudgetForm({
  slug,
  facilityName,
  spentUsd,
  budgetUsd,
  save,
  onSave,
}: {
  slug: string;
  facilityName: string;
  spentUsd: number;
  budgetUsd: number;
  save: SaveState | undefined;
  onSave(usd: number): Promise<boolean>;
}) {
  // Null while the field shows the server's budget; what was typed otherwise.
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const spend = spendText(spentUsd, budgetUsd);
  const saving = save?.status === 'saving';
  const fieldId = `ai-budget-${slug}`;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (saving) return;
    const parsed = parseBudget(draft ?? budgetInput(budgetUsd));
    if (!parsed.ok) {
      setError(parsed.error);
      return;
    }
    setError(null);
    if (await onSave(parsed.usd)) setDraft(null);
  }

  return (
    <div className="ai-budget" data-testid="ai-budget" data-over={spend.over || undefined}>
      <p className="ai-spend" id={`${fieldId}-spend`} data-testid="ai-spend">
        <span aria-hidden="true">{spend.over ? '▲ ' : ''}</span>
        {spend.text}
      </p>
      <meter
        className="ai-spend-meter"
        min={0}
        max={Math.max(budgetUsd, 0.01)}
        value={Math.min(spentUsd, Math.max(budgetUsd, 0.01))}
        aria-label={`Today’s AI spend at ${facilityName}`}
        aria-valuetext={spend.text}
      />
      <form className="form form-inline ai-budget-form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <Field
          id={fieldId}
          label={`Daily budget at ${facilityName} (US dollars)`}
          hint="Past it, answers are drafted from the SOPs without the model until midnight."
          inputMode="decimal"
          autoComplete="off"
          value={draft ?? budgetInput(budgetUsd)}
          error={error}
          onChange={(event) => {
            setDraft(event.target.value);
            setError(null);
          }}
        />
        <button type="submit" className="button" aria-disabled={saving || undefined}>
          {saving ? 'Saving…' : 'Save budget'}
        </button>
        <SaveStatus state={save} />
      </form>
    </div>
  );
}
