import {
  Badge,
  Button,
  Caption1,
  Checkbox,
  Dropdown,
  Field,
  makeStyles,
  mergeClasses,
  MessageBar,
  MessageBarBody,
  Option,
  SearchBox,
  Spinner,
  Text,
  tokens,
  useRestoreFocusTarget,
} from "@fluentui/react-components";
import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  ALL_PHASES,
  api,
  FLAGS,
  type OverviewPage,
  type OverviewQuery,
  type OverviewRow,
  type Phase,
  programmeNameOf,
} from "./api";
import { ChangeMentorDialog } from "./ChangeMentor";
import { ChangeLeaderDialog, IntroductionDialog } from "./LeaderDialogs";
import { CloseMentorshipDialog } from "./CloseMentorship";
import { ArchiveHoldDialog, EraseMentorshipDialog } from "./EraseMentorship";
import { InstructionsDialog } from "./InstructionsDialog";
import { NewMentorshipDialog } from "./NewMentorship";
import { PhaseChart } from "./PhaseChart";
import { refusalMessage } from "./refusal";
import { type RowActionHandlers, RowActions } from "./RowActions";
import { type Session, useI18n } from "./context";
import { formatDate, formatDateTime } from "./format";
import { FlagTextParams } from "../contract/flags";
import { capitalised, type MessageKey } from "./i18n";
import { Timeline } from "./Timeline";
import { saveCsv } from "./download";
import { useMedia } from "./narrow";

export const PAGE_SIZE = 100;
const ROW_HEIGHT = 56;

interface Column {
  id: string;
  label: MessageKey;
  sort: string;
  width: string;
}

const COLUMNS: Column[] = [
  // The narrowest widths fit a 1280 px Teams window without sideways scrolling; cells wrap below that.
  { id: "mentee", label: "column.mentee", sort: "menteeName", width: "minmax(112px, 1.4fr)" },
  { id: "mentor", label: "column.mentor", sort: "mentorName", width: "minmax(112px, 1.4fr)" },
  { id: "unit", label: "column.unit", sort: "unit", width: "minmax(100px, 1fr)" },
  { id: "programme", label: "column.programme", sort: "programme", width: "120px" },
  { id: "phase", label: "column.phase", sort: "phase", width: "minmax(150px, 1.5fr)" },
  { id: "agreement", label: "column.agreement", sort: "agreementStatus", width: "130px" },
  { id: "meetings", label: "column.meetings", sort: "meetingsHeld", width: "72px" },
  { id: "next", label: "column.nextMeeting", sort: "nextMeetingUtc", width: "112px" },
  { id: "last", label: "column.lastActivity", sort: "lastActivityAt", width: "112px" },
  { id: "flags", label: "column.flags", sort: "flags", width: "minmax(150px, 1.6fr)" },
];
// The last column (not sortable) holds each row's actions menu, kept in view while scrolling sideways.
const ACTIONS_WIDTH = "52px";
const GRID = [...COLUMNS.map((c) => c.width), ACTIONS_WIDTH].join(" ");

