import { Badge, Button, Card, makeStyles, MessageBar, MessageBarBody, Spinner, Text, tokens } from "@fluentui/react-components";
import { useEffect, useState } from "react";
import { api, type LocalUser } from "./api";
import { useI18n } from "./context";

const useStyles = makeStyles({
  card: { maxWidth: "520px", margin: "32px auto", padding: tokens.spacingHorizontalXL },
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  button: { width: "100%", justifyContent: "space-between" },
});

/** Local mode: "Sign in as…" one of the server's mock users, then a short-lived local token. */
export function Picker(props: { onToken: (token: string) => Promise<void> }) {
  const { t } = useI18n();
  const s = useStyles();
  const [users, setUsers] = useState<LocalUser[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    api.localUsers().then(setUsers, () => setError(t("tab.noLocalUsers")));
  }, [t]);

  const pick = async (u: LocalUser) => {
    setBusy(u.aadObjectId);
    setError(null);
    try {
      const { token } = await api.localToken(u.aadObjectId);
      await props.onToken(token);
    } catch (e) {
      setError(t("tab.error", { message: e instanceof Error ? e.message : String(e) }));
      setBusy(null);
    }
  };

  return (
    <Card className={s.card} aria-labelledby="picker-title">
      <Text as="h2" size={500} weight="semibold" id="picker-title">
        {t("tab.signInTitle")}
      </Text>
      <Text>{t("tab.signInIntro")}</Text>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {!users && !error && <Spinner size="small" label={t("tab.loading")} />}
      {users && (
        <ul className={s.list} data-testid="local-users">
          {users.map((u) => (
            <li key={u.aadObjectId}>
              <Button
                className={s.button}
                appearance={u.isCoordinator ? "primary" : "secondary"}
                disabled={busy !== null}
                aria-describedby="picker-title"
                onClick={() => void pick(u)}
                data-user={u.name}
              >
                <span>{u.name}</span>
                {u.isCoordinator && (
                  <Badge appearance="tint" color="informative">
                    {t("tab.coordinator")}
                  </Badge>
                )}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
