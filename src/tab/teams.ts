// Start-up: inside Teams take the SSO token, theme and locale from teams-js; outside Teams
// (initialize rejects or does not answer within ~3 s) fall back to local mode.
import { type Locale, pickLocale } from "./i18n";

export type ThemeName = "default" | "dark" | "contrast";

/** Why Teams gave no SSO token: consent for the app is missing, or anything else. */
export type SsoProblem = "consentRequired" | "failed";

export interface TeamsStart {
  inTeams: boolean;
  token: string | null;
  /** In Teams without a token: why getAuthToken failed (null outside Teams or with a token). */
  ssoProblem: SsoProblem | null;
  theme: ThemeName;
  locale: Locale;
}

/**
 * getAuthToken rejects with the host's reason as the error's message (teams-js 2.58,
 * getAuthTokenHelper): "resourceRequiresConsent" when neither the user nor an administrator has
 * consented to the app's scope; other reasons (resourceDisabled, tokenRevoked, ...) are not
 * something the user can fix in the tab either.
 */
export function ssoProblemFrom(err: unknown): SsoProblem {
  const reason = err instanceof Error ? err.message : String(err);
  return /consent/i.test(reason) ? "consentRequired" : "failed";
}

export function themeFrom(raw: string | null | undefined): ThemeName {
  if (raw === "dark") return "dark";
  if (raw === "contrast") return "contrast";
  return "default";
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** Query overrides (?theme=default|dark|contrast&locale=da|nb|en) for tests and trying by hand. */
export function urlOverrides(search: string = window.location.search): { theme?: ThemeName; locale?: Locale } {
  const p = new URLSearchParams(search);
  const out: { theme?: ThemeName; locale?: Locale } = {};
  const th = p.get("theme");
  if (th) out.theme = themeFrom(th);
  const lo = p.get("locale");
  if (lo) out.locale = pickLocale(lo);
  return out;
}

export async function startTeams(onTheme: (t: ThemeName) => void, timeoutMs = 3000): Promise<TeamsStart> {
  const forced = urlOverrides();
  // Outside Teams: ?locale=, else Danish (the programmes' first language), not the browser's.
  const browserLocale: Locale = forced.locale ?? "da";
  // A top-level page with no opener and no native host (Teams mobile injects nativeInterface) is
  // not in Teams: teams-js would reject anyway, after fetching its list of valid domains from a CDN.
  const hosted = window.parent !== window || !!window.opener || "nativeInterface" in window;
  const outside: TeamsStart = { inTeams: false, token: null, ssoProblem: null, theme: forced.theme ?? "default", locale: forced.locale ?? browserLocale };
  if (!hosted) return outside;
  // Loaded only when hosted: on import teams-js fetches its list of valid domains from a CDN.
  const { app, authentication } = await import("@microsoft/teams-js");
  try {
    await withTimeout(app.initialize(), timeoutMs);
  } catch {
    return outside;
  }
  const ctx = await app.getContext();
  app.registerOnThemeChangeHandler((t) => onTheme(themeFrom(t)));
  let token: string | null = null;
  let ssoProblem: SsoProblem | null = null;
  try {
    token = await authentication.getAuthToken();
  } catch (err) {
    // Not a blank page, and not Teams's generic failure page either: the tab explains it in the
    // user's language (notifySuccess below hides Teams's loading indicator so it can).
    ssoProblem = ssoProblemFrom(err);
  }
  void app.notifySuccess();
  return {
    inTeams: true,
    token,
    ssoProblem,
    theme: forced.theme ?? themeFrom(ctx.app.theme),
    locale: forced.locale ?? pickLocale(ctx.app.locale),
  };
}
