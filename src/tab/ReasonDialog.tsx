import { Body1, Dialog, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, makeStyles, Radio, RadioGroup, tokens } from "@fluentui/react-components";
import { type FormEvent, useRef, useState } from "react";
import { FormActions, FormError } from "./DialogForm";

const useStyles = makeStyles({
  content: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  p: { margin: 0 },
});

/** The words and ids of one reason dialog (closing a mentorship, an archive hold). */
export interface ReasonDialogTexts {
  readonly title: string;
  readonly intro: string;
  readonly reason: string;
  readonly chooseReason: string;
  readonly confirm: string;
  readonly working: string;
  readonly reasonLabel: (reason: string) => string;
  /** data-testid of the surface, the radio group and the submit button; id of the intro. */
  readonly ids: { readonly dialog: string; readonly group: string; readonly submit: string; readonly intro: string };
}

/**
 * A coordinator's action on one mentorship that needs a reason code (never free text): pick one,
 * submit; without one the field says so and takes the focus; a refusal stays in the dialog.
 */
export function ReasonDialog<R extends string>(props: {
  reasons: readonly R[];
  texts: ReasonDialogTexts;
  surfaceClassName: string;
  onClose: () => void;
  /** Sends the reason; resolves when done, or rejects with what the dialog shows (`refusal`). */
  send: (reason: R) => Promise<void>;
  refusal: (error: unknown) => string;
}) {
  const s = useStyles();
  const { texts } = props;
  const [reason, setReason] = useState<R | "">("");
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (busy) return;
    setFormError(undefined);
    if (!reason) {
      setFieldError(texts.chooseReason);
      first.current?.focus();
      return;
    }
    setFieldError(undefined);
    setBusy(true);
    try {
      await props.send(reason);
    } catch (e) {
      setFormError(props.refusal(e));
      setBusy(false);
    }
  };

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && !busy && props.onClose()}>
      <DialogSurface className={props.surfaceClassName} data-testid={texts.ids.dialog} aria-describedby={texts.ids.intro}>
        <form onSubmit={(e) => void submit(e)} noValidate>
          <DialogBody>
            <DialogTitle>{texts.title}</DialogTitle>
            <DialogContent className={s.content}>
              <Body1 as="p" id={texts.ids.intro} className={s.p}>
                {texts.intro}
              </Body1>
              <Field label={texts.reason} required validationMessage={fieldError}>
                <RadioGroup
                  value={reason}
                  onChange={(_, d) => {
                    setReason(d.value as R);
                    setFieldError(undefined);
                  }}
                  data-testid={texts.ids.group}
                >
                  {props.reasons.map((r, i) => (
                    <Radio key={r} value={r} label={texts.reasonLabel(r)} data-reason={r} {...(i === 0 ? { input: { ref: first } } : {})} />
                  ))}
                </RadioGroup>
              </Field>
              <FormError message={formError} />
            </DialogContent>
            <FormActions busy={busy} onCancel={props.onClose} label={texts.confirm} busyLabel={texts.working} testId={texts.ids.submit} />
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
