import { Body1, Button, Caption1, Dropdown, Field, Input, makeStyles, MessageBar, MessageBarBody, Option, Spinner, Text, tokens } from "@fluentui/react-components";
import { useEffect, useMemo, useState } from "react";
import { ApiError, api, type Band, type Localised, type Offset, PHASES, type ProgrammeDefinition, type ProgrammeEntry, type ProgrammePreview, programmeNameOf, type TalkDef } from "./api";
import { type Session, useI18n } from "./context";
import { formatDate } from "./format";
import { type Locale, type MessageKey, type Translate, translator as translatorFor } from "./i18n";
import { refusalMessage } from "./refusal";

/**
 * The coordinator's programmes (issue 12): the built-ins and the tenant's own; copy one, change it
 * (name, country and zone, cadence bands, meeting length, phases, the leader's talks, themes), save it
 * as a new version, and see the dates it gives for a sample first working day before saving.
 */
const useStyles = makeStyles({
  wrap: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL, maxWidth: "1100px" },
  intro: { color: tokens.colorNeutralForeground2, margin: 0, maxWidth: "72ch" },
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  item: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  itemName: { flexGrow: 1, minWidth: "12rem" },
  sub: { color: tokens.colorNeutralForeground2 },
  card: {
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    minWidth: 0,
  },
  grid: { display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(140px, 1fr))", gap: tokens.spacingHorizontalM },
  full: { width: "100%", minWidth: 0 },
  row: { display: "flex", flexWrap: "wrap", alignItems: "flex-end", gap: tokens.spacingHorizontalM },
  narrow: { width: "6.5rem", minWidth: 0 },
  every: { width: "10rem", minWidth: 0 },
  plain: { margin: 0, paddingLeft: "1.2rem", fontSize: tokens.fontSizeBase300, display: "flex", flexDirection: "column", gap: "2px" },
  wide: { flexGrow: 1, minWidth: "12rem" },
  columns: { display: "grid", gridTemplateColumns: "minmax(0, 3fr) minmax(0, 2fr)", gap: tokens.spacingHorizontalL, "@media (max-width: 800px)": { gridTemplateColumns: "minmax(0, 1fr)" } },
  dates: { margin: 0, paddingLeft: "1.2rem", columns: "2 10rem", fontSize: tokens.fontSizeBase300 },
  actions: { display: "flex", gap: tokens.spacingHorizontalM, alignItems: "center", flexWrap: "wrap" },
});

const EVERY_OPTIONS = ["1", "2", "3", "4", "6", "8", "month"] as const;
const UNITS = ["days", "weeks", "months"] as const;
type Unit = (typeof UNITS)[number];

const unitOf = (o: Offset): Unit => ("days" in o ? "days" : "weeks" in o ? "weeks" : "months");
const amountOf = (o: Offset): number => ("days" in o ? o.days : "weeks" in o ? o.weeks : o.months);
const offset = (unit: Unit, n: number): Offset => (unit === "days" ? { days: n } : unit === "weeks" ? { weeks: n } : { months: n });
const num = (v: string): number => (v.trim() === "" ? NaN : Number(v));
/** A text typed in one language: a new entry gets it in all three, an existing one only in that language. */
const localised = (prev: Localised | undefined, locale: Locale, text: string): Localised => (prev ? { ...prev, [locale]: text } : { da: text, nb: text, en: text });

/** The refusal in words; a programme's reason from its own key ("programme.invalid.<reason>"). */
function refusalText(t: Translate, e: unknown): string {
  if (e instanceof ApiError && e.code === "PROGRAMME_INVALID" && e.params && typeof e.params["reason"] === "string") {
    return t("error.PROGRAMME_INVALID", { reason: t(`programme.invalid.${e.params["reason"]}` as MessageKey, e.params) });
  }
  return refusalMessage(t, e);
}

