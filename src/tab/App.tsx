import {
  Body1,
  Button,
  FluentProvider,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Tab,
  TabList,
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
  Text,
  type Theme,
  tokens,
} from "@fluentui/react-components";
import { useCallback, useEffect, useMemo, useState } from "react";
import { ApiError, api } from "./api";
import { I18nContext, type Session } from "./context";
import { type Locale, type MessageKey, translator } from "./i18n";
import { MyData } from "./MyData";
import { MyMentorship } from "./MyMentorship";
import { MyJournal } from "./MyJournal";
import { MyStaff } from "./MyStaff";
import { Overview } from "./Overview";
import { Picker } from "./Picker";
import { Programmes } from "./Programmes";
import { Statistics } from "./Statistics";
import { startTeams, type ThemeName, urlOverrides } from "./teams";

const themes: Record<ThemeName, Theme> = {
  default: teamsLightTheme,
  dark: teamsDarkTheme,
  contrast: teamsHighContrastTheme,
};

export type Page = "overview" | "stats" | "programmes" | "my" | "staff" | "journal" | "mydata";
const PAGES: readonly string[] = ["overview", "stats", "programmes", "my", "staff", "journal", "mydata"];
const isPage = (p: string | null | undefined): p is Page => typeof p === "string" && PAGES.includes(p);

/** The page from ?page=overview|stats|my|staff or the path (/tab/overview, /tab/stats, /tab/my, /tab/staff); null = pick by role. */
export function pageFromUrl(loc: { pathname: string; search: string } = window.location): Page | null {
  const q = new URLSearchParams(loc.search).get("page");
  if (isPage(q)) return q;
  const last = loc.pathname.replace(/\/+$/, "").split("/").pop();
  if (isPage(last)) return last;
  return null;
}

function setPageInUrl(page: Page) {
  const url = new URL(window.location.href);
  if (/\/tab\/(overview|stats|programmes|my|staff|journal|mydata)\/?$/.test(url.pathname)) url.pathname = url.pathname.replace(/(overview|stats|programmes|my|staff|journal|mydata)\/?$/, page);
  else url.searchParams.set("page", page);
  window.history.replaceState(null, "", url);
}

