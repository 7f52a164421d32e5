import { makeStyles, mergeClasses, Text, tokens } from "@fluentui/react-components";
import { ALL_PHASES, type OverviewPage } from "./api";
import { useI18n } from "./context";
import { capitalised } from "./i18n";
import { useMedia } from "./narrow";

const useStyles = makeStyles({
  card: {
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    maxWidth: "760px",
    minWidth: 0,
  },
  list: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    display: "flex",
    alignItems: "flex-end",
    gap: tokens.spacingHorizontalL,
    height: "110px",
    // On a phone the bars scroll inside the card rather than widen the page.
    overflowX: "auto",
    overflowY: "hidden",
  },
  item: { display: "flex", flexDirection: "column", alignItems: "center", flexGrow: 1, flexBasis: 0, height: "100%", justifyContent: "flex-end", minWidth: "64px" },
  count: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase300 },
  bar: {
    width: "100%",
    maxWidth: "56px",
    backgroundColor: tokens.colorBrandBackground,
    border: `1px solid ${tokens.colorBrandStroke1}`,
    borderRadius: `${tokens.borderRadiusSmall} ${tokens.borderRadiusSmall} 0 0`,
    minHeight: "2px",
    boxSizing: "border-box",
  },
  closed: { backgroundColor: tokens.colorNeutralBackground5, border: `1px solid ${tokens.colorNeutralStroke1}` },
  flagged: { backgroundColor: tokens.colorPaletteRedBackground3, border: `1px solid ${tokens.colorPaletteRedBorder2}` },
  label: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2, whiteSpace: "nowrap", marginTop: "2px" },
  sep: { width: "1px", alignSelf: "stretch", backgroundColor: tokens.colorNeutralStroke2 },
  // A phone: one line a phase, the bar lying down, nothing sideways.
  rows: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "4px" },
  rowItem: { display: "grid", gridTemplateColumns: "minmax(0, 7.5rem) minmax(0, 1fr) 3rem", alignItems: "center", columnGap: tokens.spacingHorizontalS },
  rowLabel: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2, overflowWrap: "anywhere" },
  rowBar: { height: "12px", minWidth: "2px", boxSizing: "border-box", backgroundColor: tokens.colorBrandBackground, border: `1px solid ${tokens.colorBrandStroke1}`, borderRadius: tokens.borderRadiusSmall },
  rowCount: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase300, textAlign: "end" },
});

/** Bars of mentorships per phase, and the number flagged. */
export function PhaseChart(props: { counts: OverviewPage["phaseCounts"]; flagged: number }) {
  const s = useStyles();
  const { t } = useI18n();
  const entries = ALL_PHASES.map((p) => ({ key: p, label: capitalised(t(`phase.${p}`)), count: props.counts[p] ?? 0 }));
  const max = Math.max(1, props.flagged, ...entries.map((e) => e.count));
  const narrow = useMedia("(max-width: 600px)");
  if (narrow) {
    const line = (key: string, label: string, count: number, cls?: string) => (
      <li key={key} className={s.rowItem} aria-label={t("tab.chartBarAria", { label, count })} data-testid={`chart-${key}`}>
        <span className={s.rowLabel} aria-hidden="true">
          {label}
        </span>
        <div className={mergeClasses(s.rowBar, cls)} style={{ width: `${Math.round((count / max) * 100)}%` }} aria-hidden="true" />
        <span className={s.rowCount} aria-hidden="true">
          {count.toLocaleString("da-DK")}
        </span>
      </li>
    );
    return (
      <figure className={s.card} style={{ margin: 0 }} aria-labelledby="chart-title">
        <Text as="h3" size={300} weight="semibold" id="chart-title">
          {t("tab.chartTitle")}
        </Text>
        <ul className={s.rows} aria-labelledby="chart-title">
          {entries.map((e) => line(e.key, e.label, e.count, e.key === "closed" ? s.closed : undefined))}
          {line("flagged", t("tab.flagged"), props.flagged, s.flagged)}
        </ul>
      </figure>
    );
  }
  const bar = (key: string, label: string, count: number, cls?: string) => (
    <li key={key} className={s.item} aria-label={t("tab.chartBarAria", { label, count })} data-testid={`chart-${key}`}>
      <span className={s.count} aria-hidden="true">
        {count.toLocaleString("da-DK")}
      </span>
      <div className={mergeClasses(s.bar, cls)} style={{ height: `${Math.round((count / max) * 70)}px` }} aria-hidden="true" />
      <span className={s.label} aria-hidden="true">
        {label}
      </span>
    </li>
  );
  return (
    <figure className={s.card} style={{ margin: 0 }} aria-labelledby="chart-title">
      <Text as="h3" size={300} weight="semibold" id="chart-title">
        {t("tab.chartTitle")}
      </Text>
      {/* Focusable: on a phone the bars scroll, and a keyboard must be able to scroll them too. */}
      <ul className={s.list} aria-labelledby="chart-title" tabIndex={0}>
        {entries.map((e) => bar(e.key, e.label, e.count, e.key === "closed" ? s.closed : undefined))}
        <li className={s.sep} aria-hidden="true" />
        {bar("flagged", t("tab.flagged"), props.flagged, s.flagged)}
      </ul>
    </figure>
  );
}