const useStyles = makeStyles({
  wrap: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  titleRow: { display: "flex", alignItems: "baseline", gap: tokens.spacingHorizontalM, flexWrap: "wrap" },
  total: { color: tokens.colorNeutralForeground2 },
  filters: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "flex-end",
    gap: tokens.spacingHorizontalM,
  },
  dropdown: { minWidth: "160px", maxWidth: "220px" },
  search: { minWidth: "220px" },
  closedToggle: { alignSelf: "flex-end" },
  spacer: { flexGrow: 1 },
  table: {
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    overflow: "auto",
    height: "max(320px, calc(100vh - 380px))",
    position: "relative",
  },
  // The columns' narrowest widths added up (see COLUMNS).
  inner: { minWidth: "1222px" },
  header: {
    display: "grid",
    gridTemplateColumns: GRID,
    position: "sticky",
    top: 0,
    zIndex: 2,
    backgroundColor: tokens.colorNeutralBackground3,
    borderBottom: `1px solid ${tokens.colorNeutralStroke1}`,
  },
  th: { display: "flex", alignItems: "center", minWidth: 0 },
  sortButton: {
    width: "100%",
    justifyContent: "flex-start",
    fontWeight: tokens.fontWeightSemibold,
    minWidth: 0,
    paddingLeft: tokens.spacingHorizontalM,
    textAlign: "start",
  },
  arrow: { marginLeft: tokens.spacingHorizontalXS, width: "1em", display: "inline-block" },
  row: {
    display: "grid",
    gridTemplateColumns: GRID,
    position: "absolute",
    left: 0,
    right: 0,
    minHeight: `${ROW_HEIGHT}px`,
    alignItems: "center",
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    backgroundColor: tokens.colorNeutralBackground1,
    ":hover": { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  // Cells wrap rather than cut: a coordinator must read every name, unit and flag whole.
  cell: {
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    minWidth: 0,
    overflowWrap: "break-word",
    whiteSpace: "normal",
    fontSize: tokens.fontSizeBase300,
  },
  phaseCell: { display: "flex", flexDirection: "column", gap: "4px", whiteSpace: "normal" },
  phaseText: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
  flagsCell: { display: "flex", gap: "3px", alignContent: "center", flexWrap: "wrap", whiteSpace: "normal" },
  // Fluent's Badge is one fixed-height line; a long label (a language's longer word) wraps inside it instead.
  wrapBadge: { height: "auto", minHeight: "20px", whiteSpace: "normal", textAlign: "start", paddingTop: "1px", paddingBottom: "1px", maxWidth: "100%" },
  muted: { color: tokens.colorNeutralForeground3 },
  empty: { padding: tokens.spacingHorizontalXL },
  actionsCell: {
    position: "sticky",
    right: 0,
    display: "flex",
    justifyContent: "center",
    alignItems: "center",
    height: "100%",
    backgroundColor: "inherit",
  },
  actionsHeader: { position: "sticky", right: 0, backgroundColor: tokens.colorNeutralBackground3, height: "100%" },
  visuallyHidden: {
    position: "absolute",
    width: "1px",
    height: "1px",
    margin: "-1px",
    overflow: "hidden",
    clip: "rect(0 0 0 0)",
    whiteSpace: "nowrap",
  },
  badgeButton: { minWidth: 0, padding: 0, height: "auto", border: "none" },
  // The compact list (narrow windows, tablets, phones): one item a mentorship, nothing sideways.
  listScroll: {
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    overflowY: "auto",
    overflowX: "hidden",
    height: "max(360px, calc(100vh - 300px))",
    position: "relative",
  },
  item: {
    position: "absolute",
    left: 0,
    right: 0,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    backgroundColor: tokens.colorNeutralBackground1,
    minWidth: 0,
  },
  itemHead: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, minWidth: 0 },
  itemName: { flexGrow: 1, minWidth: 0, overflowWrap: "anywhere", fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400 },
  itemLine: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: tokens.spacingHorizontalS, minWidth: 0, fontSize: tokens.fontSizeBase300 },
  // Touch targets of at least 44 × 44 px on a phone.
  touch: { minHeight: "44px", minWidth: "44px" },
  details: { display: "grid", gridTemplateColumns: "minmax(0, auto) minmax(0, 1fr)", columnGap: tokens.spacingHorizontalM, rowGap: "2px", margin: 0, fontSize: tokens.fontSizeBase300 },
  detailTerm: { color: tokens.colorNeutralForeground2, overflowWrap: "anywhere" },
  detailValue: { margin: 0, overflowWrap: "anywhere", minWidth: 0 },
  filtersFolded: { display: "flex", flexDirection: "column", alignItems: "stretch", gap: tokens.spacingVerticalS },
  filterBar: { display: "flex", flexWrap: "wrap", alignItems: "flex-end", gap: tokens.spacingHorizontalS },
  fullWidth: { width: "100%", maxWidth: "100%", minWidth: 0 },
  // A phone: the dropdowns' and buttons' own boxes at least 44 px high.
  touchField: { minHeight: "44px", "& > button": { minHeight: "44px" } },
  notices: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
});

type Dialogs = { kind: "new" } | { kind: "changeMentor"; row: OverviewRow } | { kind: "changeLeader"; row: OverviewRow } | { kind: "introduction"; row: OverviewRow } | { kind: "instructions"; row: OverviewRow } | { kind: "close"; row: OverviewRow } | { kind: "hold"; row: OverviewRow } | { kind: "erase"; row: OverviewRow } | null;

type Sort = { column: string; dir: "asc" | "desc" } | null;

interface Filters {
  phase: string;
  unit: string;
  mentor: string;
  flag: string;
  q: string;
}
const NO_FILTERS: Filters = { phase: "", unit: "", mentor: "", flag: "", q: "" };

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms);
    return () => clearTimeout(h);
  }, [value, ms]);
  return v;
}