const useStyles = makeStyles({
  root: {
    minHeight: "100vh",
    boxSizing: "border-box",
    backgroundColor: tokens.colorNeutralBackground2,
    color: tokens.colorNeutralForeground1,
  },
  header: {
    display: "flex",
    // A phone's width: the title, the pages and who is signed in wrap instead of widening the page.
    flexWrap: "wrap",
    rowGap: tokens.spacingVerticalXS,
    alignItems: "center",
    gap: tokens.spacingHorizontalL,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  who: { marginLeft: "auto", color: tokens.colorNeutralForeground2 },
  // Four pages or more: the page tabs wrap at a phone's width instead of widening the page.
  pages: { flexWrap: "wrap", flexShrink: 1, minWidth: 0, maxWidth: "100%" },
  main: { padding: tokens.spacingHorizontalXL },
  center: { display: "flex", justifyContent: "center", padding: "48px" },
});

type State =
  | { kind: "starting" }
  | { kind: "picker" }
  | { kind: "ready"; session: Session }
  | { kind: "error"; message: string }
  /** Inside Teams, signing in failed: a localised explanation instead of a technical message. */
  | { kind: "signInProblem"; key: MessageKey };

export function App() {
  const forced = useMemo(() => urlOverrides(), []);
  const [theme, setTheme] = useState<ThemeName>(forced.theme ?? "default");
  const [locale, setLocale] = useState<Locale>(forced.locale ?? "da");
  const [state, setState] = useState<State>({ kind: "starting" });
  const [page, setPage] = useState<Page | null>(pageFromUrl());
  const i18n = useMemo(() => ({ locale, t: translator(locale) }), [locale]);
  const s = useStyles();

  const signIn = useCallback(async (token: string) => {
    const me = await api.whoami(token);
    setState({ kind: "ready", session: { token, ...me } });
  }, []);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const start = await startTeams((t) => setTheme(forced.theme ?? t));
      if (cancelled) return;
      setTheme(start.theme);
      setLocale(start.locale);
      if (!start.inTeams) setState({ kind: "picker" });
      else if (!start.token) setState({ kind: "signInProblem", key: start.ssoProblem === "consentRequired" ? "tab.ssoConsentRequired" : "tab.ssoFailed" });
      else {
        try {
          await signIn(start.token);
        } catch (e) {
          // 401: the server refused Teams's token (audience, tenant, expiry...): not the user's doing.
          if (!(e instanceof ApiError && e.status === 401)) throw e;
          if (!cancelled) setState({ kind: "signInProblem", key: "tab.ssoRefused" });
        }
      }
    })().catch((e: unknown) => !cancelled && setState({ kind: "error", message: e instanceof Error ? e.message : String(e) }));
    return () => {
      cancelled = true;
    };
  }, [forced.theme, signIn]);

  useEffect(() => {
    document.documentElement.lang = locale === "nb" ? "nb" : locale;
    document.title = i18n.t("tab.appTitle");
  }, [locale, i18n]);

  const session = state.kind === "ready" ? state.session : null;
  // A leader who is neither coordinator nor in a pair of their own starts on "My staff".
  const effectivePage: Page | null = session ? (page ?? (session.isCoordinator ? "overview" : session.isLeader ? "staff" : "my")) : null;

  return (
    <FluentProvider theme={themes[theme]}>
      {/* Styles go on an inner element: Fluent gives the provider's className to its portals too. */}
      <div className={s.root} data-theme={theme}>
      <I18nContext.Provider value={i18n}>
        <header className={s.header}>
          <Text as="h1" size={500} weight="semibold">
            {i18n.t("tab.appTitle")}
          </Text>
          {session && (
            <TabList
              className={s.pages}
              selectedValue={effectivePage}
              onTabSelect={(_, d) => {
                const p = d.value as Page;
                setPage(p);
                setPageInUrl(p);
              }}
              aria-label={i18n.t("tab.appTitle")}
            >
              {session.isCoordinator && <Tab value="overview">{i18n.t("tab.navOverview")}</Tab>}
              {session.isCoordinator && <Tab value="stats" data-testid="nav-stats">{i18n.t("tab.stats.nav")}</Tab>}
              {session.isCoordinator && <Tab value="programmes" data-testid="nav-programmes">{i18n.t("tab.programmes.nav")}</Tab>}
              <Tab value="my">{i18n.t("tab.navMy")}</Tab>
              {session.isLeader && <Tab value="staff" data-testid="nav-staff">{i18n.t("tab.navStaff")}</Tab>}
              {/* Issue 13: the mentee's own journal; nobody else gets the page. */}
              {session.isMentee && <Tab value="journal" data-testid="nav-journal">{i18n.t("tab.navJournal")}</Tab>}
              {/* Issue 13: everyone's own data. */}
              <Tab value="mydata" data-testid="nav-mydata">{i18n.t("tab.navMyData")}</Tab>
            </TabList>
          )}
          {session && (
            <Body1 className={s.who} data-testid="signed-in-as">
              {i18n.t("tab.signedInAs", { name: session.name })}
            </Body1>
          )}
        </header>
        <main className={s.main}>
          {state.kind === "starting" && (
            <div className={s.center}>
              <Spinner label={i18n.t("tab.loading")} />
            </div>
          )}
          {state.kind === "picker" && <Picker onToken={signIn} />}
          {state.kind === "error" && (
            <MessageBar intent="error">
              <MessageBarBody>
                {i18n.t("tab.error", { message: state.message })}{" "}
                <Button size="small" onClick={() => window.location.reload()}>
                  {i18n.t("tab.retry")}
                </Button>
              </MessageBarBody>
            </MessageBar>
          )}
          {state.kind === "signInProblem" && (
            <MessageBar intent="error" data-testid="sign-in-problem">
              <MessageBarBody>
                {i18n.t(state.key)}{" "}
                <Button size="small" onClick={() => window.location.reload()}>
                  {i18n.t("tab.retry")}
                </Button>
              </MessageBarBody>
            </MessageBar>
          )}
          {session && effectivePage === "overview" &&
            (session.isCoordinator ? (
              <Overview session={session} />
            ) : (
              <MessageBar intent="warning">
                <MessageBarBody>{i18n.t("tab.notCoordinator")}</MessageBarBody>
              </MessageBar>
            ))}
          {session && effectivePage === "stats" &&
            (session.isCoordinator ? (
              <Statistics session={session} />
            ) : (
              <MessageBar intent="warning">
                <MessageBarBody>{i18n.t("tab.stats.notCoordinator")}</MessageBarBody>
              </MessageBar>
            ))}
          {session && effectivePage === "programmes" &&
            (session.isCoordinator ? (
              <Programmes session={session} />
            ) : (
              <MessageBar intent="warning">
                <MessageBarBody>{i18n.t("tab.programmes.notCoordinator")}</MessageBarBody>
              </MessageBar>
            ))}
          {session && effectivePage === "my" && <MyMentorship session={session} />}
          {session && effectivePage === "staff" && <MyStaff session={session} />}
          {session && effectivePage === "journal" &&
            (session.isMentee ? (
              <MyJournal session={session} />
            ) : (
              <MessageBar intent="warning">
                <MessageBarBody>{i18n.t("error.JOURNAL_NOT_MENTEE")}</MessageBarBody>
              </MessageBar>
            ))}
          {session && effectivePage === "mydata" && <MyData session={session} />}
        </main>
      </I18nContext.Provider>
      </div>
    </FluentProvider>
  );
}
