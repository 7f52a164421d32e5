import { Caption1, Combobox, Field, makeStyles, Option, tokens } from "@fluentui/react-components";
import { useEffect, useRef, useState } from "react";
import { api, type Person } from "./api";
import { useI18n } from "./context";

const useStyles = makeStyles({
  option: { display: "flex", flexDirection: "column", minWidth: 0 },
  email: { color: tokens.colorNeutralForeground3 },
  combo: { width: "100%" },
});

/** What a person field holds: the text typed, and the person chosen from the list (if any). */
export interface PersonValue {
  text: string;
  person: Person | null;
}
export const NO_PERSON: PersonValue = { text: "", person: null };

/**
 * A person by name or e-mail, fed by GET /api/tab/people. With Microsoft Graph only an exact
 * e-mail finds someone, so the text stays free: typing a whole address (and leaving the field, or
 * pressing Enter) picks the single match.
 */
export function PersonField(props: {
  label: string;
  token: string;
  value: PersonValue;
  onChange: (v: PersonValue) => void;
  validationMessage?: string | undefined;
  testId: string;
  inputRef?: React.Ref<HTMLInputElement>;
}) {
  const { t } = useI18n();
  const s = useStyles();
  const [people, setPeople] = useState<Person[]>([]);
  const [state, setState] = useState<"idle" | "searching" | "error">("idle");
  const { text, person } = props.value;
  const query = text.trim();
  const latest = useRef<Person[]>([]);

  useEffect(() => {
    const ctl = new AbortController();
    setState("searching");
    const h = setTimeout(() => {
      api.people(props.token, query, ctl.signal).then(
        (r) => {
          latest.current = r.people;
          setPeople(r.people);
          setState("idle");
        },
        (e: unknown) => {
          if (!ctl.signal.aborted) setState("error");
          void e;
        },
      );
    }, 200);
    return () => {
      clearTimeout(h);
      ctl.abort();
    };
  }, [props.token, query]);

  // An exact name or e-mail typed in full counts as choosing that person.
  const resolve = () => {
    if (person || !query) return;
    const q = query.toLocaleLowerCase();
    const hits = latest.current.filter((p) => p.email.toLocaleLowerCase() === q || p.name.toLocaleLowerCase() === q);
    if (hits.length === 1) props.onChange({ text: hits[0]!.name, person: hits[0]! });
  };

  // With a message on the field the hint gives way, so a screen reader reads one thing.
  const hint = props.validationMessage ? undefined : state === "error" ? t("peopleError") : t("personHint");
  return (
    <Field label={props.label} required hint={hint} validationMessage={props.validationMessage} validationState={props.validationMessage ? "error" : "none"}>
      <Combobox
        className={s.combo}
        freeform
        autoComplete="off"
        ref={props.inputRef}
        data-testid={props.testId}
        placeholder={t("personPlaceholder")}
        value={text}
        selectedOptions={person ? [person.aadObjectId] : []}
        onInput={(e) => props.onChange({ text: (e.target as HTMLInputElement).value, person: null })}
        onOptionSelect={(_, d) => {
          const p = people.find((x) => x.aadObjectId === d.optionValue);
          if (p) props.onChange({ text: p.name, person: p });
        }}
        onBlur={resolve}
        onKeyDown={(e) => e.key === "Enter" && resolve()}
      >
        {people.map((p) => (
          <Option key={p.aadObjectId} value={p.aadObjectId} text={p.name}>
            <span className={s.option}>
              <span>{p.name}</span>
              {p.email && <Caption1 className={s.email}>{p.email}</Caption1>}
            </span>
          </Option>
        ))}
        {people.length === 0 && (
          <Option key="none" value="" text="" disabled>
            {state === "searching" ? t("peopleSearching") : t("peopleNone")}
          </Option>
        )}
      </Combobox>
    </Field>
  );
}
