import { goto } from '$app/navigation';
import type { Branding, User } from './api/schema.d.ts';
import { api, ApiError } from './api.ts';
import { brandProperties } from './color.ts';

const DEFAULT_BRANDING: Branding = { businessName: 'Client portal', primaryColor: '#3b5bdb', logoUrl: null };

/** The signed-in user, the CSRF token and the branding, shared by every page. */
class Session {
  user = $state<User | null>(null);
  csrfToken = $state('');
  branding = $state<Branding>(DEFAULT_BRANDING);
  loaded = $state(false);
  #loading: Promise<void> | null = null;

  /** Loads the session once (every page's guard awaits it). */
  load(): Promise<void> {
    this.#loading ??= this.refresh();
    return this.#loading;
  }

  async refresh(): Promise<void> {
    const data = await api.GET('/api/session').catch((e: unknown) => {
      throw new Error(`Could not load the session (${e instanceof ApiError ? e.status : 'no answer'})`);
    });
    this.user = data.user;
    this.csrfToken = data.csrfToken;
    this.setBranding(data.branding);
    this.loaded = true;
  }

  setBranding(b: Branding): void {
    this.branding = b;
    if (typeof document !== 'undefined') {
      // Through the CSSOM, which the Content-Security-Policy allows (no inline style attributes).
      // Besides the colour itself: a readable text colour on it and a shade for links on white.
      for (const [name, value] of Object.entries(brandProperties(b.primaryColor))) {
        document.documentElement.style.setProperty(name, value);
      }
      document.title = `${b.businessName} · Client portal`;
    }
  }

  signedIn(user: User, csrfToken: string): void {
    this.user = user;
    this.csrfToken = csrfToken;
  }

  /** The server says the session is gone: back to sign-in, remembering where the user was. */
  expired(): void {
    if (!this.user) return;
    this.user = null;
    const next = location.pathname + location.search;
    void goto(`/login?next=${encodeURIComponent(next)}&expired=1`);
  }
}

export const session = new Session();

/** Where a user lands after signing in. */
export function homeFor(user: User): string {
  return user.role === 'client_member' || user.role === 'client_admin' ? '/' : '/staff';
}
