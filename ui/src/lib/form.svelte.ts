import { ApiError } from './api-error.ts';

/**
 * The state of one form submission: busy while it runs, then the error message and the errors per
 * field from the API (`fields` keyed by field name), ready for ErrorSummary and the inputs.
 */
export class FormState {
  busy = $state(false);
  error = $state<string | null>(null);
  fields = $state<Record<string, string>>({});

  /** Runs a submission; returns whether it succeeded. */
  async run(action: () => Promise<void>, fallback = 'Could not reach the server. Please try again.'): Promise<boolean> {
    this.busy = true;
    this.error = null;
    this.fields = {};
    try {
      await action();
      return true;
    } catch (e) {
      this.error = e instanceof ApiError ? e.message : fallback;
      this.fields = e instanceof ApiError ? e.fields : {};
      return false;
    } finally {
      this.busy = false;
    }
  }
}
