// Issue 12, from the overview's row menu: the coordinator names or changes the new hire's leader,
// and names the contact person for the introduction scheme (in front of the mentor scheme or beside
// it). A leader as mentor or contact person is advice, not a ban: the server refuses
// LEADER_AS_MENTOR / LEADER_AS_CONTACT, the advice shows, and a tick sends it again confirmed.
import {
  Body1,
  Dialog,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  makeStyles,
  mergeClasses,
  Radio,
  RadioGroup,
  tokens,
} from "@fluentui/react-components";
import { type FormEvent, useRef, useState } from "react";
import { api, ApiError, INTRODUCTION_MODES, type IntroductionMode, type OverviewRow } from "./api";
import { useI18n } from "./context";
import { FormActions, FormError } from "./DialogForm";
import { LeaderWarning } from "./LeaderWarning";
import { NO_PERSON, PersonField, type PersonValue } from "./People";
import { refusalCode, refusalMessage } from "./refusal";

const useStyles = makeStyles({
  surface: { maxWidth: "520px", width: "calc(100vw - 32px)" },
  content: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  muted: { color: tokens.colorNeutralForeground2 },
  p: { margin: 0 },
});

const PERSON_CODES = ["NO_CHANGES", "MENTOR_IS_MENTEE", "PERSON_NOT_FOUND", "INVALID_INPUT"];

/**
 * One person to name, with the leader advice when the server gives it: shared by both dialogs.
 * `send(person, confirmed)` calls the server; a refusal with `adviceCode` shows the advice.
 */
function usePersonForm(adviceCode: string, send: (aadObjectId: string, confirmed: boolean) => Promise<void>, vars: Record<string, string>) {
  const { t } = useI18n();
  const [person, setPerson] = useState<PersonValue>(NO_PERSON);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [adviceFor, setAdviceFor] = useState<string | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [confirmError, setConfirmError] = useState<string | undefined>();
  const input = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);

  const submit = async (ev: FormEvent, confirmRequired: string) => {
    ev.preventDefault();
    if (busy) return;
    setFormError(undefined);
    if (!person.person) {
      setFieldError(person.text.trim() ? t("tab.choosePerson") : t("tab.required"));
      input.current?.focus();
      return;
    }
    const chosen = person.person.aadObjectId;
    if (adviceFor === chosen && !confirmed) {
      setConfirmError(confirmRequired);
      setTimeout(() => confirmRef.current?.focus(), 0);
      return;
    }
    setBusy(true);
    setFieldError(undefined);
    try {
      await send(chosen, adviceFor === chosen && confirmed);
    } catch (e) {
      setBusy(false);
      if (e instanceof ApiError && e.code === adviceCode) {
        setAdviceFor(chosen);
        setConfirmed(false);
        setConfirmError(undefined);
        return;
      }
      const message = refusalMessage(t, e, { ...vars, mentor: person.person.name, contact: person.person.name });
      if (PERSON_CODES.includes(refusalCode(e) ?? "")) {
        setFieldError(message);
        setTimeout(() => input.current?.focus(), 0);
      } else setFormError(message);
    }
  };
  const change = (v: PersonValue) => {
    setPerson(v);
    setAdviceFor(null);
    setFieldError(undefined);
    setFormError(undefined);
  };
  const advised = adviceFor !== null && person.person?.aadObjectId === adviceFor ? person.person : null;
  return { person, change, fieldError, formError, busy, submit, input, advised, confirmed, setConfirmed, confirmError, setConfirmError, confirmRef };
}

