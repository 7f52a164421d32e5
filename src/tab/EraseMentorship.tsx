import { Body1, Checkbox, Dialog, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, makeStyles, tokens } from "@fluentui/react-components";
import { type FormEvent, useRef, useState } from "react";
import { api, ApiError, ARCHIVE_HOLD_REASONS, type ArchiveHoldReason, type OverviewRow } from "./api";
import { useI18n } from "./context";
import { FormActions, FormError } from "./DialogForm";
import type { Translate } from "./i18n";
import { ReasonDialog } from "./ReasonDialog";
import { refusalMessage } from "./refusal";

const useStyles = makeStyles({
  surface: { maxWidth: "560px", width: "calc(100vw - 32px)" },
  content: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  p: { margin: 0 },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
});

const isHoldReason = (x: unknown): x is ArchiveHoldReason => typeof x === "string" && (ARCHIVE_HOLD_REASONS as readonly string[]).includes(x);

/** A refusal of an erasure or hold in the coordinator's words; a hold names its reason. */
function holdAwareMessage(t: Translate, e: unknown, row: OverviewRow): string {
  if (e instanceof ApiError && e.code === "ARCHIVE_HOLD_SET") {
    const reason = e.params?.["reason"];
    return t("tab.erase.held", { why: isHoldReason(reason) ? t(`archiveHold.reason.${reason}`) : "" });
  }
  return refusalMessage(t, e, { mentee: row.menteeName, mentor: row.mentorName });
}

/**
 * Issue 13: a coordinator erases a whole mentorship. The confirmation names what goes — kinds of
 * data only, never a count or a word of it (the journal's least of all) — and must be ticked.
 */
export function EraseMentorshipDialog(props: { token: string; row: OverviewRow; onClose: () => void; onErased: () => void }) {
  const { t } = useI18n();
  const s = useStyles();
  const { row } = props;
  const [checked, setChecked] = useState(false);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLInputElement>(null);
  const held = row.archiveHold ?? null;

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (busy) return;
    setFormError(undefined);
    // Held: the message above already says why; nothing is sent.
    if (held) return;
    if (!checked) {
      setFieldError(t("tab.erase.mustCheck"));
      box.current?.focus();
      return;
    }
    setFieldError(undefined);
    setBusy(true);
    try {
      await api.eraseMentorship(props.token, row.mentorshipId);
      props.onErased();
    } catch (e) {
      setFormError(holdAwareMessage(t, e, row));
      setBusy(false);
    }
  };

  const items = ["agreement", "meetings", "cards", "evaluation", "private", "journal"] as const;
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && !busy && props.onClose()}>
      <DialogSurface className={s.surface} data-testid="erase-dialog" aria-describedby="erase-intro">
        <form onSubmit={(e) => void submit(e)} noValidate>
          <DialogBody>
            <DialogTitle>{t("tab.erase.title")}</DialogTitle>
            <DialogContent className={s.content}>
              <Body1 as="p" id="erase-intro" className={s.p}>
                {t("tab.erase.intro", { mentee: row.menteeName, mentor: row.mentorName })}
              </Body1>
              <Body1 as="p" className={s.p} id="erase-goes">
                {t("tab.erase.goes")}
              </Body1>
              <ul className={s.list} aria-labelledby="erase-goes" data-testid="erase-what">
                {items.map((k) => (
                  <li key={k} data-item={k}>
                    <Body1>{t(`tab.erase.item.${k}`)}</Body1>
                  </li>
                ))}
              </ul>
              <Body1 as="p" className={s.p}>
                {t("tab.erase.kept")}
              </Body1>
              {held ? <FormError message={t("tab.erase.held", { why: t(`archiveHold.reason.${held}`) })} /> : null}
              <Field validationMessage={fieldError} required>
                <Checkbox ref={box} checked={checked} onChange={(_, d) => { setChecked(d.checked === true); setFieldError(undefined); }} label={t("tab.erase.check")} data-testid="erase-check" disabled={held !== null} />
              </Field>
              <FormError message={formError} />
            </DialogContent>
            <FormActions busy={busy} onCancel={props.onClose} label={t("tab.erase.confirm")} busyLabel={t("tab.erase.working")} testId="submit-erase" />
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

/** Issue 13: a coordinator sets the archive hold with a reason (a code: a free-text note could name a person). */
export function ArchiveHoldDialog(props: { token: string; row: OverviewRow; onClose: () => void; onSet: () => void }) {
  const { t } = useI18n();
  const s = useStyles();
  const { row } = props;
  const names = { mentee: row.menteeName, mentor: row.mentorName };
  return (
    <ReasonDialog<ArchiveHoldReason>
      reasons={ARCHIVE_HOLD_REASONS}
      surfaceClassName={s.surface}
      onClose={props.onClose}
      send={async (reason) => {
        await api.setArchiveHold(props.token, row.mentorshipId, reason);
        props.onSet();
      }}
      refusal={(e) => holdAwareMessage(t, e, row)}
      texts={{
        title: t("tab.hold.title"),
        intro: t("tab.hold.intro", names),
        reason: t("tab.hold.reason"),
        chooseReason: t("tab.hold.chooseReason"),
        confirm: t("tab.hold.confirm"),
        working: t("tab.hold.working"),
        reasonLabel: (r) => t(`tab.hold.reason.${r as ArchiveHoldReason}`),
        ids: { dialog: "hold-dialog", group: "hold-reason", submit: "submit-hold", intro: "hold-intro" },
      }}
    />
  );
}
