import { Body1, Dialog, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, makeStyles, Radio, RadioGroup, tokens } from "@fluentui/react-components";
import { type FormEvent, useRef, useState } from "react";
import { api, CLOSING_REASONS, type ClosingReason, type OverviewRow } from "./api";
import { useI18n } from "./context";
import { FormActions, FormError } from "./DialogForm";
import { refusalMessage } from "./refusal";

const useStyles = makeStyles({
  surface: { maxWidth: "520px", width: "calc(100vw - 32px)" },
  content: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  p: { margin: 0 },
});

/**
 * A coordinator opens the closing phase from the overview, with a reason: the pair then get the
 * evaluation in their chat and close the mentorship together (the closing use case on the server).
 */
export function CloseMentorshipDialog(props: { token: string; row: OverviewRow; onClose: () => void; onStarted: () => void }) {
  const { t } = useI18n();
  const s = useStyles();
  const { row } = props;
  const [reason, setReason] = useState<ClosingReason | "">("");
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (busy) return;
    setFormError(undefined);
    if (!reason) {
      setFieldError(t("tab.closing.chooseReason"));
      first.current?.focus();
      return;
    }
    setFieldError(undefined);
    setBusy(true);
    try {
      await api.startClosing(props.token, row.mentorshipId, reason);
      props.onStarted();
    } catch (e) {
      setFormError(refusalMessage(t, e, { mentee: row.menteeName, mentor: row.mentorName }));
      setBusy(false);
    }
  };

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && !busy && props.onClose()}>
      <DialogSurface className={s.surface} data-testid="close-mentorship-dialog" aria-describedby="closing-intro">
        <form onSubmit={(e) => void submit(e)} noValidate>
          <DialogBody>
            <DialogTitle>{t("tab.closing.title")}</DialogTitle>
            <DialogContent className={s.content}>
              <Body1 as="p" id="closing-intro" className={s.p}>
                {t("tab.closing.intro", { mentee: row.menteeName, mentor: row.mentorName })}
              </Body1>
              <Field label={t("tab.closing.reason")} required validationMessage={fieldError}>
                <RadioGroup value={reason} onChange={(_, d) => { setReason(d.value as ClosingReason); setFieldError(undefined); }} data-testid="closing-reason">
                  {CLOSING_REASONS.map((r, i) => (
                    <Radio key={r} value={r} label={t(`tab.closing.reason.${r}`)} data-reason={r} {...(i === 0 ? { input: { ref: first } } : {})} />
                  ))}
                </RadioGroup>
              </Field>
              <FormError message={formError} />
            </DialogContent>
            <FormActions busy={busy} onCancel={props.onClose} label={t("tab.closing.confirm")} busyLabel={t("tab.closing.working")} testId="submit-closing" />
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
