import {
  Body1,
  Button,
  Caption1,
  makeStyles,
  Text,
  tokens,
} from "@fluentui/react-components";
import { useState } from "react";
import { useI18n } from "./context";
import type { Translate } from "./i18n";

const useStyles = makeStyles({
  box: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  steps: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  copyRow: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM, flexWrap: "wrap" },
  status: { color: tokens.colorNeutralForeground2 },
});

const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? name;

/** The three steps a pair takes when the app did not (or could not) create their chat. */
export function instructionSteps(t: Translate, mentee: string, mentor: string): string[] {
  return [t("tab.instrStep1", { menteeFirst: firstName(mentee), mentorFirst: firstName(mentor) }), t("tab.instrStep2"), t("tab.instrStep3")];
}

/** The text the coordinator passes on (the copy button puts it on the clipboard). */
export function instructionsText(t: Translate, mentee: string, mentor: string): string {
  return [t("tab.instrTo", { mentee, mentor }), "", ...instructionSteps(t, mentee, mentor).map((step, i) => `${i + 1}. ${step}`)].join("\n");
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Teams may not grant clipboard-write to the tab's frame: the old way still works there.
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    let done = false;
    try {
      done = document.execCommand("copy");
    } catch {
      done = false;
    }
    area.remove();
    return done;
  }
}

/**
 * The steps, with both names. For the coordinator (`forCoordinator`) they are addressed to the pair
 * ("To Niels and Mette:") and can be copied; for the pair themselves they are shown as they are.
 */
export function ChatInstructions(props: { mentee: string; mentor: string; forCoordinator?: boolean }) {
  const { t } = useI18n();
  const s = useStyles();
  const [copied, setCopied] = useState<"" | "ok" | "failed">("");
  const steps = instructionSteps(t, props.mentee, props.mentor);
  return (
    <div className={s.box} data-testid="chat-instructions">
      {props.forCoordinator && <Text weight="semibold">{t("tab.instrTo", { mentee: props.mentee, mentor: props.mentor })}</Text>}
      <ol className={s.steps}>
        {steps.map((step) => (
          <li key={step}>
            <Body1>{step}</Body1>
          </li>
        ))}
      </ol>
      {props.forCoordinator && (
        <div className={s.copyRow}>
          <Button
            size="small"
            data-testid="copy-instructions"
            onClick={() => void copyText(instructionsText(t, props.mentee, props.mentor)).then((ok) => setCopied(ok ? "ok" : "failed"))}
          >
            {t("tab.copyInstructions")}
          </Button>
          <Caption1 className={s.status} role="status" data-testid="copy-status">
            {copied === "ok" ? t("tab.copied") : copied === "failed" ? t("tab.copyFailed") : ""}
          </Caption1>
        </div>
      )}
    </div>
  );
}
