import {
  Body1,
  Button,
  Card,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  tokens,
} from "@fluentui/react-components";
import { useCallback, useEffect, useState } from "react";
import { ApiError, api, type Download, type ErasurePlan, type ErasureReport } from "./api";
import { type Session, useI18n } from "./context";
import { FormError } from "./DialogForm";
import { refusalMessage } from "./refusal";

const useStyles = makeStyles({
  wrap: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL, maxWidth: "720px" },
  card: { padding: tokens.spacingHorizontalL, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  buttons: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalM },
  p: { margin: 0 },
  heading: { margin: 0 },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  surface: { maxWidth: "560px", width: "calc(100vw - 32px)" },
  content: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
});

/** A calendar date (yyyy-mm-dd) as dd.mm.yyyy: it is a day, in no zone. */
const dayOf = (isoDate: string) => (/^\d{4}-\d{2}-\d{2}$/.test(isoDate) ? isoDate.split("-").reverse().join(".") : isoDate);

function save(file: Download): void {
  const url = URL.createObjectURL(file.blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = file.filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/**
 * Issue 13, "My data" (everyone): a download of everything the app holds about the signed-in
 * person — as data (JSON) and as a readable document in their language — and their erasure, after
 * a confirmation that says what happens (the journal at once, private answers and the personal chat
 * forgotten, the name replaced in shared texts, held mentorships kept and why).
 */
export function MyData(props: { session: Session }) {
  const { t, locale } = useI18n();
  const s = useStyles();
  const token = props.session.token;
  const [plan, setPlan] = useState<ErasurePlan | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
  const [busy, setBusy] = useState<"json" | "document" | null>(null);
  const [downloadFailed, setDownloadFailed] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [erased, setErased] = useState<ErasureReport | null>(null);

  const load = useCallback(async () => {
    try {
      setPlan((await api.myData(token)).plan);
      setLoadFailed(false);
    } catch {
      setLoadFailed(true);
    }
  }, [token]);
  useEffect(() => void load(), [load]);

  const fetchFile = async (which: "json" | "document") => {
    setBusy(which);
    setDownloadFailed(false);
    try {
      save(which === "json" ? await api.myDataJson(token) : await api.myDataDocument(token, locale));
    } catch {
      setDownloadFailed(true);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className={s.wrap}>
      <Text as="h2" size={600} weight="semibold">
        {t("tab.mydata.title")}
      </Text>
      <Body1 as="p" className={s.p}>
        {t("tab.mydata.intro")}
      </Body1>
      <Card className={s.card}>
        <div className={s.buttons}>
          <Button appearance="primary" data-testid="mydata-json" disabled={busy !== null} icon={busy === "json" ? <Spinner size="tiny" /> : undefined} onClick={() => void fetchFile("json")}>
            {t("tab.mydata.downloadJson")}
          </Button>
          <Button data-testid="mydata-document" disabled={busy !== null} icon={busy === "document" ? <Spinner size="tiny" /> : undefined} onClick={() => void fetchFile("document")}>
            {t("tab.mydata.downloadDocument")}
          </Button>
        </div>
        {downloadFailed && (
          <MessageBar intent="error">
            <MessageBarBody>{t("tab.mydata.downloadFailed")}</MessageBarBody>
          </MessageBar>
        )}
      </Card>
      <Card className={s.card}>
        <Text as="h3" size={500} weight="semibold" className={s.heading}>
          {t("tab.mydata.eraseTitle")}
        </Text>
        <Body1 as="p" className={s.p}>
          {t("tab.mydata.eraseIntro")}
        </Body1>
        {loadFailed && (
          <MessageBar intent="error">
            <MessageBarBody>{t("tab.mydata.loadFailed")}</MessageBarBody>
          </MessageBar>
        )}
        {erased ? (
          <MessageBar intent="success" data-testid="mydata-erased">
            <MessageBarBody>
              {t("tab.mydata.erased", { journal: erased.journalEntries, count: erased.pseudonymised })}
              {erased.held.length > 0 && (
                <>
                  {" "}
                  {t("tab.mydata.confirmHeld", { count: erased.held.length })}
                  <ul className={s.list}>
                    {erased.held.map((h) => (
                      <li key={h.mentorshipId}>{t("tab.mydata.heldItem", { unit: h.unit, date: dayOf(h.firstWorkingDay), reason: t(`rights.hold.${h.reason}`) })}</li>
                    ))}
                  </ul>
                </>
              )}
            </MessageBarBody>
          </MessageBar>
        ) : plan && plan.running > 0 ? (
          <>
            <MessageBar intent="info" data-testid="mydata-running">
              <MessageBarBody>
                {t("tab.mydata.running", { count: plan.running })}
                {plan.journal ? ` ${t("tab.mydata.runningJournal")}` : ""}
              </MessageBarBody>
            </MessageBar>
            {/* The journal goes at once even now (the server deletes it and refuses the rest). */}
            {plan.journal && (
              <div>
                <Button appearance="secondary" data-testid="mydata-erase" onClick={() => setConfirming(true)}>
                  {t("tab.mydata.erase")}
                </Button>
              </div>
            )}
          </>
        ) : (
          <div>
            <Button appearance="secondary" data-testid="mydata-erase" disabled={!plan} onClick={() => setConfirming(true)}>
              {t("tab.mydata.erase")}
            </Button>
          </div>
        )}
      </Card>
      {confirming && plan && (
        <EraseDialog
          token={token}
          plan={plan}
          onClose={() => setConfirming(false)}
          onErased={(r) => {
            setConfirming(false);
            setErased(r);
          }}
        />
      )}
    </div>
  );
}

function EraseDialog(props: { token: string; plan: ErasurePlan; onClose: () => void; onErased: (r: ErasureReport) => void }) {
  const { t } = useI18n();
  const s = useStyles();
  const { plan } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const erase = async () => {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      props.onErased((await api.eraseMyData(props.token)).report);
    } catch (e) {
      const journal = e instanceof ApiError ? Number(e.params?.["journal"] ?? 0) : 0;
      setError(e instanceof ApiError && e.code === "ERASURE_WHILE_RUNNING" ? `${journal > 0 ? `${t("tab.mydata.journalErasedNow", { count: journal })} ` : ""}${t("error.ERASURE_WHILE_RUNNING", { count: plan.running || 1 })}` : e instanceof ApiError && e.status >= 500 ? t("tab.mydata.eraseFailed") : refusalMessage(t, e));
      setBusy(false);
    }
  };

  return (
    <Dialog open onOpenChange={(_, d) => !d.open && !busy && props.onClose()}>
      <DialogSurface className={s.surface} data-testid="mydata-erase-dialog" aria-describedby="mydata-what">
        <DialogBody>
          <DialogTitle>{t("tab.mydata.confirmTitle")}</DialogTitle>
          <DialogContent className={s.content}>
            <Body1 as="p" id="mydata-what" className={s.p}>
              {t("tab.mydata.whatHappens")}
            </Body1>
            <ul className={s.list} data-testid="mydata-consequences">
              {plan.journal && <li>{t("tab.mydata.confirmJournal")}</li>}
              <li>{t("tab.mydata.confirmPrivate", { count: plan.privateAnswers })}</li>
              {plan.pseudonymised > 0 && <li>{t("tab.mydata.confirmPseudonym", { count: plan.pseudonymised })}</li>}
              {plan.held.length > 0 && (
                <li data-testid="mydata-held">
                  {t("tab.mydata.confirmHeld", { count: plan.held.length })}
                  <ul className={s.list}>
                    {plan.held.map((h) => (
                      <li key={h.mentorshipId}>{t("tab.mydata.heldItem", { unit: h.unit, date: dayOf(h.firstWorkingDay), reason: t(`rights.hold.${h.reason}`) })}</li>
                    ))}
                  </ul>
                </li>
              )}
              <li>{t("tab.mydata.confirmAudit")}</li>
            </ul>
            <FormError message={error} />
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={props.onClose} disabled={busy}>
              {t("tab.cancel")}
            </Button>
            <Button appearance="primary" data-testid="mydata-confirm" disabledFocusable={busy} icon={busy ? <Spinner size="tiny" /> : undefined} onClick={() => void erase()}>
              {t("tab.mydata.confirm")}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
