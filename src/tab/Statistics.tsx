import { Body1, Button, Caption1, makeStyles, mergeClasses, MessageBar, MessageBarBody, Spinner, Text, tokens } from "@fluentui/react-components";
import { Fragment, useEffect, useState } from "react";
import { useMedia } from "./narrow";
import { api, OUTCOMES, type Outcome, type QuarterStats, RATING_QUESTIONS, type StatCell, type Statistics as Stats } from "./api";
import { type Session, useI18n } from "./context";
import { saveCsv } from "./download";
import type { Locale, MessageKey, Translate } from "./i18n";

const OUTCOME_LABEL: Record<Outcome, MessageKey> = {
  active: "tab.stats.active",
  completed: "tab.stats.completed",
  endedEarly: "tab.stats.endedEarly",
  leftWithinYear: "tab.stats.leftWithinYear",
};

// A hatch as well as a colour for each outcome, so the bars read apart in the high-contrast theme and without colour vision.
const useStyles = makeStyles({
  wrap: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL, maxWidth: "1200px" },
  titleRow: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM, flexWrap: "wrap" },
  spacer: { flexGrow: 1 },
  intro: { color: tokens.colorNeutralForeground2, margin: 0, maxWidth: "72ch" },
  card: {
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    margin: 0,
    minWidth: 0,
  },
  legend: { display: "flex", flexWrap: "wrap", gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalL}`, listStyleType: "none", margin: 0, padding: 0 },
  legendItem: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalXS, fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
  swatch: { width: "14px", height: "14px", borderRadius: "2px", flexShrink: 0, boxSizing: "border-box" },
  bars: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  barRow: {
    display: "grid",
    gridTemplateColumns: "minmax(96px, 140px) 1fr minmax(56px, auto)",
    alignItems: "center",
    gap: tokens.spacingHorizontalM,
    "@media (max-width: 520px)": { gridTemplateColumns: "1fr auto", rowGap: "2px" },
  },
  barLabel: { fontSize: tokens.fontSizeBase300, whiteSpace: "nowrap" },
  track: {
    display: "flex",
    height: "22px",
    minWidth: 0,
    "@media (max-width: 520px)": { gridColumn: "1 / -1", gridRow: 2 },
  },
  // The page's own background between the pieces: a gap in every theme (white on white in high contrast too).
  segment: { height: "100%", boxSizing: "border-box", borderRight: `2px solid ${tokens.colorNeutralBackground1}`, minWidth: "3px", ":last-child": { borderRight: "none" } },
  swatchBox: { border: `1px solid ${tokens.colorNeutralStroke1}` },
  active: { backgroundColor: tokens.colorBrandBackground },
  completed: { backgroundColor: tokens.colorPaletteGreenBackground3, backgroundImage: `repeating-linear-gradient(135deg, transparent 0 5px, ${tokens.colorNeutralBackground1} 5px 6px)` },
  endedEarly: { backgroundColor: tokens.colorPaletteMarigoldBackground3, backgroundImage: `radial-gradient(${tokens.colorNeutralBackground1} 1.2px, transparent 1.7px)`, backgroundSize: "6px 6px" },
  leftWithinYear: { backgroundColor: tokens.colorPaletteBerryBackground3, backgroundImage: `repeating-linear-gradient(90deg, transparent 0 4px, ${tokens.colorNeutralBackground1} 4px 5px)` },
  hidden: { backgroundColor: tokens.colorNeutralBackground3, backgroundImage: `repeating-linear-gradient(45deg, ${tokens.colorNeutralStroke1} 0 1px, transparent 1px 6px)` },
  barCount: { fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold, textAlign: "end", whiteSpace: "nowrap" },
  fewer: { color: tokens.colorNeutralForeground3, fontStyle: "italic", fontWeight: tokens.fontWeightRegular },
  scroll: { overflowX: "auto", minWidth: 0 },
  quarterCards: { listStyleType: "none", margin: 0, padding: 0, display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(min(100%, 16rem), 1fr))", gap: tokens.spacingVerticalM },
  quarterCard: { border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, padding: tokens.spacingHorizontalM, minWidth: 0 },
  quarterList: { display: "grid", gridTemplateColumns: "minmax(0, 1fr) auto", columnGap: tokens.spacingHorizontalM, rowGap: "2px", margin: 0, fontSize: tokens.fontSizeBase300, "& dd": { margin: 0, textAlign: "end" }, "& dt": { overflowWrap: "anywhere", color: tokens.colorNeutralForeground2 } },
  table: { borderCollapse: "collapse", width: "100%", fontSize: tokens.fontSizeBase300 },
  th: {
    textAlign: "end",

    fontWeight: tokens.fontWeightSemibold,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke1}`,
    verticalAlign: "bottom",
    backgroundColor: tokens.colorNeutralBackground3,
  },
  rowHead: { textAlign: "start", whiteSpace: "nowrap" },
  colHeadStart: { textAlign: "start" },
  // Squeezed below this a header would wrap word by word (a table cell ignores min-width); the table scrolls sideways instead.
  thText: { display: "inline-block", minWidth: "6.5em", "@media (max-width: 1239px)": { minWidth: 0, overflowWrap: "anywhere", hyphens: "auto" } },
  // The longest header gets room for three lines, not eight.
  wideHead: { minWidth: "12em" },
  td: { textAlign: "end", padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`, borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, whiteSpace: "nowrap" },
  totalRow: { fontWeight: tokens.fontWeightSemibold, borderTop: `2px solid ${tokens.colorNeutralStroke1}` },
  pct: { color: tokens.colorNeutralForeground2, marginLeft: tokens.spacingHorizontalXS },
  pair: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalL, alignItems: "stretch", "> *": { flexGrow: 1, flexBasis: "320px" } },
  h3: { margin: 0 },
});

const LOCALE_TAG: Record<Locale, string> = { da: "da-DK", nb: "nb-NO", en: "en-GB" };

function useFormat() {
  const { t, locale } = useI18n();
  const number = new Intl.NumberFormat(LOCALE_TAG[locale], { maximumFractionDigits: 1 });
  const average = new Intl.NumberFormat(LOCALE_TAG[locale], { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const cellText = (c: StatCell, decimals = false): string => ("value" in c ? (decimals ? average : number).format(c.value) : "withheld" in c ? t("tab.stats.withheld") : t("tab.stats.fewer", { min: c.fewerThan }));
  return { t, locale, number, cellText };
}

export function quarterName(t: Translate, quarter: string): string {
  const m = /^(\d{4})-Q([1-4])$/.exec(quarter);
  return m ? t("tab.stats.quarterName", { quarter: m[2]!, year: m[1]! }) : t("tab.stats.total");
}

/** The coordinator's view of the programme's outcomes: a chart to look at, the same figures in a table, the CSV. */
export function Statistics(props: { session: Session }) {
  const s = useStyles();
  const { t, locale } = useFormat();
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);

  useEffect(() => {
    let cancelled = false;
    api.statistics(props.session.token).then(
      (r) => !cancelled && setStats(r),
      (e: unknown) => !cancelled && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      cancelled = true;
    };
  }, [props.session.token]);

  const exportCsv = async () => {
    setExporting(true);
    try {
      await saveCsv(await api.statisticsCsv(props.session.token, locale), `statistics-${new Date().toISOString().slice(0, 10)}.csv`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setExporting(false);
    }
  };

  return (
    <section className={s.wrap} aria-labelledby="stats-title" data-testid="statistics">
      <div className={s.titleRow}>
        <Text as="h2" size={600} weight="semibold" id="stats-title">
          {t("tab.stats.title")}
        </Text>
        <span className={s.spacer} />
        <Button appearance="primary" onClick={() => void exportCsv()} disabled={exporting || !stats} data-testid="stats-export-csv">
          {exporting ? t("tab.exporting") : t("tab.exportCsv")}
        </Button>
      </div>
      <Body1 as="p" className={s.intro}>
        {t("tab.stats.intro", { min: stats?.minGroup ?? 5 })}
      </Body1>
      {stats && hasWithheld(stats) && (
        <Caption1 as="p" className={s.intro} data-testid="stats-withheld-note">
          {t("tab.stats.withheldNote", { min: stats.minGroup })}
        </Caption1>
      )}
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{t("tab.error", { message: error })}</MessageBarBody>
        </MessageBar>
      )}
      {!stats && !error && <Spinner size="small" label={t("tab.loading")} />}
      {stats && stats.quarters.length === 0 && (
        <Body1 role="status" data-testid="stats-empty">
          {t("tab.stats.noData")}
        </Body1>
      )}
      {stats && stats.quarters.length > 0 && (
        <>
          <OutcomeChart stats={stats} />
          <QuarterTable stats={stats} />
        </>
      )}
      {stats && (
        <div className={s.pair}>
          <LoadTable stats={stats} />
          <RatingsTable stats={stats} />
        </div>
      )}
    </section>
  );
}

const shown = (c: StatCell): number | null => ("value" in c ? c.value : null);

function hasWithheld(stats: Stats): boolean {
  return JSON.stringify(stats).includes('"withheld"');
}

/**
 * One bar per start quarter, as long as its started, split by outcome. A hidden figure is never
 * drawn to its size: what is not shown is one hatched piece together, and the rule on the server
 * makes that piece 0 or at least 5 people.
 */
function OutcomeChart(props: { stats: Stats }) {
  const s = useStyles();
  const { t, cellText } = useFormat();
  const rows = props.stats.quarters;
  const max = Math.max(1, ...rows.map((q) => shown(q.started) ?? 0));
  const min = props.stats.minGroup;
  return (
    <figure className={s.card} aria-labelledby="stats-chart-title" data-testid="stats-chart">
      <Text as="h3" size={400} weight="semibold" id="stats-chart-title" className={s.h3}>
        {t("tab.stats.chartTitle")}
      </Text>
      <ul className={s.legend} aria-hidden="true">
        {OUTCOMES.map((o) => (
          <li key={o} className={s.legendItem}>
            <span className={mergeClasses(s.swatch, s.swatchBox, s[o])} />
            {t(OUTCOME_LABEL[o])}
          </li>
        ))}
        <li className={s.legendItem}>
          <span className={mergeClasses(s.swatch, s.swatchBox, s.hidden)} />
          {t("tab.stats.hidden", { min })}
        </li>
      </ul>
      <ul className={s.bars} aria-labelledby="stats-chart-title">
        {rows.map((q) => {
          const started = shown(q.started);
          const parts = OUTCOMES.map((o) => ({ o, n: shown(q[o]) }));
          const rest = started === null ? 0 : started - parts.reduce((sum, p) => sum + (p.n ?? 0), 0);
          const name = quarterName(t, q.quarter);
          const aria = [`${t("tab.stats.started")} ${cellText(q.started)}`, ...OUTCOMES.map((o) => `${t(OUTCOME_LABEL[o])} ${cellText(q[o])}`)].join(", ");
          return (
            <li key={q.quarter} className={s.barRow} aria-label={t("tab.chartBarAria", { label: name, count: aria })} data-testid="stats-bar" data-quarter={q.quarter}>
              <span className={s.barLabel} aria-hidden="true">
                {name}
              </span>
              <div className={s.track} aria-hidden="true">
                {started !== null && (
                  <div style={{ display: "flex", width: `${(started / max) * 100}%`, height: "100%" }}>
                    {parts.map((p) => (p.n ? <div key={p.o} className={mergeClasses(s.segment, s[p.o])} style={{ flexGrow: p.n, flexBasis: 0 }} title={`${t(OUTCOME_LABEL[p.o])}: ${cellText(q[p.o])}`} data-segment={p.o} /> : null))}
                    {rest > 0 && <div className={mergeClasses(s.segment, s.hidden)} style={{ flexGrow: rest, flexBasis: 0 }} title={t("tab.stats.hidden", { min })} data-segment="hidden" />}
                  </div>
                )}
              </div>
              <span className={mergeClasses(s.barCount, started === null && s.fewer)} aria-hidden="true">
                {cellText(q.started)}
              </span>
            </li>
          );
        })}
      </ul>
    </figure>
  );
}

function Figure(props: { cell: StatCell; pct?: StatCell; decimals?: boolean }) {
  const s = useStyles();
  const { cellText } = useFormat();
  if (!("value" in props.cell)) return <span className={s.fewer}>{cellText(props.cell)}</span>;
  return (
    <>
      {cellText(props.cell, props.decimals)}
      {props.pct && "value" in props.pct && <span className={s.pct}>({cellText(props.pct)} %)</span>}
    </>
  );
}

/** Narrow windows and phones: each quarter as a card of its figures (a table of ten columns would scroll sideways). */
function QuarterCards(props: { stats: Stats }) {
  const s = useStyles();
  const { t } = useFormat();
  const card = (q: QuarterStats, total: boolean) => (
    <li key={q.quarter} className={mergeClasses(s.quarterCard, total && s.totalRow)} data-testid="stats-row" data-quarter={q.quarter}>
      <Text as="h4" weight="semibold" className={s.h3}>
        {quarterName(t, q.quarter)}
      </Text>
      <dl className={s.quarterList}>
        <dt>{t("tab.stats.started")}</dt>
        <dd data-col="started">
          <Figure cell={q.started} />
        </dd>
        {OUTCOMES.map((o) => (
          <Fragment key={o}>
            <dt>{t(OUTCOME_LABEL[o])}</dt>
            <dd data-col={o}>
              <Figure cell={q[o]} pct={q.percent[o]} />
            </dd>
          </Fragment>
        ))}
        <dt>{t("tab.stats.meetingsHeld")}</dt>
        <dd data-col="meetingsHeld">
          <Figure cell={q.meetingsHeld} />
        </dd>
        <dt>{t("tab.stats.meetingsPlanned")}</dt>
        <dd data-col="meetingsPlanned">
          <Figure cell={q.meetingsPlanned} />
        </dd>
        <dt>{t("tab.stats.meetingsHeldPercent")}</dt>
        <dd data-col="meetingsHeldPercent">
          <Figure cell={q.meetingsHeldPercent} />
        </dd>
      </dl>
    </li>
  );
  return (
    <section className={s.card} aria-labelledby="stats-table-title">
      <Text as="h3" size={400} weight="semibold" id="stats-table-title" className={s.h3}>
        {t("tab.stats.tableTitle")}
      </Text>
      <ul className={s.quarterCards} data-testid="stats-table">
        {props.stats.quarters.map((q) => card(q, false))}
        {card(props.stats.total, true)}
      </ul>
    </section>
  );
}

function QuarterTable(props: { stats: Stats }) {
  const s = useStyles();
  const { t } = useFormat();
  const compact = useMedia();
  if (compact) return <QuarterCards stats={props.stats} />;
  const row = (q: QuarterStats, total: boolean) => (
    <tr key={q.quarter} className={total ? s.totalRow : undefined} data-testid="stats-row" data-quarter={q.quarter}>
      <th scope="row" className={mergeClasses(s.td, s.rowHead)}>
        {quarterName(t, q.quarter)}
      </th>
      <td className={s.td} data-col="started">
        <Figure cell={q.started} />
      </td>
      {OUTCOMES.map((o) => (
        <td key={o} className={s.td} data-col={o}>
          <Figure cell={q[o]} pct={q.percent[o]} />
        </td>
      ))}
      <td className={s.td} data-col="meetingsHeld">
        <Figure cell={q.meetingsHeld} />
      </td>
      <td className={s.td} data-col="meetingsPlanned">
        <Figure cell={q.meetingsPlanned} />
      </td>
      <td className={s.td} data-col="meetingsHeldPercent">
        <Figure cell={q.meetingsHeldPercent} />
      </td>
    </tr>
  );
  return (
    <section className={s.card} aria-labelledby="stats-table-title">
      <Text as="h3" size={400} weight="semibold" id="stats-table-title" className={s.h3}>
        {t("tab.stats.tableTitle")}
      </Text>
      <div className={s.scroll} tabIndex={0} role="region" aria-labelledby="stats-table-title">
        <table className={s.table} data-testid="stats-table">
          <thead>
            <tr>
              <th scope="col" className={mergeClasses(s.th, s.colHeadStart)}>
                <span className={s.thText}>{t("tab.stats.quarter")}</span>
              </th>
              <th scope="col" className={s.th}>
                <span className={s.thText}>{t("tab.stats.started")}</span>
              </th>
              {OUTCOMES.map((o) => (
                <th key={o} scope="col" className={mergeClasses(s.th)}>
                  <span className={mergeClasses(s.thText, o === "leftWithinYear" && s.wideHead)}>{t(OUTCOME_LABEL[o])}</span>
                </th>
              ))}
              <th scope="col" className={s.th}>
                <span className={s.thText}>{t("tab.stats.meetingsHeld")}</span>
              </th>
              <th scope="col" className={s.th}>
                <span className={s.thText}>{t("tab.stats.meetingsPlanned")}</span>
              </th>
              <th scope="col" className={s.th}>
                <span className={s.thText}>{t("tab.stats.meetingsHeldPercent")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.stats.quarters.map((q) => row(q, false))}
            {row(props.stats.total, true)}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function LoadTable(props: { stats: Stats }) {
  const s = useStyles();
  const { t } = useFormat();
  return (
    <section className={s.card} aria-labelledby="stats-load-title" data-testid="stats-load">
      <Text as="h3" size={400} weight="semibold" id="stats-load-title" className={s.h3}>
        {t("tab.stats.loadTitle")}
      </Text>
      <table className={s.table}>
        <thead>
          <tr>
            <th scope="col" className={mergeClasses(s.th, s.colHeadStart)}>
              <span className={s.thText}>{t("tab.stats.loadMentees")}</span>
            </th>
            <th scope="col" className={s.th}>
              <span className={s.thText}>{t("tab.stats.loadMentors")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.stats.mentorLoad.map((l) => (
            <tr key={l.mentees}>
              <th scope="row" className={mergeClasses(s.td, s.rowHead)}>
                {l.mentees >= 4 ? t("tab.stats.loadFourOrMore") : String(l.mentees)}
              </th>
              <td className={s.td}>
                <Figure cell={l.mentors} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function RatingsTable(props: { stats: Stats }) {
  const s = useStyles();
  const { t } = useFormat();
  const label = { useful: "tab.stats.useful", wellRun: "tab.stats.wellRun", recommend: "tab.stats.recommend" } as const;
  const compact = useMedia();
  if (compact)
    return (
      <section className={s.card} aria-labelledby="stats-ratings-title" data-testid="stats-ratings">
        <Text as="h3" size={400} weight="semibold" id="stats-ratings-title" className={s.h3}>
          {t("tab.stats.ratingsTitle")}
        </Text>
        <Caption1 as="p" className={s.intro}>
          {t("tab.stats.ratingsIntro")}
        </Caption1>
        <ul className={s.quarterCards}>
          {props.stats.ratings.map((r) => (
            <li key={r.party} className={s.quarterCard} data-party={r.party}>
              <Text as="h4" weight="semibold" className={s.h3}>
                {t(r.party === "mentor" ? "tab.stats.mentors" : "tab.stats.mentees")}
              </Text>
              <dl className={s.quarterList}>
                <dt>{t("tab.stats.answers")}</dt>
                <dd>
                  <Figure cell={r.people} />
                </dd>
                {RATING_QUESTIONS.map((q) => (
                  <Fragment key={q}>
                    <dt>{t(label[q])}</dt>
                    <dd>
                      <Figure cell={r.average[q]} decimals />
                    </dd>
                  </Fragment>
                ))}
              </dl>
            </li>
          ))}
        </ul>
      </section>
    );
  return (
    <section className={s.card} aria-labelledby="stats-ratings-title" data-testid="stats-ratings">
      <Text as="h3" size={400} weight="semibold" id="stats-ratings-title" className={s.h3}>
        {t("tab.stats.ratingsTitle")}
      </Text>
      <Caption1 as="p" className={s.intro}>
        {t("tab.stats.ratingsIntro")}
      </Caption1>
      <div className={s.scroll} tabIndex={0} role="region" aria-labelledby="stats-ratings-title">
        <table className={s.table}>
          <thead>
            <tr>
              <th scope="col" className={mergeClasses(s.th, s.colHeadStart)}>
                <span className={s.thText}>{t("tab.stats.party")}</span>
              </th>
              <th scope="col" className={s.th}>
                <span className={s.thText}>{t("tab.stats.answers")}</span>
              </th>
              {RATING_QUESTIONS.map((q) => (
                <th key={q} scope="col" className={s.th}>
                  <span className={s.thText}>{t(label[q])}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.stats.ratings.map((r) => (
              <tr key={r.party} data-party={r.party}>
                <th scope="row" className={mergeClasses(s.td, s.rowHead)}>
                  {t(r.party === "mentor" ? "tab.stats.mentors" : "tab.stats.mentees")}
                </th>
                <td className={s.td}>
                  <Figure cell={r.people} />
                </td>
                {RATING_QUESTIONS.map((q) => (
                  <td key={q} className={s.td}>
                    <Figure cell={r.average[q]} decimals />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
