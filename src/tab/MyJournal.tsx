// "My journal" (issue 13): the mentee's process journal (KL/DS's procesjournal) — for the mentee
// alone. The server answers only the signed-in person's own entries; nothing here is shared with a
// mentor, a leader or a coordinator. A refused save (the identity-number guard, a stale version)
// keeps every word typed in the form: nothing is lost.
import {
  Body1,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  Textarea,
  tokens,
} from "@fluentui/react-components";
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, api, type JournalInput, type JournalListItem, type JournalLogRow } from "./api";
import { type Session, useI18n } from "./context";
import { formatDate } from "./format";
import type { MessageKey, Translate } from "./i18n";

/** The same limits as the server (src/app/journal/schemas.ts): the browser stops typing where the server would refuse. */
const LIMITS = { title: 120, field: 1000, logRows: 8, logCell: 250 } as const;
const TEXT_FIELDS = ["background", "problems", "caseSummary", "other"] as const;
const LOG_COLUMNS = ["citizen", "worker", "observation"] as const;

const useStyles = makeStyles({
  wrap: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL, maxWidth: "900px", minWidth: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
  p: { margin: 0, overflowWrap: "anywhere" },
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  item: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: tokens.spacingHorizontalS },
  itemTitle: { overflowWrap: "anywhere", whiteSpace: "normal", textAlign: "start", maxWidth: "100%" },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  row: { display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(min(100%, 220px), 1fr))", gap: tokens.spacingHorizontalM, padding: tokens.spacingVerticalS, borderTop: `1px solid ${tokens.colorNeutralStroke2}` },
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
  surface: { maxWidth: "520px", width: "calc(100vw - 32px)" },
});

const emptyRow = (): JournalLogRow => ({ citizen: "", worker: "", observation: "" });
const emptyInput = (): JournalInput => ({ title: "", date: "", background: "", problems: "", caseSummary: "", other: "", reflection: "", log: [emptyRow()] });

type FieldName = (typeof TEXT_FIELDS)[number] | "title" | "date" | "reflection" | `log.${(typeof LOG_COLUMNS)[number]}`;
const labelKey = (f: FieldName): MessageKey => `journal.field.${f}`;

/** A refusal in the mentee's words: the field by its label, what the guard found by kind and masked shape (never digits). */
export function journalRefusal(t: Translate, e: unknown): { text: string; soft: boolean } {
  if (!(e instanceof ApiError)) return { text: t("tab.journal.saveFailed"), soft: false };
  const params = e.params ?? {};
  const field = typeof e.field === "string" ? e.field : "";
  const known = ["title", "date", "reflection", ...TEXT_FIELDS, ...LOG_COLUMNS.map((c) => `log.${c}`)].includes(field);
  const label = known ? t(labelKey(field as FieldName)).replace(/\s*\(.*\)$/, "") : field;
  if (e.code === "CITIZEN_ID_FOUND" || e.code === "CONTACT_DETAILS_FOUND") {
    const kind = ["cpr", "fnr", "phone", "email"].includes(String(params["kind"])) ? (String(params["kind"]) as "cpr" | "fnr" | "phone" | "email") : "cpr";
    const text = t(`error.${e.code}`, { label, kind: t(`guard.kind.${kind}`), masked: String(params["masked"] ?? "") });
    return { text: e.code === "CITIZEN_ID_FOUND" && params["certain"] === "yes" ? `${text} ${t("guard.certain")}` : text, soft: e.code === "CONTACT_DETAILS_FOUND" };
  }
  if (e.code === "JOURNAL_STALE_VERSION") return { text: t("error.JOURNAL_STALE_VERSION", { current: Number(params["current"] ?? 0) }), soft: false };
  if (e.code === "INVALID_INPUT" && known) return { text: t("input.invalidField", { label, rule: t(field === "title" ? "input.required" : "input.invalid") }), soft: false };
  if (e.code === "JOURNAL_NOT_MENTEE" || e.code === "JOURNAL_ENTRY_NOT_FOUND" || e.code === "MENTORSHIP_CLOSED") return { text: t(`error.${e.code}`), soft: false };
  if (e.status === 404) return { text: t("error.JOURNAL_ENTRY_NOT_FOUND"), soft: false };
  return { text: t("tab.journal.saveFailed"), soft: false };
}

