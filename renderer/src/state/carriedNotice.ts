const KEY = 'clubos.noticeAfterReload';

// A new server address only takes effect after a reload (the desktop app's CSP connect-src is set per
// page load), so the sentence that explains what happened is carried across it in session storage.

export function carryNoticeAcrossReload(notice: string): void {
  window.sessionStorage.setItem(KEY, notice);
}

/** The carried notice, once. */
export function takeCarriedNotice(): string | undefined {
  const notice = window.sessionStorage.getItem(KEY);
  window.sessionStorage.removeItem(KEY);
  return notice ?? undefined;
}
