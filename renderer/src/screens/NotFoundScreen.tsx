import { hrefFor } from '../app/routes.ts';
import { ScreenHeading } from '../shell/ScreenHeading.tsx';

export function NotFoundScreen() {
  return (
    <section className="screen" aria-labelledby="screen-heading">
      <ScreenHeading>Screen not found</ScreenHeading>
      <p>There is no screen at this address.</p>
      <p>
        <a href={hrefFor('bays')}>Go to Bays</a>
      </p>
    </section>
  );
}