export function Programmes(props: { session: Session }) {
  const { t, locale } = useI18n();
  const s = useStyles();
  const token = props.session.token;
  const [list, setList] = useState<ProgrammeEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<ProgrammeEntry | null>(null);
  // The sample first working day stays when a saved version reopens the editor.
  const [firstDay, setFirstDay] = useState(nextMonday());
  const [saved, setSaved] = useState<number | null>(null);

  const reload = async (select?: string) => {
    const r = await api.programmes(token);
    setList(r.programmes);
    if (select) setEditing(r.programmes.find((p) => p.id === select) ?? null);
  };
  useEffect(() => {
    reload().catch((e: unknown) => setError(refusalText(t, e)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [token]);

  const copy = async (from: string) => {
    setError(null);
    try {
      const made = await api.copyProgramme(token, from);
      setSaved(null);
      await reload(made.id);
    } catch (e) {
      setError(refusalText(t, e));
    }
  };

  return (
    <section className={s.wrap} data-testid="programmes">
      <Text as="h2" size={600} weight="semibold">
        {t("tab.programmes.title")}
      </Text>
      <p className={s.intro}>{t("tab.programmes.intro")}</p>
      {error && (
        <MessageBar intent="error" data-testid="programmes-error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {!list && !error && <Spinner label={t("tab.loading")} />}
      {list && (
        <ul className={s.list} aria-label={t("tab.programmes.title")}>
          {list.map((p) => (
            <li key={p.id} className={s.item} data-testid={`programme-${p.id}`}>
              <div className={s.itemName}>
                <Body1>{programmeNameOf(p.definition, locale)}</Body1>
                <br />
                <Caption1 className={s.sub}>{p.builtIn ? t("tab.programmes.builtIn") : t("tab.programmes.ownVersion", { version: p.version })}</Caption1>
              </div>
              <Button onClick={() => void copy(p.id)} data-testid={`copy-${p.id}`}>
                {t("tab.programmes.copy")}
              </Button>
              {!p.builtIn && (
                <Button appearance="primary" onClick={() => {
                    setSaved(null);
                    setEditing(p);
                  }} data-testid={`edit-${p.id}`}>
                  {t("tab.programmes.edit")}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {saved !== null && (
        <MessageBar intent="success" data-testid="programme-saved">
          <MessageBarBody>{t("tab.programmes.saved", { version: saved })}</MessageBarBody>
        </MessageBar>
      )}
      {editing && <Editor key={`${editing.id}@${editing.version}`} token={token} entry={editing} firstDay={firstDay} setFirstDay={setFirstDay} onSaved={async (id, version) => {
            setSaved(version);
            await reload(id);
          }} />}
    </section>
  );
}

function Editor(props: { token: string; entry: ProgrammeEntry; firstDay: string; setFirstDay: (day: string) => void; onSaved: (id: string, version: number) => Promise<void> }) {
  const { t, locale } = useI18n();
  const s = useStyles();
  const [def, setDef] = useState<ProgrammeDefinition>(props.entry.definition);
  const { firstDay, setFirstDay } = props;
  const [preview, setPreview] = useState<ProgrammePreview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [saveState, setSaveState] = useState<{ kind: "idle" | "busy" } | { kind: "error"; message: string }>({ kind: "idle" });
  const change = (next: Partial<ProgrammeDefinition>) => setDef((d) => ({ ...d, ...next }));
  const bands: Band[] | null = "bands" in def.cadence ? def.cadence.bands : null;
  const setBands = (next: Band[]) => change({ cadence: { bands: next } });
  const setTalks = (next: TalkDef[]) => change({ talks: next });

  // The preview follows every change (the server lays the dates out, as it would for a mentorship).
  const body = useMemo(() => JSON.stringify([def, firstDay]), [def, firstDay]);
  useEffect(() => {
    const ctrl = new AbortController();
    const timer = setTimeout(() => {
      api
        .previewProgramme(props.token, def, firstDay, ctrl.signal)
        .then((p) => {
          setPreview(p);
          setPreviewError(null);
        })
        .catch((e: unknown) => {
          if (!ctrl.signal.aborted) setPreviewError(refusalText(t, e));
        });
    }, 250);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [body, props.token]);

  const save = async () => {
    setSaveState({ kind: "busy" });
    try {
      const saved = await api.saveProgramme(props.token, props.entry.id, def, props.entry.version);
      await props.onSaved(saved.id, saved.version);
    } catch (e) {
      setSaveState({ kind: "error", message: refusalText(t, e) });
    }
  };

  const offsetField = (label: string, value: Offset, set: (o: Offset) => void, testId: string) => (
    <Field label={label}>
      <div className={s.row}>
        <Input className={s.narrow} type="number" min={0} value={String(amountOf(value))} onChange={(_, d) => set(offset(unitOf(value), num(d.value)))} data-testid={testId} />
        <Dropdown
          className={s.narrow}
          aria-label={label}
          value={t(`tab.programmes.unit.${unitOf(value)}`)}
          selectedOptions={[unitOf(value)]}
          onOptionSelect={(_, d) => set(offset(d.optionValue as Unit, amountOf(value)))}
        >
          {UNITS.map((u) => (
            <Option key={u} value={u}>
              {t(`tab.programmes.unit.${u}`)}
            </Option>
          ))}
        </Dropdown>
      </div>
    </Field>
  );

  return (
    <div className={s.columns} data-testid="programme-editor">
      <div className={s.card}>
        <Text as="h3" size={500} weight="semibold">
          {t("tab.programmes.editing", { name: programmeNameOf(def, locale), version: props.entry.version })}
        </Text>
        <Field label={t("tab.programmes.name")}>
          <Input value={programmeNameOf(def, locale)} onChange={(_, d) => change({ name: typeof def.name === "string" ? d.value : { ...def.name, [locale]: d.value } })} data-testid="programme-name" />
        </Field>
        <div className={s.grid}>
          <Field label={t("tab.programmes.country")}>
            <Dropdown className={s.full} value={t(`tab.programmes.country.${def.country}`)} selectedOptions={[def.country]} onOptionSelect={(_, d) => change({ country: d.optionValue as "DK" | "NO" })} data-testid="programme-country">
              {(["DK", "NO"] as const).map((c) => (
                <Option key={c} value={c}>
                  {t(`tab.programmes.country.${c}`)}
                </Option>
              ))}
            </Dropdown>
          </Field>
          <Field label={t("tab.programmes.timeZone")}>
            <Dropdown
              className={s.full}
              value={t(def.timeZone === "Europe/Oslo" ? "tab.programmes.zone.oslo" : "tab.programmes.zone.copenhagen")}
              selectedOptions={[def.timeZone]}
              onOptionSelect={(_, d) => change({ timeZone: d.optionValue as ProgrammeDefinition["timeZone"] })}
            >
              <Option value="Europe/Copenhagen">{t("tab.programmes.zone.copenhagen")}</Option>
              <Option value="Europe/Oslo">{t("tab.programmes.zone.oslo")}</Option>
            </Dropdown>
          </Field>
        </div>

        <Text as="h4" weight="semibold">
          {t("tab.programmes.cadence")}
        </Text>
        {bands ? (
          <>
            {bands.map((b, i) => (
              <div className={s.row} key={i} data-testid={`band-${i}`}>
                <Field label={t("tab.programmes.fromWeek")}>
                  <Input className={s.narrow} type="number" min={1} max={104} value={String(b.fromWeek)} onChange={(_, d) => setBands(bands.map((x, j) => (j === i ? { ...x, fromWeek: num(d.value) } : x)))} data-testid={`band-${i}-from`} />
                </Field>
                <Field label={t("tab.programmes.toWeek")}>
                  <Input className={s.narrow} type="number" min={1} max={104} value={String(b.toWeek)} onChange={(_, d) => setBands(bands.map((x, j) => (j === i ? { ...x, toWeek: num(d.value) } : x)))} data-testid={`band-${i}-to`} />
                </Field>
                <Field label={t("tab.programmes.every")}>
                  <Dropdown
                    className={s.every}
                    value={"months" in b.every ? t("tab.programmes.monthly") : t("tab.programmes.everyWeeks", { count: b.every.weeks })}
                    selectedOptions={["months" in b.every ? "month" : String(b.every.weeks)]}
                    onOptionSelect={(_, d) => setBands(bands.map((x, j) => (j === i ? { ...x, every: d.optionValue === "month" ? { months: 1 } : { weeks: Number(d.optionValue) } } : x)))}
                  >
                    {EVERY_OPTIONS.map((o) => (
                      <Option key={o} value={o}>
                        {o === "month" ? t("tab.programmes.monthly") : t("tab.programmes.everyWeeks", { count: Number(o) })}
                      </Option>
                    ))}
                  </Dropdown>
                </Field>
                <Button onClick={() => setBands(bands.filter((_, j) => j !== i))} aria-label={t("tab.programmes.removeBand", { n: i + 1 })}>
                  {t("tab.programmes.remove")}
                </Button>
              </div>
            ))}
            <div>
              <Button
                data-testid="add-band"
                onClick={() => {
                  const last = bands.reduce((m, b) => Math.max(m, b.toWeek), 0);
                  setBands([...bands, { fromWeek: last + 1, toWeek: Math.min(104, last + 8), every: { weeks: 2 } }]);
                }}
              >
                {t("tab.programmes.addBand")}
              </Button>
            </div>
          </>
        ) : (
          "spread" in def.cadence && (
            <Field label={t("tab.programmes.spreadCount")}>
              <Input className={s.narrow} type="number" min={1} max={52} value={String(def.cadence.spread.count)} onChange={(_, d) => "spread" in def.cadence && change({ cadence: { spread: { ...def.cadence.spread, count: num(d.value) } } })} />
            </Field>
          )
        )}

        <Text as="h4" weight="semibold">
          {t("tab.programmes.meetingLength")}
        </Text>
        <div className={s.row}>
          {(["min", "default", "max"] as const).map((k) => (
            <Field key={k} label={t(`tab.programmes.minutes.${k}`)}>
              <Input className={s.narrow} type="number" min={5} max={480} value={String(def.meetingMinutes[k])} onChange={(_, d) => change({ meetingMinutes: { ...def.meetingMinutes, [k]: num(d.value) } })} data-testid={`minutes-${k}`} />
            </Field>
          ))}
        </div>

        <Text as="h4" weight="semibold">
          {t("tab.programmes.phases")}
        </Text>
        <div className={s.row}>
          {offsetField(t("tab.programmes.startUpEnds"), def.phases.startUpEnds, (o) => change({ phases: { ...def.phases, startUpEnds: o } }), "phase-startUp")}
          {offsetField(t("tab.programmes.ends"), def.phases.ends, (o) => change({ phases: { ...def.phases, ends: o } }), "phase-ends")}
        </div>

        <Text as="h4" weight="semibold">
          {t("tab.programmes.talks")}
        </Text>
        {def.talks.map((talk, i) => (
          <div className={s.row} key={talk.key}>
            <Field className={s.wide} label={t("tab.programmes.talkName")}>
              <Input
                value={talk.label?.[locale] ?? t(`tab.programmes.talk.${talk.key}` as MessageKey)}
                onChange={(_, d) => setTalks(def.talks.map((x, j) => (j === i ? { ...x, label: localised(x.label ?? builtInLabel(x.key), locale, d.value) } : x)))}
              />
            </Field>
            {talk.afterMonths ? (
              <>
                <Field label={t("tab.programmes.afterMonthsFrom")}>
                  <Input className={s.narrow} type="number" min={0} value={String(talk.afterMonths[0])} onChange={(_, d) => setTalks(def.talks.map((x, j) => (j === i ? { ...x, afterMonths: [num(d.value), x.afterMonths?.[1] ?? 0] } : x)))} />
                </Field>
                <Field label={t("tab.programmes.afterMonthsTo")}>
                  <Input className={s.narrow} type="number" min={0} value={String(talk.afterMonths[1])} onChange={(_, d) => setTalks(def.talks.map((x, j) => (j === i ? { ...x, afterMonths: [x.afterMonths?.[0] ?? 0, num(d.value)] } : x)))} />
                </Field>
              </>
            ) : (
              <Field label={t("tab.programmes.afterDays")}>
                <Input className={s.narrow} type="number" min={0} value={String(talk.afterDays ?? 0)} onChange={(_, d) => setTalks(def.talks.map((x, j) => (j === i ? { ...x, afterDays: num(d.value) } : x)))} />
              </Field>
            )}
            <Button onClick={() => setTalks(def.talks.filter((_, j) => j !== i))}>{t("tab.programmes.remove")}</Button>
          </div>
        ))}
        <div>
          <Button onClick={() => setTalks([...def.talks, { key: `talk${Date.now().toString(36)}`, label: localised(undefined, locale, t("tab.programmes.newTalk")), afterDays: 30 }])}>{t("tab.programmes.addTalk")}</Button>
        </div>

        <Text as="h4" weight="semibold">
          {t("tab.programmes.themes")}
        </Text>
        {def.themes.map((theme, i) => (
          <div className={s.row} key={i}>
            <Input className={s.wide} aria-label={t("tab.programmes.theme", { n: i + 1 })} value={theme[locale]} onChange={(_, d) => change({ themes: def.themes.map((x, j) => (j === i ? localised(x, locale, d.value) : x)) })} />
            <Button onClick={() => change({ themes: def.themes.filter((_, j) => j !== i) })}>{t("tab.programmes.remove")}</Button>
          </div>
        ))}
        <div>
          <Button onClick={() => change({ themes: [...def.themes, localised(undefined, locale, t("tab.programmes.newTheme"))] })}>{t("tab.programmes.addTheme")}</Button>
        </div>

        <div className={s.actions}>
          <Button appearance="primary" disabled={saveState.kind === "busy"} onClick={() => void save()} data-testid="save-programme">
            {t("tab.programmes.save")}
          </Button>
        </div>
        {saveState.kind === "error" && (
          <MessageBar intent="error" data-testid="programme-save-error">
            <MessageBarBody>{saveState.message}</MessageBarBody>
          </MessageBar>
        )}
      </div>

      <div className={s.card} data-testid="programme-preview">
        <Text as="h3" size={500} weight="semibold">
          {t("tab.programmes.preview")}
        </Text>
        <Field label={t("tab.programmes.sampleFirstDay")}>
          <Input type="date" value={firstDay} onChange={(_, d) => setFirstDay(d.value)} data-testid="preview-first-day" />
        </Field>
        {previewError && (
          <MessageBar intent="warning" data-testid="preview-error">
            <MessageBarBody>{previewError}</MessageBarBody>
          </MessageBar>
        )}
        {preview && !previewError && (
          <>
            <Caption1 className={s.sub}>{t("tab.programmes.previewSlot", { count: preview.meetings.length })}</Caption1>
            <ol className={s.dates} data-testid="preview-meetings">
              {preview.meetings.map((m) => (
                <li key={`${m.date}${m.time}`}>{formatDate(m.date, preview.timeZone)}</li>
              ))}
            </ol>
            <Text as="h4" weight="semibold">
              {t("tab.programmes.phases")}
            </Text>
            <ul className={s.plain}>
              {PHASES.filter((p) => p !== "preparation").map((p) => (
                <li key={p}>
                  {t(`phase.${p}`)}: {formatDate(preview.phases[p].start, preview.timeZone)}–{formatDate(preview.phases[p].end, preview.timeZone)}
                </li>
              ))}
            </ul>
            {preview.talks.length > 0 && (
              <>
                <Text as="h4" weight="semibold">
                  {t("tab.programmes.talks")}
                </Text>
                <ul className={s.plain} data-testid="preview-talks">
                  {preview.talks.map((x) => (
                    <li key={x.key}>
                      {x.label?.[locale] ?? t(`tab.programmes.talk.${x.key}` as MessageKey)}: {formatDate(x.from, preview.timeZone)}
                      {x.to !== x.from ? `–${formatDate(x.to, preview.timeZone)}` : ""}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
      </div>
    </div>
  );
}

/** A built-in talk's name in all three languages (the start of a label of the coordinator's own). */
function builtInLabel(key: string): Localised {
  const name = (l: Locale) => translatorFor(l)(`tab.programmes.talk.${key}` as MessageKey);
  return { da: name("da"), nb: name("nb"), en: name("en") };
}


/** The next Monday (a sample first working day). */
function nextMonday(): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + ((8 - d.getUTCDay()) % 7 || 7));
  return d.toISOString().slice(0, 10);
}
