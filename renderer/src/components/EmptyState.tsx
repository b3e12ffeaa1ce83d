import type { ReactNode } from 'react';

/** An honest "nothing here yet": what will appear, and that nothing is hidden. */
export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="empty-state">
      <p className="empty-state-title">{title}</p>
      <div className="empty-state-body">{children}</div>
    </div>
  );
}
