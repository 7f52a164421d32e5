// "My staff" (issue 12): a leader's new hires — phase, dates, the leader's own talks, the
// introduction's progress as a count and the mentor's recommendations where the new hire consented.
// The server sends nothing the pair wrote; this page has nowhere to show it either.
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
  shorthands,
  Spinner,
  Text,
  tokens,
} from "@fluentui/react-components";
import { useCallback, useEffect, useState } from "react";
import { api, type StaffRow, type StaffTalk } from "./api";
import { type Session, useI18n } from "./context";
import { FormError } from "./DialogForm";
import { formatDate, formatDateTime } from "./format";
import { capitalised } from "./i18n";
import { refusalMessage } from "./refusal";
import { Timeline } from "./Timeline";

const useStyles = makeStyles({
  wrap: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL, maxWidth: "1100px", minWidth: 0 },
  // min(100%, …): one column on a phone, never wider than the screen.
  grid: { display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(min(100%, 340px), 1fr))", gap: tokens.spacingHorizontalL },
  card: { padding: tokens.spacingHorizontalL, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, minWidth: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
  p: { margin: 0, overflowWrap: "anywhere" },
  h3: { margin: 0, overflowWrap: "anywhere" },
  h4: { margin: 0, marginTop: tokens.spacingVerticalS },
  talks: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  talk: { display: "flex", flexWrap: "wrap", columnGap: tokens.spacingHorizontalS, rowGap: "2px", alignItems: "baseline" },
  talkName: { fontWeight: tokens.fontWeightSemibold },
  status: {
    paddingLeft: tokens.spacingHorizontalS,
    paddingRight: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    ...shorthands.border(tokens.strokeWidthThin, "solid", tokens.colorNeutralStroke1),
    fontSize: tokens.fontSizeBase200,
  },
  held: { backgroundColor: tokens.colorPaletteGreenBackground1, color: tokens.colorPaletteGreenForeground1, ...shorthands.borderColor(tokens.colorPaletteGreenBorder1) },
  recommendations: { whiteSpace: "pre-wrap", margin: 0, padding: tokens.spacingHorizontalM, backgroundColor: tokens.colorNeutralBackground3, ...shorthands.border(tokens.strokeWidthThin, "solid", tokens.colorNeutralStroke2), borderRadius: tokens.borderRadiusMedium, overflowWrap: "anywhere" },
  actions: { marginTop: "auto", paddingTop: tokens.spacingVerticalS, display: "flex", flexDirection: "column", alignItems: "flex-start", gap: tokens.spacingVerticalS },
  askButton: { maxWidth: "100%", whiteSpace: "normal", textAlign: "start" },
  surface: { maxWidth: "520px", width: "calc(100vw - 32px)" },
});

const KNOWN_TALKS = ["probation14d", "probation2m", "probation4to5m", "developmentTalk", "introductionClosing"] as const;
type KnownTalk = (typeof KNOWN_TALKS)[number];
const isKnown = (k: string): k is KnownTalk => (KNOWN_TALKS as readonly string[]).includes(k);

function TalkItem(props: { talk: StaffTalk; timeZone: string }) {
  const { t, locale } = useI18n();
  const s = useStyles();
  const { talk } = props;
  const name = talk.label?.[locale] || (isKnown(talk.key) ? t(`tab.staff.talk.${talk.key}`) : t("tab.staff.talk.other"));
  const from = formatDate(talk.from, "UTC");
  const to = formatDate(talk.to, "UTC");
  return (
    <li className={s.talk} data-testid="staff-talk" data-status={talk.status}>
      <span className={s.talkName}>{name}</span>
      <span className={s.muted}>{from === to ? from : t("tab.staff.talkDue", { from, to })}</span>
      <span className={`${s.status} ${talk.status === "held" ? s.held : ""}`}>{t(`tab.staff.talkStatus.${talk.status}`)}</span>
      {talk.bookedStartUtc && <span className={s.muted}>{t("tab.staff.talkBooked", { when: formatDateTime(talk.bookedStartUtc, props.timeZone) })}</span>}
    </li>
  );
}

