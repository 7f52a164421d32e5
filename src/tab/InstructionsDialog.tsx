import { Body1, Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, makeStyles, tokens } from "@fluentui/react-components";
import { ChatInstructions } from "./ChatInstructions";
import { useI18n } from "./context";

const useStyles = makeStyles({
  content: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  p: { margin: 0 },
});

/** From the "Waiting for chat" badge or the row's menu: the instructions again. */
export function InstructionsDialog(props: { mentee: string; mentor: string; onClose: () => void }) {
  const { t } = useI18n();
  const s = useStyles();
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && props.onClose()}>
      <DialogSurface aria-describedby="instructions-intro" data-testid="instructions-dialog">
        <DialogBody>
          <DialogTitle>{t("tab.awaitingTitle")}</DialogTitle>
          <DialogContent className={s.content}>
            <Body1 as="p" id="instructions-intro" className={s.p}>
              {t("tab.awaitingIntro", { mentee: props.mentee, mentor: props.mentor })}
            </Body1>
            <ChatInstructions mentee={props.mentee} mentor={props.mentor} forCoordinator />
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={props.onClose}>
              {t("tab.close")}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