export function Overview(props: { session: Session }) {
  const { t, locale } = useI18n();
  const s = useStyles();
  const { token } = props.session;
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [search, setSearch] = useState("");
  // Closed mentorships are history: out of the way unless the coordinator asks for them.
  const [showClosed, setShowClosed] = useState(false);
  const q = useDebounced(search.trim(), 300);
  const [sort, setSort] = useState<Sort>(null);
  const [summary, setSummary] = useState<OverviewPage | null>(null);
  const [pages, setPages] = useState<Map<number, OverviewRow[]>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const inflight = useRef<Set<number>>(new Set());
  const generation = useRef(0);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [dialog, setDialog] = useState<Dialogs>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const newButtonFocus = useRestoreFocusTarget();
  // Narrow windows, tablets and phones: the compact list, the filters folded into one control.
  const compact = useMedia();
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [opened, setOpened] = useState<ReadonlySet<string>>(new Set());
  const toggleDetails = useCallback((id: string) => setOpened((old) => {
    const next = new Set(old);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  }), []);

  const query: OverviewQuery = useMemo(
    () => ({
      phase: filters.phase || undefined,
      unit: filters.unit || undefined,
      mentor: filters.mentor || undefined,
      flag: filters.flag || undefined,
      q: q || undefined,
      closed: showClosed ? "show" : "hide",
      sort: sort?.column,
      dir: sort?.dir,
    }),
    [filters.phase, filters.unit, filters.mentor, filters.flag, q, showClosed, sort],
  );

  const loadPage = useCallback(
    async (index: number, gen: number) => {
      if (inflight.current.has(index)) return;
      inflight.current.add(index);
      try {
        const page = await api.overview(token, query, index * PAGE_SIZE, PAGE_SIZE);
        if (gen !== generation.current) return;
        setSummary(page);
        setPages((old) => new Map(old).set(index, page.rows));
        setError(null);
      } catch (e) {
        if (gen === generation.current) setError(e instanceof Error ? e.message : String(e));
      } finally {
        if (gen === generation.current) inflight.current.delete(index);
      }
    },
    [token, query],
  );

  // A new query: forget the rows, go back to the top, load the first page.
  useEffect(() => {
    const gen = ++generation.current;
    inflight.current = new Set();
    setPages(new Map());
    scrollRef.current?.scrollTo({ top: 0 });
    void loadPage(0, gen);
  }, [loadPage]);

  const total = summary?.total ?? 0;
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items[items.length - 1]?.index ?? 0;

  // Page the API as the user scrolls: load every page the visible window touches.
  useEffect(() => {
    if (!total) return;
    for (let p = Math.floor(firstIndex / PAGE_SIZE); p <= Math.floor(lastIndex / PAGE_SIZE); p++) {
      if (!pages.has(p)) void loadPage(p, generation.current);
    }
  }, [firstIndex, lastIndex, total, pages, loadPage]);

  // After an action: fetch again the pages on screen (the row shows its new state; a new
  // mentorship may shift rows), and forget the others so they load fresh when scrolled to.
  const visible = useRef({ first: 0, last: 0 });
  visible.current = { first: firstIndex, last: lastIndex };
  const reloadVisible = useCallback(async () => {
    const gen = generation.current;
    const { first, last } = visible.current;
    const indices: number[] = [];
    for (let p = Math.floor(first / PAGE_SIZE); p <= Math.floor(last / PAGE_SIZE); p++) indices.push(p);
    try {
      const fetched = await Promise.all(indices.map((i) => api.overview(token, query, i * PAGE_SIZE, PAGE_SIZE)));
      if (gen !== generation.current) return;
      const fresh = new Map<number, OverviewRow[]>();
      fetched.forEach((page, k) => fresh.set(indices[k]!, page.rows));
      inflight.current = new Set();
      setSummary(fetched[fetched.length - 1] ?? null);
      setPages(fresh);
      setError(null);
    } catch (e) {
      if (gen === generation.current) setError(e instanceof Error ? e.message : String(e));
    }
  }, [token, query]);
  const reloadRef = useRef(reloadVisible);
  reloadRef.current = reloadVisible;

  // Stable handlers, so the memoised rows do not re-render when the list state changes.
  const actions: RowActionHandlers = useMemo(
    () => ({
      setPaused: (row, paused) => {
        setNotice(null);
        setActionError(null);
        api.setPaused(token, row.mentorshipId, paused).then(
          () => {
            setNotice(t(paused ? "tab.statusPaused" : "tab.statusResumed", { mentee: row.menteeName }));
            void reloadRef.current();
          },
          (e: unknown) => setActionError(refusalMessage(t, e, { mentee: row.menteeName, mentor: row.mentorName })),
        );
      },
      changeMentor: (row) => {
        setActionError(null);
        setDialog({ kind: "changeMentor", row });
      },
      instructions: (row) => setDialog({ kind: "instructions", row }),
      changeLeader: (row) => {
        setActionError(null);
        setDialog({ kind: "changeLeader", row });
      },
      introduction: (row) => {
        setActionError(null);
        setDialog({ kind: "introduction", row });
      },
      close: (row) => {
        setActionError(null);
        setDialog({ kind: "close", row });
      },
      // Issue 13: the archive hold (a reason in a dialog; cleared at once) and erasure (a confirmation).
      archiveHold: (row) => {
        setActionError(null);
        setDialog({ kind: "hold", row });
      },
      clearArchiveHold: (row) => {
        setNotice(null);
        setActionError(null);
        api.setArchiveHold(token, row.mentorshipId, null).then(
          () => {
            setNotice(t("tab.hold.cleared", { mentee: row.menteeName }));
            void reloadRef.current();
          },
          (e: unknown) => setActionError(refusalMessage(t, e, { mentee: row.menteeName, mentor: row.mentorName })),
        );
      },
      erase: (row) => {
        setActionError(null);
        setDialog({ kind: "erase", row });
      },
    }),
    [token, t],
  );

  const rowAt = (i: number): OverviewRow | undefined => pages.get(Math.floor(i / PAGE_SIZE))?.[i % PAGE_SIZE];

  const toggleSort = (column: string) =>
    setSort((old) => (old?.column === column ? { column, dir: old.dir === "asc" ? "desc" : "asc" } : { column, dir: "asc" }));

  const setFilter = (key: keyof Filters, value: string) => setFilters((f) => ({ ...f, [key]: value }));

  const exportCsv = async () => {
    setExporting(true);
    try {
      await saveCsv(await api.overviewCsv(token, query, locale), `mentorships-${new Date().toISOString().slice(0, 10)}.csv`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setExporting(false);
    }
  };

  const filtersActive = Object.values(filters).some(Boolean) || search !== "" || showClosed;
  const activeFilters = [filters.phase, filters.unit, filters.mentor, filters.flag].filter(Boolean).length + (showClosed ? 1 : 0);

  const phaseLabel = (p: string) => capitalised(t(`phase.${p as Phase}`));

  // The filter controls, the same in the table's bar and the compact list's folded panel (there with 44 px targets).
  const filterDropdowns = (touch: boolean) => (
    <>
      <FilterDropdown touch={touch} label={t("tab.filterPhase")} testId="filter-phase" value={filters.phase} options={ALL_PHASES.map((p) => ({ value: p, text: phaseLabel(p) }))} onChange={(v) => setFilter("phase", v)} />
      <FilterDropdown touch={touch} label={t("tab.filterUnit")} testId="filter-unit" value={filters.unit} options={(summary?.units ?? []).map((u) => ({ value: u, text: u }))} onChange={(v) => setFilter("unit", v)} />
      <FilterDropdown touch={touch} label={t("tab.filterMentor")} testId="filter-mentor" value={filters.mentor} options={(summary?.mentors ?? []).map((m) => ({ value: m.aadObjectId, text: m.name }))} onChange={(v) => setFilter("mentor", v)} />
      <FilterDropdown touch={touch} label={t("tab.filterFlag")} testId="filter-flag" value={filters.flag} options={FLAGS.map((f) => ({ value: f, text: t(`flag.${f}`, FlagTextParams[f]) }))} onChange={(v) => setFilter("flag", v)} />
    </>
  );
  const searchField = (className: string) => (
    <Field label={t("tab.search")}>
      <SearchBox className={className} placeholder={t("tab.searchPlaceholder")} value={search} onChange={(_, d) => setSearch(d.value)} data-testid="search" />
    </Field>
  );
  const showClosedBox = (className: string) => (
    <Checkbox
      className={className}
      checked={showClosed || filters.phase === "closed"}
      disabled={filters.phase === "closed"}
      onChange={(_, d) => setShowClosed(Boolean(d.checked))}
      label={t("tab.closing.showClosed")}
      data-testid="show-closed"
    />
  );
  const clearButton = (className?: string) => (
    <Button
      {...(className ? { className } : {})}
      appearance="subtle"
      disabled={!filtersActive}
      onClick={() => {
        setFilters(NO_FILTERS);
        setSearch("");
        setShowClosed(false);
      }}
    >
      {t("tab.clearFilters")}
    </Button>
  );
  const exportButton = (touch: boolean) => (
    <Button {...(touch ? { className: s.touch } : {})} appearance={touch ? "secondary" : "primary"} onClick={() => void exportCsv()} disabled={exporting} data-testid="export-csv">
      {exporting ? t("tab.exporting") : t("tab.exportCsv")}
    </Button>
  );
  // Below the list or table: no rows, or still loading.
  const listStatus = (
    <>
      {summary && total === 0 && (
        <div className={s.empty} role="status">
          {t("tab.noRows")}
        </div>
      )}
      {!summary && !error && (
        <div className={s.empty}>
          <Spinner size="small" label={t("tab.loading")} />
        </div>
      )}
    </>
  );

  return (
    <section className={s.wrap} aria-labelledby="overview-title">
      <div className={s.titleRow}>
        <Text as="h2" size={600} weight="semibold" id="overview-title">
          {t("tab.overviewTitle")}
        </Text>
        {summary && (
          <Caption1 className={s.total} data-testid="total" aria-live="polite">
            {t("tab.total", { count: total.toLocaleString("da-DK") })}
          </Caption1>
        )}
        <span className={s.spacer} />
        <Button
          appearance="primary"
          onClick={() => {
            setActionError(null);
            setDialog({ kind: "new" });
          }}
          data-testid="new-mentorship"
          aria-haspopup="dialog"
          {...newButtonFocus}
        >
          {t("tab.newMentorship")}
        </Button>
      </div>

      {summary && <PhaseChart counts={summary.phaseCounts} flagged={summary.flaggedCount} />}

      {compact ? (
        <div className={s.filtersFolded} role="search">
          {searchField(s.fullWidth)}
          <div className={s.filterBar}>
            <Button
              className={s.touch}
              appearance={activeFilters > 0 ? "primary" : "secondary"}
              aria-expanded={filtersOpen}
              aria-controls="overview-filters"
              onClick={() => setFiltersOpen((o) => !o)}
              data-testid="filters-toggle"
            >
              {activeFilters > 0 ? t("tab.filtersCount", { count: activeFilters }) : t("tab.filters")}
            </Button>
            <SortControl sort={sort} onChange={setSort} />
            <span className={s.spacer} />
            {exportButton(true)}
          </div>
          {filtersOpen && (
            <div id="overview-filters" className={s.filtersFolded} data-testid="filters-panel">
              {filterDropdowns(true)}
              {showClosedBox(s.touch)}
              {clearButton(s.touch)}
            </div>
          )}
        </div>
      ) : (
        <div className={s.filters} role="search">
          {filterDropdowns(false)}
          {searchField(s.search)}
          {showClosedBox(s.closedToggle)}
          {clearButton()}
          <span className={s.spacer} />
          {exportButton(false)}
        </div>
      )}

      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{t("tab.error", { message: error })}</MessageBarBody>
        </MessageBar>
      )}

      <div className={s.notices}>
        <div role="status" aria-live="polite">
          {notice && (
            <MessageBar intent="success" data-testid="action-notice">
              <MessageBarBody>{notice}</MessageBarBody>
              <Button appearance="transparent" size="small" onClick={() => setNotice(null)}>
                {t("tab.dismiss")}
              </Button>
            </MessageBar>
          )}
        </div>
        <div role="alert">
          {actionError && (
            <MessageBar intent="error" data-testid="action-error">
              <MessageBarBody>{actionError}</MessageBarBody>
              <Button appearance="transparent" size="small" onClick={() => setActionError(null)}>
                {t("tab.dismiss")}
              </Button>
            </MessageBar>
          )}
        </div>
      </div>

      {compact ? (
        <div ref={scrollRef} className={s.listScroll} data-testid="overview-scroll">
          <div role="list" aria-labelledby="overview-title" style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
            {items.map((vi) => {
              const row = rowAt(vi.index);
              return (
                <div
                  key={vi.key}
                  role="listitem"
                  className={s.item}
                  ref={virtualizer.measureElement}
                  data-index={vi.index}
                  style={{ top: vi.start }}
                  data-testid={row ? "overview-row" : "overview-row-loading"}
                >
                  {row ? <CompactRow row={row} actions={actions} open={opened.has(row.mentorshipId)} onToggle={toggleDetails} /> : <span className={s.muted}>{t("tab.loadingRow")}</span>}
                </div>
              );
            })}
          </div>
          {listStatus}
        </div>
      ) : (
      <div ref={scrollRef} className={s.table} data-testid="overview-scroll">
          <div className={s.inner} role="table" aria-labelledby="overview-title" aria-rowcount={total + 1}>
            <div role="rowgroup">
              <div role="row" className={s.header} aria-rowindex={1}>
                {COLUMNS.map((c) => {
                  const active = sort?.column === c.sort;
                  const ariaSort = active ? (sort!.dir === "asc" ? "ascending" : "descending") : "none";
                  return (
                    <div key={c.id} role="columnheader" aria-sort={ariaSort} className={s.th} data-column={c.sort}>
                      <Button
                        appearance="subtle"
                        className={s.sortButton}
                        onClick={() => toggleSort(c.sort)}
                        aria-label={t("tab.sortBy", { column: t(c.label) })}
                        aria-pressed={undefined}
                      >
                        {t(c.label)}
                        <span className={s.arrow} aria-hidden="true">
                          {active ? (sort!.dir === "asc" ? "▲" : "▼") : ""}
                        </span>
                      </Button>
                    </div>
                  );
                })}
                <div role="columnheader" className={mergeClasses(s.th, s.actionsHeader)}>
                  <span className={s.visuallyHidden}>{t("column.actions")}</span>
                </div>
              </div>
            </div>
            <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
              {items.map((vi) => {
                const row = rowAt(vi.index);
                return (
                  <div
                    key={vi.key}
                    role="row"
                    aria-rowindex={vi.index + 2}
                    className={s.row}
                    // Rows are as tall as their wrapped content; the virtualiser measures each one it shows.
                    ref={virtualizer.measureElement}
                    data-index={vi.index}
                    style={{ top: vi.start }}
                    data-testid={row ? "overview-row" : "overview-row-loading"}
                  >
                    {row ? <RowCells row={row} actions={actions} /> : <LoadingCells />}
                  </div>
                );
              })}
            </div>
            {listStatus}
          </div>
        </div>
      )}

      {dialog?.kind === "new" && (
        <NewMentorshipDialog
          token={token}
          units={summary?.units ?? []}
          onClose={() => setDialog(null)}
          onCreated={(mentee) => {
            setActionError(null);
            setNotice(t("tab.statusCreated", { mentee }));
            void reloadVisible();
          }}
        />
      )}
      {dialog?.kind === "changeMentor" && (
        <ChangeMentorDialog
          token={token}
          row={dialog.row}
          onClose={() => setDialog(null)}
          onChanged={(mentor) => {
            setDialog(null);
            setActionError(null);
            setNotice(t("tab.statusMentorChanged", { mentor, mentee: dialog.row.menteeName }));
            void reloadVisible();
          }}
        />
      )}
      {dialog?.kind === "changeLeader" && (
        <ChangeLeaderDialog
          token={token}
          row={dialog.row}
          onClose={() => setDialog(null)}
          onChanged={(leader) => {
            setDialog(null);
            setActionError(null);
            setNotice(t("tab.leaderChanged", { leader, mentee: dialog.row.menteeName }));
            void reloadVisible();
          }}
        />
      )}
      {dialog?.kind === "introduction" && (
        <IntroductionDialog
          token={token}
          row={dialog.row}
          onClose={() => setDialog(null)}
          onSaved={(contact) => {
            setDialog(null);
            setActionError(null);
            setNotice(t("tab.introductionSaved", { contact, mentee: dialog.row.menteeName }));
            void reloadVisible();
          }}
        />
      )}
      {dialog?.kind === "close" && (
        <CloseMentorshipDialog
          token={token}
          row={dialog.row}
          onClose={() => setDialog(null)}
          onStarted={() => {
            setDialog(null);
            setActionError(null);
            setNotice(t("tab.closing.started", { mentee: dialog.row.menteeName, mentor: dialog.row.mentorName }));
            void reloadVisible();
          }}
        />
      )}
      {dialog?.kind === "hold" && (
        <ArchiveHoldDialog
          token={token}
          row={dialog.row}
          onClose={() => setDialog(null)}
          onSet={() => {
            setDialog(null);
            setActionError(null);
            setNotice(t("tab.hold.set", { mentee: dialog.row.menteeName }));
            void reloadVisible();
          }}
        />
      )}
      {dialog?.kind === "erase" && (
        <EraseMentorshipDialog
          token={token}
          row={dialog.row}
          onClose={() => setDialog(null)}
          onErased={() => {
            setDialog(null);
            setActionError(null);
            setNotice(t("tab.erase.done", { mentee: dialog.row.menteeName }));
            void reloadVisible();
          }}
        />
      )}
      {dialog?.kind === "instructions" && (
        <InstructionsDialog mentee={dialog.row.menteeName} mentor={dialog.row.mentorName} onClose={() => setDialog(null)} />
      )}
    </section>
  );
}

