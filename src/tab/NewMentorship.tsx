import {
  Body1,
  Button,
  Combobox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  Input,
  makeStyles,
  Option,
  tokens,
} from "@fluentui/react-components";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { api, ApiError, type ChatOutcome, defaultProgramme, type Language, LANGUAGES, type Programme, type ProgrammeEntry, PROGRAMMES, programmeNameOf } from "./api";
import { ChatInstructions } from "./ChatInstructions";
import { useI18n } from "./context";
import { languageName } from "./i18n";
import { FormActions, FormError } from "./DialogForm";
import { LeaderWarning } from "./LeaderWarning";
import { NO_PERSON, PersonField, type PersonValue } from "./People";
import { refusalCode, refusalMessage } from "./refusal";

const useStyles = makeStyles({
  surface: { maxWidth: "640px", width: "calc(100vw - 32px)" },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  pair: { display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(220px, 1fr))", gap: tokens.spacingHorizontalM, alignItems: "start" },
  full: { width: "100%", minWidth: 0 },
  intro: { color: tokens.colorNeutralForeground2, margin: 0 },
  p: { margin: 0 },
});

type FieldName = "mentee" | "mentor" | "leader" | "programme" | "firstWorkingDay" | "unit" | "language";
type Errors = Partial<Record<FieldName | "form", string>>;

/** The server's field names (request body keys, or "mentee"/"mentor") → the form's fields. */
const FIELD_OF: Record<string, FieldName> = {
  menteeAadObjectId: "mentee",
  mentorAadObjectId: "mentor",
  mentee: "mentee",
  mentor: "mentor",
  leaderAadObjectId: "leader",
  leader: "leader",
  programme: "programme",
  firstWorkingDay: "firstWorkingDay",
  unit: "unit",
  language: "language",
};

interface Created {
  chat: ChatOutcome;
  mentee: string;
  mentor: string;
}