/** "Change leader…": the leader holds the new hire's talks; the summary and the talks follow the change. */
export function ChangeLeaderDialog(props: { token: string; row: OverviewRow; onClose: () => void; onChanged: (leaderName: string) => void }) {
  const { t } = useI18n();
  const s = useStyles();
  const { row } = props;
  const chosenName = useRef("");
  const f = usePersonForm(
    "LEADER_AS_MENTOR",
    async (id, confirmed) => {
      await api.setLeader(props.token, row.mentorshipId, id, confirmed);
      props.onChanged(chosenName.current);
    },
    { mentee: row.menteeName },
  );
  chosenName.current = f.person.person?.name ?? "";
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && !f.busy && props.onClose()}>
      <DialogSurface className={s.surface} data-testid="change-leader-dialog">
        <form onSubmit={(e) => void f.submit(e, t("tab.leaderConfirmRequired"))} noValidate>
          <DialogBody>
            <DialogTitle>{t("tab.changeLeaderTitle", { mentee: row.menteeName })}</DialogTitle>
            <DialogContent className={s.content}>
              <Body1 as="p" className={mergeClasses(s.p, s.muted)} data-testid="current-leader">
                {row.leaderName ? t("tab.currentLeader", { leader: row.leaderName }) : t("tab.noLeaderYet")}
              </Body1>
              <PersonField label={t("tab.fieldNewLeader")} token={props.token} value={f.person} onChange={f.change} validationMessage={f.fieldError} testId="field-new-leader" inputRef={f.input} />
              {f.advised && (
                <LeaderWarning
                  mentor={f.advised.name}
                  mentee={row.menteeName}
                  confirmed={f.confirmed}
                  onConfirm={(c) => {
                    f.setConfirmed(c);
                    f.setConfirmError(undefined);
                  }}
                  error={f.confirmError}
                  inputRef={f.confirmRef}
                />
              )}
              <FormError message={f.formError} />
            </DialogContent>
            <FormActions busy={f.busy} onCancel={props.onClose} label={t("tab.changeLeader")} busyLabel={t("tab.saving")} testId="submit-change-leader" />
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

/** "Contact person and introduction…": who welcomes the new hire, and whether the introduction runs before or beside the mentor scheme. */
export function IntroductionDialog(props: { token: string; row: OverviewRow; onClose: () => void; onSaved: (contactName: string) => void }) {
  const { t } = useI18n();
  const s = useStyles();
  const { row } = props;
  const [mode, setMode] = useState<IntroductionMode>("before");
  const chosenName = useRef("");
  const f = usePersonForm(
    "LEADER_AS_CONTACT",
    async (id, confirmed) => {
      await api.setIntroduction(props.token, row.mentorshipId, { contactAadObjectId: id, mode, ...(confirmed ? { confirmLeader: true } : {}) });
      props.onSaved(chosenName.current);
    },
    { mentee: row.menteeName },
  );
  chosenName.current = f.person.person?.name ?? "";
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && !f.busy && props.onClose()}>
      <DialogSurface className={s.surface} data-testid="introduction-dialog" aria-describedby="introduction-explain">
        <form onSubmit={(e) => void f.submit(e, t("tab.leaderContactConfirmRequired"))} noValidate>
          <DialogBody>
            <DialogTitle>{t("tab.introductionTitle", { mentee: row.menteeName })}</DialogTitle>
            <DialogContent className={s.content}>
              <Body1 as="p" id="introduction-explain" className={s.p}>
                {t("tab.introductionExplain")}
              </Body1>
              <PersonField label={t("tab.fieldContact")} token={props.token} value={f.person} onChange={f.change} validationMessage={f.fieldError} testId="field-contact" inputRef={f.input} />
              {f.advised && (
                <LeaderWarning
                  as="contact"
                  mentor={f.advised.name}
                  mentee={row.menteeName}
                  confirmed={f.confirmed}
                  onConfirm={(c) => {
                    f.setConfirmed(c);
                    f.setConfirmError(undefined);
                  }}
                  error={f.confirmError}
                  inputRef={f.confirmRef}
                />
              )}
              <Field label={t("tab.fieldIntroductionMode")}>
                <RadioGroup value={mode} onChange={(_, d) => setMode(d.value as IntroductionMode)} data-testid="introduction-mode">
                  {INTRODUCTION_MODES.map((m) => (
                    <Radio key={m} value={m} label={t(`tab.introductionMode.${m}`)} data-testid={`mode-${m}`} />
                  ))}
                </RadioGroup>
              </Field>
              <FormError message={f.formError} />
            </DialogContent>
            <FormActions busy={f.busy} onCancel={props.onClose} label={t("tab.startIntroduction")} busyLabel={t("tab.saving")} testId="submit-introduction" />
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