/** A row's programme: a coordinator's by its own name, a built-in by its short name in the word list. */
function programmeLabel(row: OverviewRow, t: ReturnType<typeof useI18n>["t"], locale: ReturnType<typeof useI18n>["locale"]): string {
  return row.programmeName ? programmeNameOf({ name: row.programmeName }, locale) : t(`programme.${row.programme}.short`);
}

function LoadingCells() {
  const s = useStyles();
  const { t } = useI18n();
  return (
    <>
      <div role="cell" className={mergeClasses(s.cell, s.muted)}>
        {t("tab.loadingRow")}
      </div>
      {COLUMNS.slice(1).map((c) => (
        <div role="cell" key={c.id} className={s.cell} />
      ))}
      <div role="cell" className={s.actionsCell} />
    </>
  );
}

// Memoised: a row object never changes, so loading another page re-renders nothing on screen.
const RowCells = memo(function RowCells({ row, actions }: { row: OverviewRow; actions: RowActionHandlers }) {
  const s = useStyles();
  const { t, locale } = useI18n();
  const zone = row.timeZone;
  const percent = Math.round(Math.min(1, Math.max(0, row.phaseProgress || 0)) * 100);
  const next = formatDateTime(row.nextMeetingUtc, zone);
  const last = formatDate(row.lastActivityAt, zone);
  return (
    <>
      <div role="cell" className={s.cell} title={row.menteeName}>
        {row.menteeName}
      </div>
      <div role="cell" className={s.cell} title={row.mentorName}>
        {row.mentorName}
      </div>
      <div role="cell" className={s.cell} title={row.unit}>
        {row.unit}
      </div>
      <div role="cell" className={s.cell}>
        {programmeLabel(row, t, locale)}
      </div>
      <div role="cell" className={mergeClasses(s.cell, s.phaseCell)}>
        <Timeline timeline={row.timeline} phase={row.phase} progress={row.phaseProgress} timeZone={zone} />
        <span className={s.phaseText}>
          {row.phase === "closed" ? capitalised(t("phase.closed")) : t("tab.phaseProgress", { phase: capitalised(t(`phase.${row.phase}`)), percent })}
        </span>
      </div>
      <div role="cell" className={s.cell}>
        <Badge
          appearance={row.agreementStatus === "agreed" ? "filled" : "outline"}
          color={row.agreementStatus === "agreed" ? "success" : row.agreementStatus === "waiting" ? "warning" : "informative"}
          className={s.wrapBadge}
        >
          {t(`agreementStatus.${row.agreementStatus}`)}
        </Badge>
      </div>
      <div role="cell" className={s.cell} aria-label={[t("tab.meetingsHeldPlanned", { held: row.meetingsHeld, planned: row.meetingsPlanned }), ...(row.introductionTotal ? [t("tab.overview.introduction", { done: row.introductionDone ?? 0, total: row.introductionTotal })] : [])].join(", ")}>
        {row.meetingsHeld} / {row.meetingsPlanned}
        {row.introductionTotal ? <div className={s.muted}>{t("tab.overview.introduction", { done: row.introductionDone ?? 0, total: row.introductionTotal })}</div> : null}
      </div>
      <div role="cell" className={s.cell}>
        {next || <span className={s.muted}>{t("tab.none")}</span>}
      </div>
      <div role="cell" className={s.cell}>
        {last || <span className={s.muted}>{t("tab.none")}</span>}
      </div>
      <div role="cell" className={mergeClasses(s.cell, s.flagsCell)}>
        <RowBadges row={row} actions={actions} />
      </div>
      <div role="cell" className={s.actionsCell}>
        <RowActions row={row} actions={actions} />
      </div>
    </>
  );
});

