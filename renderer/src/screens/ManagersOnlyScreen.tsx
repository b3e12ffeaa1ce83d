import type { Role } from '../../../shared/roles.ts';
import { hrefFor } from '../app/routes.ts';
import { roleLabel } from '../shell/roleLabel.ts';
import { ScreenHeading } from '../shell/ScreenHeading.tsx';

/** Where a front-desk user lands on a manager-only address (typed, bookmarked or linked). */
export function ManagersOnlyScreen({ screen, role }: { screen: string; role: Role }) {
  return (
    <section className="screen" aria-labelledby="screen-heading" data-testid="managers-only">
      <ScreenHeading>Managers only</ScreenHeading>
      <div className="notice notice-info">
        <p>
          {screen} is for managers. You are signed in as {roleLabel(role)}. Ask a manager if you need
          something from this screen.
        </p>
      </div>
      <p>
        <a href={hrefFor('bays')}>Go to Bays</a>
      </p>
    </section>
  );
}
