import { makeStyles } from "@fluentui/react-components";
import { api, CLOSING_REASONS, type ClosingReason, type OverviewRow } from "./api";
import { useI18n } from "./context";
import { ReasonDialog } from "./ReasonDialog";
import { refusalMessage } from "./refusal";

const useStyles = makeStyles({ surface: { maxWidth: "520px", width: "calc(100vw - 32px)" } });

/**
 * A coordinator opens the closing phase from the overview, with a reason: the pair then get the
 * evaluation in their chat and close the mentorship together (the closing use case on the server).
 */
export function CloseMentorshipDialog(props: { token: string; row: OverviewRow; onClose: () => void; onStarted: () => void }) {
  const { t } = useI18n();
  const s = useStyles();
  const { row } = props;
  const names = { mentee: row.menteeName, mentor: row.mentorName };
  return (
    <ReasonDialog<ClosingReason>
      reasons={CLOSING_REASONS}
      surfaceClassName={s.surface}
      onClose={props.onClose}
      send={async (reason) => {
        await api.startClosing(props.token, row.mentorshipId, reason);
        props.onStarted();
      }}
      refusal={(e) => refusalMessage(t, e, names)}
      texts={{
        title: t("tab.closing.title"),
        intro: t("tab.closing.intro", names),
        reason: t("tab.closing.reason"),
        chooseReason: t("tab.closing.chooseReason"),
        confirm: t("tab.closing.confirm"),
        working: t("tab.closing.working"),
        reasonLabel: (r) => t(`tab.closing.reason.${r as ClosingReason}`),
        ids: { dialog: "close-mentorship-dialog", group: "closing-reason", submit: "submit-closing", intro: "closing-intro" },
      }}
    />
  );
}
