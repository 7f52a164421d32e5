// The server refused a mentor who is the mentee's own leader (LEADER_AS_MENTOR). KL/DS advise against
// it (seed 002), but it is the coordinator's call: the advice is shown, and ticking the box sends the
// request again with confirmLeader.
import { Checkbox, Field, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, tokens } from "@fluentui/react-components";
import { type RefObject, useEffect } from "react";
import { useI18n } from "./context";

const useStyles = makeStyles({
  box: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  body: { display: "block" },
});

export function LeaderWarning(props: {
  mentor: string;
  mentee: string;
  confirmed: boolean;
  onConfirm: (confirmed: boolean) => void;
  /** Shown when the coordinator submits again without ticking the box. */
  error?: string | undefined;
  inputRef?: RefObject<HTMLInputElement | null>;
  /** Issue 12: the same advice for a contact person who is the new hire's leader (LEADER_AS_CONTACT). */
  as?: "mentor" | "contact";
}) {
  const { t } = useI18n();
  const s = useStyles();
  const { inputRef } = props;
  // Shown in answer to a submit: the coordinator's next step is the confirmation, so it gets the focus.
  useEffect(() => inputRef?.current?.focus(), [inputRef]);
  return (
    <div className={s.box} data-testid="leader-warning">
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody className={s.body}>
          <MessageBarTitle>{props.as === "contact" ? t("tab.leaderAsContactTitle", { contact: props.mentor, mentee: props.mentee }) : t("tab.leaderWarningTitle", { mentor: props.mentor, mentee: props.mentee })}</MessageBarTitle>{" "}
          {t("tab.leaderWarning")}
        </MessageBarBody>
      </MessageBar>
      <Field validationMessage={props.error} validationState={props.error ? "error" : "none"}>
        <Checkbox
          data-testid="confirm-leader"
          ref={props.inputRef}
          checked={props.confirmed}
          onChange={(_, d) => props.onConfirm(d.checked === true)}
          label={props.as === "contact" ? t("tab.leaderContactConfirm", { contact: props.mentor }) : t("tab.leaderConfirm", { mentor: props.mentor })}
        />
      </Field>
    </div>
  );
}