/**
 * One mentorship in the compact list: the mentee, the phase and its progress, the next meeting and
 * the flags at a glance; the rest (mentor, unit, programme, agreement, meetings, last activity) behind
 * "Details", and the row's actions menu — every control at least 44 px for a finger.
 */
const CompactRow = memo(function CompactRow({ row, actions, open, onToggle }: { row: OverviewRow; actions: RowActionHandlers; open: boolean; onToggle: (id: string) => void }) {
  const s = useStyles();
  const { t, locale } = useI18n();
  const zone = row.timeZone;
  const percent = Math.round(Math.min(1, Math.max(0, row.phaseProgress || 0)) * 100);
  const next = formatDateTime(row.nextMeetingUtc, zone);
  const last = formatDate(row.lastActivityAt, zone);
  const detailsId = `details-${row.mentorshipId.replace(/[^A-Za-z0-9_-]/g, "_")}`;
  return (
    <>
      <div className={s.itemHead}>
        <span className={s.itemName}>{row.menteeName}</span>
        <Button appearance="subtle" className={s.touch} aria-expanded={open} aria-controls={detailsId} onClick={() => onToggle(row.mentorshipId)} data-testid="row-details">
          {t(open ? "tab.hideDetails" : "tab.showDetails")}
        </Button>
        <RowActions row={row} actions={actions} touch />
      </div>
      <div className={s.phaseCell}>
        <Timeline timeline={row.timeline} phase={row.phase} progress={row.phaseProgress} timeZone={zone} />
        <span className={s.phaseText}>
          {row.phase === "closed" ? capitalised(t("phase.closed")) : t("tab.phaseProgress", { phase: capitalised(t(`phase.${row.phase}`)), percent })}
        </span>
      </div>
      <div className={s.itemLine}>
        <span>
          {t("column.nextMeeting")}: {next || <span className={s.muted}>{t("tab.none")}</span>}
        </span>
      </div>
      {(row.awaitingChat || row.paused || row.archiveHold || row.flags.length > 0) && (
        <div className={s.itemLine}>
          <RowBadges row={row} actions={actions} touch />
        </div>
      )}
      {open && (
        <dl className={s.details} id={detailsId} data-testid="row-details-list">
          <dt className={s.detailTerm}>{t("column.mentor")}</dt>
          <dd className={s.detailValue}>{row.mentorName}</dd>
          <dt className={s.detailTerm}>{t("column.unit")}</dt>
          <dd className={s.detailValue}>{row.unit}</dd>
          <dt className={s.detailTerm}>{t("column.programme")}</dt>
          <dd className={s.detailValue}>{programmeLabel(row, t, locale)}</dd>
          <dt className={s.detailTerm}>{t("column.agreement")}</dt>
          <dd className={s.detailValue}>{t(`agreementStatus.${row.agreementStatus}`)}</dd>
          <dt className={s.detailTerm}>{t("column.meetings")}</dt>
          <dd className={s.detailValue}>
            {t("tab.meetingsHeldPlanned", { held: row.meetingsHeld, planned: row.meetingsPlanned })}
            {row.introductionTotal ? `, ${t("tab.overview.introduction", { done: row.introductionDone ?? 0, total: row.introductionTotal })}` : ""}
          </dd>
          <dt className={s.detailTerm}>{t("column.lastActivity")}</dt>
          <dd className={s.detailValue}>{last || t("tab.none")}</dd>
        </dl>
      )}
    </>
  );
});