/** "New mentorship": the coordinator prepares a mentorship; the pair's chat is created or explained. */
export function NewMentorshipDialog(props: { token: string; units: string[]; onClose: () => void; onCreated: (mentee: string) => void }) {
  const { t, locale } = useI18n();
  const s = useStyles();
  const [mentee, setMentee] = useState<PersonValue>(NO_PERSON);
  const [mentor, setMentor] = useState<PersonValue>(NO_PERSON);
  // Issue 12: the new hire's leader; left empty, the server takes the directory's manager.
  const [leader, setLeader] = useState<PersonValue>(NO_PERSON);
  const [programme, setProgramme] = useState<Programme>(defaultProgramme(locale));
  // Issue 12: the tenant's own programmes ("own:<id>" in the list); none when they cannot be read.
  const [ownProgrammes, setOwnProgrammes] = useState<ProgrammeEntry[]>([]);
  const [ownProgramme, setOwnProgramme] = useState<ProgrammeEntry | null>(null);
  useEffect(() => {
    let live = true;
    api
      .programmes(props.token)
      .then((r) => live && setOwnProgrammes(r.programmes.filter((p) => !p.builtIn)))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [props.token]);
  const [firstWorkingDay, setFirstWorkingDay] = useState("");
  const [unit, setUnit] = useState("");
  const [language, setLanguage] = useState<Language>(locale);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);
  // The pair (mentee|mentor) the server said is a leader and their own new hire; the advice shows until either changes.
  const [leaderPair, setLeaderPair] = useState<string | null>(null);
  const [confirmLeader, setConfirmLeader] = useState(false);
  const [leaderError, setLeaderError] = useState<string | undefined>();
  const confirmRef = useRef<HTMLInputElement>(null);
  const refs = {
    mentee: useRef<HTMLInputElement>(null),
    mentor: useRef<HTMLInputElement>(null),
    leader: useRef<HTMLInputElement>(null),
    firstWorkingDay: useRef<HTMLInputElement>(null),
    unit: useRef<HTMLInputElement>(null),
  };

  const focusField = (f: FieldName | undefined) => {
    const ref = f && f in refs ? refs[f as keyof typeof refs] : undefined;
    // After React has rendered the message, so the field is described by it when focused.
    setTimeout(() => ref?.current?.focus(), 0);
  };

  const clear = (f: FieldName) => setErrors((e) => (e[f] || e.form ? { ...e, [f]: undefined, form: undefined } : e));

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (busy) return;
    const missing: Errors = {};
    if (!mentee.person) missing.mentee = mentee.text.trim() ? t("tab.choosePerson") : t("tab.required");
    if (!mentor.person) missing.mentor = mentor.text.trim() ? t("tab.choosePerson") : t("tab.required");
    // The leader may be left empty (the directory's manager), but typed text must be a chosen person.
    if (!leader.person && leader.text.trim()) missing.leader = t("tab.choosePerson");
    if (!firstWorkingDay) missing.firstWorkingDay = t("tab.required");
    if (!unit.trim()) missing.unit = t("tab.required");
    if (Object.keys(missing).length > 0) {
      setErrors({ ...missing, form: t("tab.refusal.CHECK_FIELDS") });
      focusField((["mentee", "mentor", "leader", "firstWorkingDay", "unit"] as FieldName[]).find((f) => missing[f]));
      return;
    }
    const pair = `${mentee.person!.aadObjectId}|${mentor.person!.aadObjectId}`;
    if (leaderPair === pair && !confirmLeader) {
      setLeaderError(t("tab.leaderConfirmRequired"));
      setTimeout(() => confirmRef.current?.focus(), 0);
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      const r = await api.createMentorship(props.token, {
        menteeAadObjectId: mentee.person!.aadObjectId,
        mentorAadObjectId: mentor.person!.aadObjectId,
        ...(ownProgramme ? { programme: "custom" as const, programmeId: ownProgramme.id } : { programme }),
        firstWorkingDay,
        unit: unit.trim(),
        language,
        ...(leaderPair === pair && confirmLeader ? { confirmLeader: true } : {}),
        ...(leader.person ? { leaderAadObjectId: leader.person.aadObjectId } : {}),
      });
      setCreated({ chat: r.chat, mentee: mentee.person!.name, mentor: mentor.person!.name });
      props.onCreated(mentee.person!.name);
    } catch (e) {
      if (e instanceof ApiError && e.code === "LEADER_AS_MENTOR") {
        // Advice, not a refusal: the coordinator reads it and confirms, or picks someone else.
        setLeaderPair(pair);
        setConfirmLeader(false);
        setLeaderError(undefined);
        return;
      }
      const code = refusalCode(e);
      const message = refusalMessage(t, e, { mentee: mentee.person?.name ?? mentee.text, mentor: mentor.person?.name ?? mentor.text });
      const serverField = e instanceof ApiError && e.field ? FIELD_OF[e.field] : undefined;
      const field: FieldName | undefined =
        serverField ??
        (code === "INVALID_START_DATE"
          ? "firstWorkingDay"
          : code === "MENTOR_IS_MENTEE"
            ? "mentor"
            : code === "MENTEE_HAS_ACTIVE_MENTORSHIP"
              ? "mentee"
              : undefined);
      setErrors(field ? { [field]: message } : { form: message });
      focusField(field);
    } finally {
      setBusy(false);
    }
  };

  const unitOptions = (() => {
    const q = unit.trim().toLocaleLowerCase();
    const exact = props.units.some((u) => u.toLocaleLowerCase() === q);
    return exact || !q ? props.units : props.units.filter((u) => u.toLocaleLowerCase().includes(q));
  })();
  const err = (f: FieldName) => ({ validationMessage: errors[f], validationState: errors[f] ? ("error" as const) : ("none" as const) });

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && !busy && props.onClose()}>
      <DialogSurface className={s.surface} data-testid="new-mentorship-dialog" aria-describedby={created ? "created-intro" : "new-intro"}>
        {created ? (
          <DialogBody>
            <DialogTitle>{t("tab.createdTitle")}</DialogTitle>
            <DialogContent className={s.form}>
              <Body1 as="p" id="created-intro" className={s.p} data-testid="created-outcome" data-chat={created.chat}>
                {t(created.chat === "created" ? "tab.chatCreated" : created.chat === "failed" ? "tab.chatFailed" : "tab.chatInstructions", {
                  mentee: created.mentee,
                  mentor: created.mentor,
                })}
              </Body1>
              {created.chat !== "created" && <ChatInstructions mentee={created.mentee} mentor={created.mentor} forCoordinator />}
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" onClick={props.onClose} data-testid="close-created">
                {t("tab.close")}
              </Button>
            </DialogActions>
          </DialogBody>
        ) : (
          <form onSubmit={(e) => void submit(e)} noValidate>
            <DialogBody>
              <DialogTitle>{t("tab.newMentorship")}</DialogTitle>
              <DialogContent className={s.form}>
                <Body1 as="p" id="new-intro" className={s.intro}>
                  {t("tab.newMentorshipIntro")}
                </Body1>
                <div className={s.pair}>
                  <PersonField
                    label={t("tab.fieldMentee")}
                    token={props.token}
                    value={mentee}
                    onChange={(v) => {
                      setMentee(v);
                      setLeaderPair(null);
                      clear("mentee");
                    }}
                    validationMessage={errors.mentee}
                    testId="field-mentee"
                    inputRef={refs.mentee}
                  />
                  <PersonField
                    label={t("tab.fieldMentor")}
                    token={props.token}
                    value={mentor}
                    onChange={(v) => {
                      setMentor(v);
                      setLeaderPair(null);
                      clear("mentor");
                    }}
                    validationMessage={errors.mentor}
                    testId="field-mentor"
                    inputRef={refs.mentor}
                  />
                </div>
                <PersonField
                  label={t("tab.fieldLeader")}
                  token={props.token}
                  value={leader}
                  onChange={(v) => {
                    setLeader(v);
                    clear("leader");
                  }}
                  optional
                  hint={t("tab.fieldLeaderHint")}
                  validationMessage={errors.leader}
                  testId="field-leader"
                  inputRef={refs.leader}
                />
                <div className={s.pair}>
                  <Field label={t("tab.fieldProgramme")} required {...err("programme")}>
                    <Dropdown
                      className={s.full}
                      data-testid="field-programme"
                      value={ownProgramme ? programmeNameOf(ownProgramme.definition, locale) : t(`programme.${programme}.short`)}
                      selectedOptions={[ownProgramme ? `own:${ownProgramme.id}` : programme]}
                      onOptionSelect={(_, d) => {
                        const own = ownProgrammes.find((p) => `own:${p.id}` === d.optionValue) ?? null;
                        setOwnProgramme(own);
                        if (!own) setProgramme(d.optionValue as Programme);
                        clear("programme");
                      }}
                    >
                      {PROGRAMMES.map((p) => (
                        <Option key={p} value={p}>
                          {t(`programme.${p}.short`)}
                        </Option>
                      ))}
                      {ownProgrammes.map((p) => (
                        <Option key={p.id} value={`own:${p.id}`}>
                          {programmeNameOf(p.definition, locale)}
                        </Option>
                      ))}
                    </Dropdown>
                  </Field>
                  <Field label={t("tab.fieldFirstWorkingDay")} required {...err("firstWorkingDay")}>
                    <Input
                      type="date"
                      ref={refs.firstWorkingDay}
                      data-testid="field-first-day"
                      value={firstWorkingDay}
                      onChange={(_, d) => {
                        setFirstWorkingDay(d.value);
                        clear("firstWorkingDay");
                      }}
                    />
                  </Field>
                </div>
                <div className={s.pair}>
                  <Field label={t("tab.fieldUnit")} required hint={errors.unit ? undefined : t("tab.unitHint")} {...err("unit")}>
                    <Combobox
                      className={s.full}
                      freeform
                      ref={refs.unit}
                      data-testid="field-unit"
                      value={unit}
                      selectedOptions={props.units.includes(unit) ? [unit] : []}
                      onInput={(e) => {
                        setUnit((e.target as HTMLInputElement).value);
                        clear("unit");
                      }}
                      onOptionSelect={(_, d) => {
                        if (d.optionValue) setUnit(d.optionValue);
                        clear("unit");
                      }}
                    >
                      {unitOptions.map((u) => (
                        <Option key={u} value={u}>
                          {u}
                        </Option>
                      ))}
                    </Combobox>
                  </Field>
                  <Field label={t("tab.fieldLanguage")} required {...err("language")}>
                    <Dropdown
                      className={s.full}
                      data-testid="field-language"
                      value={languageName(language)}
                      selectedOptions={[language]}
                      onOptionSelect={(_, d) => {
                        setLanguage(d.optionValue as Language);
                        clear("language");
                      }}
                    >
                      {LANGUAGES.map((l) => (
                        <Option key={l} value={l} lang={l}>
                          {languageName(l)}
                        </Option>
                      ))}
                    </Dropdown>
                  </Field>
                </div>
                {leaderPair !== null && mentee.person && mentor.person && (
                  <LeaderWarning
                    mentor={mentor.person.name}
                    mentee={mentee.person.name}
                    confirmed={confirmLeader}
                    onConfirm={(c) => {
                      setConfirmLeader(c);
                      setLeaderError(undefined);
                    }}
                    error={leaderError}
                    inputRef={confirmRef}
                  />
                )}
                <FormError message={errors.form} />
              </DialogContent>
              <FormActions busy={busy} onCancel={props.onClose} label={t("tab.create")} busyLabel={t("tab.creating")} testId="submit-new" />
            </DialogBody>
          </form>
        )}
      </DialogSurface>
    </Dialog>
  );
}
