import {
  Body1,
  Card,
  Dropdown,
  Field,
  Link,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Option,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from "@fluentui/react-components";
import { useEffect, useState } from "react";
import { api, type Download, type FormerMentorship, type MyMentorship as Mine } from "./api";
import { ChatInstructions } from "./ChatInstructions";
import { type Session, useI18n } from "./context";
import { capitalised } from "./i18n";
import { formatDate, formatDateTime } from "./format";
import { Timeline } from "./Timeline";

const useStyles = makeStyles({
  wrap: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL, maxWidth: "960px" },
  card: { padding: tokens.spacingHorizontalL },
  grid: { display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(320px, 1fr))", gap: tokens.spacingHorizontalL },
  goal: { whiteSpace: "pre-wrap" },
  goalLabel: { fontWeight: tokens.fontWeightSemibold, marginTop: tokens.spacingVerticalS },
  muted: { color: tokens.colorNeutralForeground3 },
  documents: { display: "flex", flexDirection: "column", alignItems: "flex-start", gap: tokens.spacingVerticalS, marginTop: tokens.spacingVerticalS },
});

/** Saves a downloaded file the way the overview's CSV export does: a link to the blob, clicked once. */
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
 * The pair's Word copies (issue 11, item 6): the agreed agreement, and the evaluation once both
 * confirmed it. The token goes in a header, so a plain link cannot fetch them: a click downloads.
 */