function AskChangeDialog(props: { token: string; row: StaffRow; onClose: () => void; onAsked: () => void }) {
  const { t } = useI18n();
  const s = useStyles();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const send = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.requestMentorChange(props.token, props.row.mentorshipId);
      props.onAsked();
    } catch (e) {
      setError(refusalMessage(t, e, { mentee: props.row.menteeName, mentor: props.row.mentorName }));
      setBusy(false);
    }
  };
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && !busy && props.onClose()}>
      <DialogSurface className={s.surface} data-testid="ask-change-dialog" aria-describedby="ask-change-explain">
        <DialogBody>
          <DialogTitle>{t("tab.staff.askChangeTitle", { mentee: props.row.menteeName })}</DialogTitle>
          <DialogContent>
            <Body1 as="p" id="ask-change-explain" className={s.p}>
              {t("tab.staff.askChangeExplain")}
            </Body1>
            <FormError message={error} />
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={props.onClose} disabled={busy}>
              {t("tab.cancel")}
            </Button>
            <Button appearance="primary" onClick={() => void send()} disabledFocusable={busy} data-testid="confirm-ask-change" icon={busy ? <Spinner size="tiny" /> : undefined}>
              {busy ? t("tab.staff.askChangeSending") : t("tab.staff.askChangeSend")}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function StaffCard(props: { row: StaffRow; onAsk: (row: StaffRow) => void }) {
  const { t } = useI18n();
  const s = useStyles();
  const { row } = props;
  const zone = row.timeZone;
  const span = row.phase === "closed" ? null : row.timeline[row.phase];
  const held = row.talks.filter((x) => x.status === "held").length;
  const headingId = `staff-${row.mentorshipId}`;
  return (
    <Card className={s.card} data-testid="staff-row" role="region" aria-labelledby={headingId}>
      <Text as="h3" size={500} weight="semibold" className={s.h3} id={headingId}>
        {row.menteeName}
      </Text>
      <Body1 as="p" className={`${s.p} ${s.muted}`}>
        {t("tab.staff.mentor", { name: row.mentorName })} · {t("tab.staff.unit", { unit: row.unit })}
      </Body1>
      <Body1 as="p" className={s.p} data-testid="staff-phase">
        {span
          ? t("tab.staff.phase", { phase: capitalised(t(`phase.${row.phase}`)), from: formatDate(span.start, zone), to: formatDate(span.end, zone) })
          : capitalised(t(`phase.${row.phase}`))}
      </Body1>
      <Timeline timeline={row.timeline} phase={row.phase} progress={row.phaseProgress} timeZone={zone} />
      <Body1 as="p" className={s.p}>
        {t("tab.staff.firstDay", { date: formatDate(row.firstWorkingDay, "UTC") })}
      </Body1>
      <Body1 as="p" className={s.p} data-testid="staff-meetings">
        {t("tab.staff.meetings", { held: row.meetingsHeld, planned: row.meetingsPlanned })}
        {row.nextMeetingUtc && (
          <>
            <br />
            {t("tab.staff.nextMeeting", { when: formatDateTime(row.nextMeetingUtc, zone) })}
          </>
        )}
      </Body1>
      {row.introduction && row.introduction.total > 0 && (
        <Body1 as="p" className={s.p} data-testid="staff-introduction">
          {t(row.introduction.closed ? "tab.staff.introductionClosed" : "tab.staff.introduction", { done: row.introduction.done, total: row.introduction.total })}
        </Body1>
      )}
      {row.talks.length > 0 && (
        <>
          <Text as="h4" size={300} weight="semibold" className={s.h4}>
            {t("tab.staff.talks")} <span className={s.muted}>({t("tab.staff.talksCount", { held, total: row.talks.length })})</span>
          </Text>
          <ul className={s.talks}>
            {row.talks.map((talk) => (
              <TalkItem key={talk.key} talk={talk} timeZone={zone} />
            ))}
          </ul>
        </>
      )}
      {row.recommendations && (
        <>
          <Text as="h4" size={300} weight="semibold" className={s.h4}>
            {t("tab.staff.recommendations")}
          </Text>
          <p className={s.recommendations} data-testid="staff-recommendations">
            {row.recommendations}
          </p>
        </>
      )}
      <div className={s.actions}>
        {row.mentorChangeRequestedAt ? (
          <Body1 as="p" className={`${s.p} ${s.muted}`} data-testid="asked-change">
            {t("tab.staff.askedChange", { date: formatDate(row.mentorChangeRequestedAt, zone) })}
          </Body1>
        ) : (
          row.phase !== "closed" && (
            <Button className={s.askButton} onClick={() => props.onAsk(row)} data-testid="ask-change">
              {t("tab.staff.askChange")}
            </Button>
          )
        )}
      </div>
    </Card>
  );
}

export function MyStaff(props: { session: Session }) {
  const { t } = useI18n();
  const s = useStyles();
  const { token } = props.session;
  const [rows, setRows] = useState<StaffRow[] | null>(null);
  const [openAppHint, setOpenAppHint] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [asking, setAsking] = useState<StaffRow | null>(null);
  const load = useCallback(async () => {
    try {
      const answer = await api.staff(token);
      setRows(answer.staff);
      setOpenAppHint(answer.openAppHint === true);
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, [token]);
  useEffect(() => void load(), [load]);

  return (
    <div className={s.wrap} data-testid="my-staff">
      <Text as="h2" size={600} weight="semibold">
        {t("tab.staff.title")}
      </Text>
      <Body1 as="p" className={`${s.p} ${s.muted}`}>
        {t("tab.staff.intro")}
      </Body1>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{t("tab.error", { message: error })}</MessageBarBody>
        </MessageBar>
      )}
      {openAppHint && (
        <MessageBar intent="warning" data-testid="staff-open-app">
          <MessageBarBody>{t("tab.staff.openApp")}</MessageBarBody>
        </MessageBar>
      )}
      {!rows && !error && <Spinner label={t("tab.loading")} />}
      {rows && rows.length === 0 && <Body1 data-testid="staff-empty">{t("tab.staff.empty")}</Body1>}
      {rows && rows.length > 0 && (
        <div className={s.grid}>
          {rows.map((row) => (
            <StaffCard key={row.mentorshipId} row={row} onAsk={setAsking} />
          ))}
        </div>
      )}
      {asking && (
        <AskChangeDialog
          token={token}
          row={asking}
          onClose={() => setAsking(null)}
          onAsked={() => {
            setAsking(null);
            void load();
          }}
        />
      )}
    </div>
  );
}