/** A row's badges: waiting for its chat (opens the instructions), paused, archive hold, and the flags (short label, the full text as name and tooltip). */
function RowBadges({ row, actions, touch }: { row: OverviewRow; actions: RowActionHandlers; touch?: boolean }) {
  const s = useStyles();
  const { t } = useI18n();
  const restoreFocus = useRestoreFocusTarget();
  // A flag's name starts with the words on its badge (WCAG 2.5.3, label in name), then says it in full.
  const flagName = (f: (typeof row.flags)[number]) => `${t(`flag.${f}.short`)}: ${t(`flag.${f}`, FlagTextParams[f])}`;
  return (
    <>
      {row.awaitingChat ? (
        <Button
          appearance="transparent"
          size="small"
          className={mergeClasses(s.badgeButton, touch && s.touch)}
          onClick={() => actions.instructions(row)}
          aria-haspopup="dialog"
          aria-label={t("tab.waitingForChatAria", { mentee: row.menteeName, mentor: row.mentorName })}
          data-testid="awaiting-chat"
          {...restoreFocus}
        >
          <Badge appearance="tint" color="brand" className={s.wrapBadge}>
            {t("mentorshipStatus.awaitingChat")}
          </Badge>
        </Button>
      ) : null}
      {row.paused ? (
        <Badge appearance="tint" color="warning" title={t("mentorshipStatus.paused")} data-testid="paused" className={s.wrapBadge}>
          {t("mentorshipStatus.paused")}
        </Badge>
      ) : null}
      {row.archiveHold ? (
        <Badge appearance="tint" color="informative" title={`${t("tab.hold.badge")}: ${t(`tab.hold.reason.${row.archiveHold}`)}`} data-testid="archive-hold" className={s.wrapBadge}>
          {t("tab.hold.badge")}
        </Badge>
      ) : null}
      {row.flags.map((f) => (
        <Badge key={f} appearance="tint" color={f === "closingSoon" ? "informative" : "danger"} title={flagName(f)} aria-label={flagName(f)} data-flag={f} className={s.wrapBadge}>
          {t(`flag.${f}.short`)}
        </Badge>
      ))}
    </>
  );
}

