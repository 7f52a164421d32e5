import {
  Body1,
  Dialog,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import { type FormEvent, useRef, useState } from "react";
import { api, ApiError, type OverviewRow } from "./api";
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

/** "Change mentor…": the history stays with the mentorship; the new mentor takes over the remaining meetings. */
export function ChangeMentorDialog(props: { token: string; row: OverviewRow; onClose: () => void; onChanged: (mentorName: string) => void }) {
  const { t } = useI18n();
  const s = useStyles();
  const { row } = props;
  const [mentor, setMentor] = useState<PersonValue>(NO_PERSON);
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  // The mentor the server said is the mentee's own leader: the advice shows until another is chosen.
  const [leaderId, setLeaderId] = useState<string | null>(null);
  const [confirmLeader, setConfirmLeader] = useState(false);
  const [leaderError, setLeaderError] = useState<string | undefined>();
  const confirmRef = useRef<HTMLInputElement>(null);

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (busy) return;
    setFormError(undefined);
    if (!mentor.person) {
      setFieldError(mentor.text.trim() ? t("tab.choosePerson") : t("tab.required"));
      input.current?.focus();
      return;
    }
    const chosen = mentor.person.aadObjectId;
    if (leaderId === chosen && !confirmLeader) {
      setLeaderError(t("tab.leaderConfirmRequired"));
      setTimeout(() => confirmRef.current?.focus(), 0);
      return;
    }
    setBusy(true);
    setFieldError(undefined);
    try {
      const r = await api.changeMentor(props.token, row.mentorshipId, chosen, leaderId === chosen && confirmLeader);
      props.onChanged(r.mentorName || mentor.person.name);
    } catch (e) {
      if (e instanceof ApiError && e.code === "LEADER_AS_MENTOR") {
        // Advice, not a refusal: the coordinator reads it and confirms, or picks someone else.
        setLeaderId(chosen);
        setConfirmLeader(false);
        setLeaderError(undefined);
        setBusy(false);
        return;
      }
      const code = refusalCode(e);
      const message = refusalMessage(t, e, { mentee: row.menteeName, mentor: mentor.person.name });
      // Refusals about the person chosen go on the field; the others (phase, booking, gone) on the form.
      if (code === "NO_CHANGES" || code === "MENTOR_IS_MENTEE" || code === "PERSON_NOT_FOUND" || code === "INVALID_INPUT") {
        setFieldError(message);
        setTimeout(() => input.current?.focus(), 0);
      } else setFormError(message);
      setBusy(false);
    }
  };

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && !busy && props.onClose()}>
      <DialogSurface className={s.surface} data-testid="change-mentor-dialog" aria-describedby="change-explain">
        <form onSubmit={(e) => void submit(e)} noValidate>
          <DialogBody>
            <DialogTitle>{t("tab.changeMentorTitle", { mentee: row.menteeName })}</DialogTitle>
            <DialogContent className={s.content}>
              <Body1 as="p" className={mergeClasses(s.p, s.muted)} data-testid="current-mentor">
                {t("tab.currentMentor", { mentor: row.mentorName })}
              </Body1>
              <Body1 as="p" id="change-explain" className={s.p}>
                {t("tab.changeMentorExplain")}
              </Body1>
              <PersonField
                label={t("tab.fieldNewMentor")}
                token={props.token}
                value={mentor}
                onChange={(v) => {
                  setMentor(v);
                  setLeaderId(null);
                  setFieldError(undefined);
                  setFormError(undefined);
                }}
                validationMessage={fieldError}
                testId="field-new-mentor"
                inputRef={input}
              />
              {leaderId !== null && mentor.person?.aadObjectId === leaderId && (
                <LeaderWarning
                  mentor={mentor.person.name}
                  mentee={row.menteeName}
                  confirmed={confirmLeader}
                  onConfirm={(c) => {
                    setConfirmLeader(c);
                    setLeaderError(undefined);
                  }}
                  error={leaderError}
                  inputRef={confirmRef}
                />
              )}
              <FormError message={formError} />
            </DialogContent>
            <FormActions busy={busy} onCancel={props.onClose} label={t("tab.changeMentor")} busyLabel={t("tab.changing")} testId="submit-change-mentor" />
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