function EntryForm(props: { token: string; id: string | null; version: number; initial: JournalInput; onSaved: (id: string) => void; onBack: () => void }) {
  const { t } = useI18n();
  const s = useStyles();
  const [input, setInput] = useState<JournalInput>(props.initial);
  const [version, setVersion] = useState(props.version);
  const [id, setId] = useState(props.id);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; soft: boolean } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // A refusal or a notice stands above a long form: it is brought into view where the mentee pressed Save.
  const top = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error || notice) top.current?.scrollIntoView?.({ block: "nearest" });
  }, [error, notice]);
  const set = (k: keyof JournalInput, v: string) => setInput((x) => ({ ...x, [k]: v }));
  const setCell = (i: number, c: keyof JournalLogRow, v: string) => setInput((x) => ({ ...x, log: x.log.map((r, j) => (j === i ? { ...r, [c]: v } : r)) }));

  const save = async (allowSoft: boolean) => {
    setBusy(true);
    setNotice(null);
    try {
      const saved = id ? await api.journalEdit(props.token, id, version, input, allowSoft) : await api.journalCreate(props.token, input, allowSoft);
      setId(saved.id);
      setVersion(saved.version);
      setError(null);
      setNotice(t("journal.saved", { version: saved.version }));
      props.onSaved(saved.id);
    } catch (e) {
      // The form keeps what was typed: only the message changes.
      setError(journalRefusal(t, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className={s.form} data-testid="journal-form" onSubmit={(ev) => { ev.preventDefault(); void save(false); }}>
      <div ref={top} />
      {error && (
        <MessageBar intent={error.soft ? "warning" : "error"} data-testid="journal-error">
          <MessageBarBody>{error.text}</MessageBarBody>
        </MessageBar>
      )}
      {notice && (
        <MessageBar intent="success" data-testid="journal-saved">
          <MessageBarBody>{notice}</MessageBarBody>
        </MessageBar>
      )}
      <Field label={t("journal.field.title")} required>
        <Input value={input.title} maxLength={LIMITS.title} onChange={(_, d) => set("title", d.value)} data-testid="journal-title" />
      </Field>
      <Field label={t("journal.field.date")}>
        <Input value={input.date} maxLength={10} onChange={(_, d) => set("date", d.value)} data-testid="journal-date" />
      </Field>
      <Text as="h3" size={400} weight="semibold">
        {t("journal.status")}
      </Text>
      {TEXT_FIELDS.map((f) => (
        <Field key={f} label={t(labelKey(f))}>
          <Textarea value={input[f]} maxLength={LIMITS.field} resize="vertical" onChange={(_, d) => set(f, d.value)} data-testid={`journal-${f}`} />
        </Field>
      ))}
      <Text as="h3" size={400} weight="semibold">
        {t("journal.field.log")}
      </Text>
      {input.log.map((r, i) => (
        <div key={i} className={s.row} data-testid="journal-log-row" role="group" aria-label={t("journal.logRow", { n: i + 1 })}>
          {LOG_COLUMNS.map((c) => (
            <Field key={c} label={t(labelKey(`log.${c}`))}>
              <Textarea value={r[c]} maxLength={LIMITS.logCell} onChange={(_, d) => setCell(i, c, d.value)} data-testid={`journal-log-${i}-${c}`} />
            </Field>
          ))}
          {input.log.length > 1 && (
            <Button size="small" appearance="subtle" onClick={() => setInput((x) => ({ ...x, log: x.log.filter((_, j) => j !== i) }))}>
              {t("tab.journal.removeRow")}
            </Button>
          )}
        </div>
      ))}
      {input.log.length < LIMITS.logRows && (
        <div>
          <Button onClick={() => setInput((x) => ({ ...x, log: [...x.log, emptyRow()] }))} data-testid="journal-add-row">
            {t("journal.addRow")}
          </Button>
        </div>
      )}
      <Field label={t("journal.field.reflection")}>
        <Textarea value={input.reflection} maxLength={LIMITS.field} resize="vertical" onChange={(_, d) => set("reflection", d.value)} data-testid="journal-reflection" />
      </Field>
      <div className={s.actions}>
        <Button appearance="primary" type="submit" disabledFocusable={busy} icon={busy ? <Spinner size="tiny" /> : undefined} data-testid="journal-save">
          {t("journal.save")}
        </Button>
        {error?.soft && (
          <Button onClick={() => void save(true)} disabledFocusable={busy} data-testid="journal-save-anyway">
            {t("journal.saveAnyway")}
          </Button>
        )}
        <Button appearance="secondary" onClick={props.onBack} disabled={busy} data-testid="journal-back">
          {t("journal.back")}
        </Button>
      </div>
    </form>
  );
}

export function MyJournal(props: { session: Session }) {
  const { t } = useI18n();
  const s = useStyles();
  const { token } = props.session;
  const [entries, setEntries] = useState<JournalListItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ id: string | null; version: number; input: JournalInput } | null>(null);
  const [deleting, setDeleting] = useState<JournalListItem | null>(null);

  const load = useCallback(async () => {
    try {
      setEntries((await api.journalList(token)).entries);
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError && e.code === "JOURNAL_NOT_MENTEE" ? t("error.JOURNAL_NOT_MENTEE") : t("tab.journal.loadFailed"));
    }
  }, [token, t]);
  useEffect(() => void load(), [load]);

  const open = async (item: JournalListItem) => {
    try {
      const e = await api.journalGet(token, item.id);
      setEditing({ id: e.id, version: e.version, input: { title: e.title, date: formatDate(e.date, "UTC"), background: e.background, problems: e.problems, caseSummary: e.caseSummary, other: e.other, reflection: e.reflection, log: e.log.length > 0 ? e.log : [emptyRow()] } });
    } catch (e) {
      setError(journalRefusal(t, e).text);
    }
  };

  const remove = async (item: JournalListItem) => {
    try {
      await api.journalDelete(token, item.id);
    } catch (e) {
      setError(journalRefusal(t, e).text);
    }
    setDeleting(null);
    await load();
  };

  return (
    <div className={s.wrap} data-testid="my-journal">
      <Text as="h2" size={600} weight="semibold">
        {t("journal.title")}
      </Text>
      <Body1 as="p" className={`${s.p} ${s.muted}`}>
        {t("journal.purpose")}
      </Body1>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {editing ? (
        <EntryForm
          key={editing.id ?? "new"}
          token={token}
          id={editing.id}
          version={editing.version}
          initial={editing.input}
          onSaved={() => void load()}
          onBack={() => {
            setEditing(null);
            void load();
          }}
        />
      ) : (
        <>
          <div>
            <Button appearance="primary" onClick={() => setEditing({ id: null, version: 0, input: emptyInput() })} data-testid="journal-new">
              {t("journal.new")}
            </Button>
          </div>
          {!entries && !error && <Spinner label={t("tab.loading")} />}
          {entries && entries.length === 0 && <Body1 data-testid="journal-empty">{t("journal.empty")}</Body1>}
          {entries && entries.length > 0 && (
            <ul className={s.list} data-testid="journal-list">
              {entries.map((item) => (
                <li key={item.id} className={s.item} data-testid="journal-item">
                  <Button appearance="subtle" className={s.itemTitle} onClick={() => void open(item)}>
                    {t("journal.entryLine", { date: formatDate(item.date, "UTC"), title: item.title })}
                  </Button>
                  <Button size="small" onClick={() => void open(item)}>
                    {t("tab.journal.edit")}
                  </Button>
                  <Button size="small" appearance="subtle" onClick={() => setDeleting(item)} data-testid="journal-delete">
                    {t("journal.delete")}
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {deleting && (
        <Dialog open onOpenChange={(_, d) => !d.open && setDeleting(null)}>
          <DialogSurface className={s.surface} data-testid="journal-delete-dialog">
            <DialogBody>
              <DialogTitle>{t("journal.delete")}</DialogTitle>
              <DialogContent>{t("journal.deleteConfirm", { title: deleting.title })}</DialogContent>
              <DialogActions>
                <Button appearance="secondary" onClick={() => setDeleting(null)}>
                  {t("journal.deleteNo")}
                </Button>
                <Button appearance="primary" onClick={() => void remove(deleting)} data-testid="journal-delete-confirm">
                  {t("journal.deleteYes")}
                </Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      )}
    </div>
  );
}
