/** A message for the next page to show once (e.g. "Version 1 published." after creating a template). */
let message = '';

export function setFlash(text: string): void {
  message = text;
}

export function takeFlash(): string {
  const text = message;
  message = '';
  return text;
}