/** The compact list's sort (it has no column headers to click): a column and its direction. */
function SortControl(props: { sort: Sort; onChange: (s: Sort) => void }) {
  const { t } = useI18n();
  const s = useStyles();
  const current = COLUMNS.find((c) => c.sort === props.sort?.column);
  const dirText = (d: "asc" | "desc") => t(d === "asc" ? "tab.sortAscending" : "tab.sortDescending");
  return (
    <Dropdown
      className={mergeClasses(s.touchField, s.dropdown)}
      aria-label={t("tab.sort")}
      data-testid="sort"
      value={current ? `${t(current.label)} (${dirText(props.sort?.dir ?? "asc")})` : t("tab.sort")}
      selectedOptions={current ? [`${current.sort}:${props.sort?.dir ?? "asc"}`] : []}
      onOptionSelect={(_, d) => {
        const [column, dir] = String(d.optionValue ?? "").split(":");
        props.onChange(column ? { column, dir: dir === "desc" ? "desc" : "asc" } : null);
      }}
    >
      {COLUMNS.flatMap((c) =>
        (["asc", "desc"] as const).map((dir) => (
          <Option key={`${c.sort}:${dir}`} value={`${c.sort}:${dir}`}>
            {`${t(c.label)} (${dirText(dir)})`}
          </Option>
        )),
      )}
    </Dropdown>
  );
}

function FilterDropdown(props: {
  touch?: boolean;
  label: string;
  testId: string;
  value: string;
  options: { value: string; text: string }[];
  onChange: (v: string) => void;
}) {
  const { t } = useI18n();
  const s = useStyles();
  const selected = props.options.find((o) => o.value === props.value);
  return (
    <Field label={props.label}>
      <Dropdown
        className={mergeClasses(s.dropdown, props.touch && s.touchField)}
        data-testid={props.testId}
        value={selected?.text ?? t("tab.all")}
        selectedOptions={[props.value]}
        onOptionSelect={(_, d) => props.onChange(d.optionValue ?? "")}
      >
        <Option value="">{t("tab.all")}</Option>
        {props.options.map((o) => (
          <Option key={o.value} value={o.value}>
            {o.text}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}