function Documents(props: { m: Mine; token: string }) {
  const { t } = useI18n();
  const s = useStyles();
  const [busy, setBusy] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const { m, token } = props;
  const agreed = m.agreedVersion ?? null;
  const fetchFile = async (key: string, run: () => Promise<Download>) => {
    setBusy(key);
    setFailed(false);
    try {
      save(await run());
    } catch {
      setFailed(true);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Card className={s.card} data-testid="documents" role="region" aria-labelledby="documents-title">
      <Text as="h3" size={400} weight="semibold" id="documents-title">
        {t("tab.my.documents")}
      </Text>
      {agreed === null ? (
        <Body1 className={s.muted}>{t("tab.my.noDocuments")}</Body1>
      ) : (
        <>
          <Body1 className={s.muted}>{t("tab.my.documentsIntro")}</Body1>
          <div className={s.documents}>
            <Link as="button" data-testid="agreement-docx" disabled={busy !== null} onClick={() => void fetchFile("agreement", () => api.agreementDocx(token, m.mentorshipId, agreed))}>
              {t("tab.my.agreementDocx", { version: agreed })}
            </Link>
            {m.evaluationFinished && (
              <Link as="button" data-testid="evaluation-docx" disabled={busy !== null} onClick={() => void fetchFile("evaluation", () => api.evaluationDocx(token, m.mentorshipId))}>
                {t("tab.my.evaluationDocx")}
              </Link>
            )}
          </div>
        </>
      )}
      {busy && <Spinner size="tiny" label={t("tab.loading")} />}
      {failed && (
        <MessageBar intent="error">
          <MessageBarBody>{t("tab.my.downloadFailed")}</MessageBarBody>
        </MessageBar>
      )}
    </Card>
  );
}

export function MyMentorship(props: { session: Session }) {
  const { t } = useI18n();
  const s = useStyles();
  const [data, setData] = useState<Mine[] | null>(null);
  const [formerly, setFormerly] = useState<FormerMentorship[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string>("");

  useEffect(() => {
    api.my(props.session.token).then(
      (r) => {
        setData(r.mentorships);
        setFormerly(r.formerly ?? []);
        setSelected(r.mentorships[0]?.mentorshipId ?? "");
      },
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, [props.session.token]);

  if (error)
    return (
      <MessageBar intent="error">
        <MessageBarBody>{t("tab.error", { message: error })}</MessageBarBody>
      </MessageBar>
    );
  if (!data) return <Spinner label={t("tab.loading")} />;
  // A former mentor (after a change of mentor) is told whose mentor they were and until when; the history stays with the mentorship.
  const former =
    formerly.length > 0 ? (
      <Card className={s.card} data-testid="former-mentorships" role="region" aria-labelledby="former-title">
        <Text as="h3" size={400} weight="semibold" id="former-title">
          {t("tab.formerTitle")}
        </Text>
        {formerly.map((f, i) => (
          <Body1 key={i}>{t("tab.formerMentor", { mentee: f.menteeName, date: formatDate(f.until, f.timeZone) })}</Body1>
        ))}
      </Card>
    ) : null;
  if (data.length === 0)
    return former ? <section className={s.wrap} data-testid="my-mentorship">{former}</section> : <Body1>{t("tab.noMentorships")}</Body1>;

  const m = data.find((x) => x.mentorshipId === selected) ?? data[0]!;
  const zone = m.timeZone;
  const progress = phaseProgress(m);

  return (
    <section className={s.wrap} aria-labelledby="my-title" data-testid="my-mentorship">
      <Text as="h2" size={600} weight="semibold" id="my-title">
        {t("tab.myTitle")}
      </Text>
      {data.length > 1 && (
        <Field label={t("tab.pickMentee")}>
          <Dropdown
            data-testid="pick-mentee"
            value={m.otherName}
            selectedOptions={[m.mentorshipId]}
            onOptionSelect={(_, d) => setSelected(d.optionValue ?? "")}
            style={{ maxWidth: "320px" }}
          >
            {data.map((x) => (
              <Option key={x.mentorshipId} value={x.mentorshipId}>
                {x.otherName}
              </Option>
            ))}
          </Dropdown>
        </Field>
      )}
      <Card className={s.card}>
        <Text as="h3" size={400} weight="semibold" data-testid="other-party">
          {m.role === "mentee" ? t("tab.withMentor", { name: m.otherName }) : t("tab.withMentee", { name: m.otherName })}
        </Text>
        <Body1>
          {t(`programme.${m.programme}.short`)} · {capitalised(t(`phase.${m.phase}`))}
        </Body1>
        <Timeline timeline={m.timeline} phase={m.phase} progress={progress} timeZone={zone} large showLabels />
      </Card>
      {former}
      {m.awaitingChat && (
        <Card className={s.card} data-testid="awaiting-chat" role="region" aria-labelledby="awaiting-title">
          <Text as="h3" size={400} weight="semibold" id="awaiting-title">
            {t("tab.myAwaitingTitle")}
          </Text>
          <Body1>{t("tab.myAwaitingIntro", { other: m.otherName })}</Body1>
          <ChatInstructions
            mentee={m.role === "mentee" ? props.session.name : m.otherName}
            mentor={m.role === "mentor" ? props.session.name : m.otherName}
          />
        </Card>
      )}
      <div className={s.grid}>
        <Card className={s.card} data-testid="learning-goals">
          <Text as="h3" size={400} weight="semibold">
            {t("tab.learningGoals")}
          </Text>
          {!m.learningGoals.shortTerm && !m.learningGoals.longTerm ? (
            <Body1 className={s.muted}>{t("tab.noGoals")}</Body1>
          ) : (
            <>
              <Body1 className={s.goalLabel}>{t("tab.shortTerm")}</Body1>
              <Body1 className={s.goal}>{m.learningGoals.shortTerm || t("tab.none")}</Body1>
              <Body1 className={s.goalLabel}>{t("tab.longTerm")}</Body1>
              <Body1 className={s.goal}>{m.learningGoals.longTerm || t("tab.none")}</Body1>
            </>
          )}
        </Card>
        <Card className={s.card} data-testid="upcoming">
          <Text as="h3" size={400} weight="semibold" id="upcoming-title">
            {t("tab.upcoming")}
          </Text>
          {m.upcoming.length === 0 ? (
            <Body1 className={s.muted}>{t("tab.noUpcoming")}</Body1>
          ) : (
            <Table size="small" aria-labelledby="upcoming-title">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{t("tab.date")}</TableHeaderCell>
                  <TableHeaderCell>{t("tab.duration")}</TableHeaderCell>
                  <TableHeaderCell>{t("tab.join")}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {m.upcoming.map((u) => {
                  const when = formatDateTime(u.startUtc, zone);
                  return (
                    <TableRow key={u.startUtc}>
                      <TableCell>{when}</TableCell>
                      <TableCell>{t("tab.minutes", { minutes: u.minutes })}</TableCell>
                      <TableCell>
                        {u.joinUrl ? (
                          <Link href={u.joinUrl} target="_blank" rel="noopener noreferrer" aria-label={t("tab.joinAria", { date: when })}>
                            {t("tab.join")}
                          </Link>
                        ) : (
                          <span className={s.muted}>{t("tab.none")}</span>
                        )}
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          )}
        </Card>
      </div>
      <Card className={s.card} data-testid="held">
        <Text as="h3" size={400} weight="semibold" id="held-title">
          {t("tab.held")}
        </Text>
        {m.held.length === 0 ? (
          <Body1 className={s.muted}>{t("tab.noHeld")}</Body1>
        ) : (
          <Table size="small" aria-labelledby="held-title">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t("tab.date")}</TableHeaderCell>
                <TableHeaderCell>{t("tab.theme")}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {m.held.map((h) => (
                <TableRow key={h.startUtc}>
                  <TableCell>{formatDate(h.startUtc, zone)}</TableCell>
                  <TableCell>{h.theme}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Card>
      {!m.awaitingChat && <Documents key={m.mentorshipId} m={m} token={props.session.token} />}
    </section>
  );
}

/** The /my API has no phaseProgress: work it out from the current phase's dates. */
function phaseProgress(m: Mine): number {
  if (m.phase === "closed") return 1;
  const span = m.timeline[m.phase];
  const a = Date.parse(span?.start ?? "");
  const b = Date.parse(span?.end ?? "");
  if (Number.isNaN(a) || Number.isNaN(b) || b <= a) return 0;
  return Math.min(1, Math.max(0, (Date.now() - a) / (b - a)));
}
