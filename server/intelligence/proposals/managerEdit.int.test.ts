import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../shared/roles.ts';
import { systemActor } from '../../audit/types.ts';
import { engines } from '../../test/databases.ts';
import { bedfordFacility } from '../../test/fixtures.ts';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { SOPS_DIR } from '../engine/testSupport.ts';

// sops.proposeEdit: a manager's direct edit is a proposal like any other (guardrails, eval), and goes
// live only with another manager's approval, or an admin's own.

const PASSWORD = 'a long enough password';

describe.each(engines)('a manager’s direct SOP edit on %s', (engine) => {
  let app: TestApp;
  const as: Record<'desk' | 'mia' | 'mo' | 'ada', ReturnType<TestApp['caller']>> = {} as never;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    app = await createTestApp(engine);
    const cli = systemActor('cli');
    await app.services.facilities.applySetup({ facilities: [{ ...bedfordFacility, bays: [] }] }, cli);
    await app.services.sops.importDirectory(SOPS_DIR, cli);
    const add = async (key: keyof typeof as, name: string, role: Role) => {
      const email = `${key}@bedford.test`;
      const user = await app.services.users.addUser(
        { email, name, role, facilitySlugs: role === 'admin' ? [] : ['bedford'], password: PASSWORD },
        cli,
      );
      ids[key] = user.id;
      as[key] = app.caller((await app.caller().auth.login({ email, password: PASSWORD })).token);
    };
    await add('desk', 'Dana Desk', 'frontdesk');
    await add('mia', 'Mia Manager', 'manager');
    await add('mo', 'Mo Manager', 'manager');
    await add('ada', 'Ada Admin', 'admin');
  });
  afterAll(() => app?.close());

  const editOf = async (path: string, line: string) => {
    const sop = await app.services.sops.get({ path });
    return { sopId: sop.document.id, newContent: `${sop.content.trimEnd()}\n- ${line}\n` };
  };

  it('front desk cannot propose an edit (FORBIDDEN)', async () => {
    const edit = await editOf('brand/voice.md', 'Keep it kind.');
    await expect(as.desk.sops.proposeEdit({ ...edit, summary: 'Be kind' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('becomes a manager_edit proposal; its author cannot approve it, another manager can, and the version is an edit', async () => {
    const edit = await editOf('brand/voice.md', 'Say sorry once when something went wrong, then fix it.');
    const outcome = await as.mia.sops.proposeEdit({ ...edit, summary: 'Apologise once, then fix' });
    expect(outcome).toMatchObject({ status: 'pending_review', refusals: [] });
    const proposal = await as.mo.proposals.get({ id: outcome.proposalId });
    expect(proposal).toMatchObject({
      source: 'manager_edit',
      sopPath: 'brand/voice.md',
      summary: 'Apologise once, then fix',
      evidence: [],
      newContent: edit.newContent,
    });

    await expect(as.mia.proposals.approve({ id: outcome.proposalId })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await as.mo.proposals.approve({ id: outcome.proposalId })).toEqual({ version: 2 });
    const sop = await as.desk.sops.get({ path: 'brand/voice.md' });
    expect(sop.version).toMatchObject({
      source: 'edit',
      createdBy: { id: ids.mia, name: 'Mia Manager' },
      approvedBy: { id: ids.mo, name: 'Mo Manager' },
      proposalId: outcome.proposalId,
    });
  });

  it('an admin may approve their own edit', async () => {
    const edit = await editOf('brand/events.md', 'Tell groups to arrive ten minutes early.');
    const outcome = await as.ada.sops.proposeEdit({ ...edit, summary: 'Arrive early' });
    expect(outcome.status).toBe('pending_review');
    expect(await as.ada.proposals.approve({ id: outcome.proposalId })).toEqual({ version: 2 });
  });

  it('goes through the same guardrails: a new URL is refused and recorded, not queued', async () => {
    const edit = await editOf('brand/gift-cards.md', 'Buy them at https://gift.example.com today.');
    const outcome = await as.mia.sops.proposeEdit({ ...edit, summary: 'Link the gift card shop' });
    expect(outcome.status).toBe('guardrail_rejected');
    expect(outcome.refusals.map((refusal) => refusal.rule)).toEqual(['new_contact_or_price']);
  });

  it('refuses an unknown SOP with NOT_FOUND', async () => {
    await expect(
      as.mia.sops.proposeEdit({
        sopId: '00000000-0000-4000-8000-000000000000',
        newContent: '# X\n',
        summary: 'x',
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
