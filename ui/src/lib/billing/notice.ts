/** A message carried to the next page (after "Save and send" the new invoice's page says it was sent). */
let pending: { text: string; tone: 'ok' | 'error' } | null = null;

export function leaveNotice(text: string, tone: 'ok' | 'error' = 'ok'): void {
  pending = { text, tone };
}

/** The message left for this page, once. */
export function takeNotice(): { text: string; tone: 'ok' | 'error' } | null {
  const n = pending;
  pending = null;
  return n;
}
