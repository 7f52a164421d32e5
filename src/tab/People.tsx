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
  /** Issue 12: an optional person (the leader at creation), with its own hint. */
  optional?: boolean;
  hint?: string;
}) {
  const { t } = useI18n();
  const s = useStyles();
  const [people, setPeople] = useState<Person[]>([]);
  const [state, setState] = useState<"idle" | "searching" | "error">("idle");
  const { text, person } = props.value;
  const query = text.trim();
  const latest = useRef<Person[]>([]);
  const input = useRef<HTMLInputElement | null>(null);
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;

  /** The one person whose e-mail (or whole name) is exactly what was typed, if there is one. */
  const exactMatch = (list: Person[], typed: string): Person | undefined => {
    const q = typed.toLocaleLowerCase();
    const hits = q ? list.filter((p) => p.email.toLocaleLowerCase() === q || p.name.toLocaleLowerCase() === q) : [];
    return hits.length === 1 ? hits[0] : undefined;
  };

  useEffect(() => {
    const ctl = new AbortController();
    setState("searching");
    const h = setTimeout(() => {
      api.people(props.token, query, ctl.signal).then(
        (r) => {
          latest.current = r.people;
          setPeople(r.people);
          setState("idle");
          // Typed a whole address and moved on before the answer came: that person, now.
          const hit = document.activeElement !== input.current && !person ? exactMatch(r.people, query) : undefined;
          if (hit) onChange.current({ text: hit.name, person: hit });
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
    // `person` is left out on purpose: choosing someone changes the text, which runs this again.
  }, [props.token, query]);

  // An exact name or e-mail typed in full counts as choosing that person.
  const resolve = () => {
    if (person || !query) return;
    const hit = exactMatch(latest.current, query);
    if (hit) props.onChange({ text: hit.name, person: hit });
  };

  const setInput = (el: HTMLInputElement | null) => {
    input.current = el;
    const outer = props.inputRef;
    if (typeof outer === "function") outer(el);
    else if (outer) (outer as React.MutableRefObject<HTMLInputElement | null>).current = el;
  };

  // With a message on the field the hint gives way, so a screen reader reads one thing.
  const hint = props.validationMessage ? undefined : state === "error" ? t("tab.peopleError") : (props.hint ?? t("tab.personHint"));
  return (
    <Field label={props.label} required={!props.optional} hint={hint} validationMessage={props.validationMessage} validationState={props.validationMessage ? "error" : "none"}>
      <Combobox
        className={s.combo}
        freeform
        autoComplete="off"
        ref={setInput}
        data-testid={props.testId}
        placeholder={t("tab.personPlaceholder")}
        value={text}
        selectedOptions={person ? [person.aadObjectId] : []}
        onInput={(e) => props.onChange({ text: (e.target as HTMLInputElement).value, person: null })}
        onOptionSelect={(ev, d) => {
          const p = people.find((x) => x.aadObjectId === d.optionValue);
          if (!p) return;
          // Tab or Enter picks the list's active option; while the list still answers an earlier,
          // shorter text it may be someone else entirely. A click is always what was meant.
          const typed = query.toLocaleLowerCase();
          const fits = !typed || p.name.toLocaleLowerCase().includes(typed) || p.email.toLocaleLowerCase().includes(typed);
          if (ev.type !== "click" && !person && !fits) return;
          props.onChange({ text: p.name, person: p });
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
            {state === "searching" ? t("tab.peopleSearching") : t("tab.peopleNone")}
          </Option>
        )}
      </Combobox>
    </Field>
  );
}
