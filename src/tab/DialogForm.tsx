// The parts every form dialog of the tab ends with: an announced error under the form, and
// Cancel beside a submit button that says what it is doing while the request runs.
import { Button, DialogActions, makeStyles, MessageBar, MessageBarBody, Spinner } from "@fluentui/react-components";
import { useI18n } from "./context";

const useStyles = makeStyles({ nowrap: { whiteSpace: "nowrap" } });

export function FormError(props: { message: string | null | undefined }) {
  return (
    <div aria-live="assertive">
      {props.message && (
        <MessageBar intent="error" data-testid="form-error">
          <MessageBarBody>{props.message}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}

export function FormActions(props: { busy: boolean; onCancel: () => void; label: string; busyLabel: string; testId: string }) {
  const { t } = useI18n();
  const s = useStyles();
  return (
    <DialogActions>
      <Button appearance="secondary" onClick={props.onCancel} disabled={props.busy}>
        {t("tab.cancel")}
      </Button>
      <Button appearance="primary" type="submit" className={s.nowrap} disabledFocusable={props.busy} data-testid={props.testId} icon={props.busy ? <Spinner size="tiny" /> : undefined}>
        {props.busy ? props.busyLabel : props.label}
      </Button>
    </DialogActions>
  );
}
