import { Button, Menu, MenuItem, MenuList, MenuPopover, MenuTrigger, useRestoreFocusTarget } from "@fluentui/react-components";
import type { OverviewRow } from "./api";
import { useI18n } from "./context";

export interface RowActionHandlers {
  setPaused: (row: OverviewRow, paused: boolean) => void;
  changeMentor: (row: OverviewRow) => void;
  instructions: (row: OverviewRow) => void;
  close: (row: OverviewRow) => void;
  /** Issue 12: name or change the leader; the contact person and the introduction. */
  changeLeader: (row: OverviewRow) => void;
  introduction: (row: OverviewRow) => void;
}

/** "More actions" (three dots) without an icon package: the glyph is decoration, the label says it. */
function MoreIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" focusable="false">
      <circle cx="4.5" cy="10" r="1.5" />
      <circle cx="10" cy="10" r="1.5" />
      <circle cx="15.5" cy="10" r="1.5" />
    </svg>
  );
}

/** A row's actions menu: pause or resume, change mentor, close (with a reason), and the chat instructions while the pair has no chat. */
export function RowActions(props: { row: OverviewRow; actions: RowActionHandlers; /** A phone: a 44 px touch target. */ touch?: boolean }) {
  const { t } = useI18n();
  const { row, actions } = props;
  // Focus comes back here when a dialog opened from the menu closes.
  const restoreFocus = useRestoreFocusTarget();
  const closed = row.phase === "closed";
  return (
    <Menu positioning="below-end">
      <MenuTrigger>
        <Button
          appearance="subtle"
          size={props.touch ? "medium" : "small"}
          style={props.touch ? { minWidth: "44px", minHeight: "44px" } : undefined}
          icon={<MoreIcon />}
          aria-label={t("tab.moreActions", { mentee: row.menteeName })}
          title={t("tab.moreActions", { mentee: row.menteeName })}
          data-testid="row-actions"
          {...restoreFocus}
        />
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {row.paused ? (
            <MenuItem onClick={() => actions.setPaused(row, false)} data-testid="action-resume">
              {t("tab.actionResume")}
            </MenuItem>
          ) : (
            <MenuItem onClick={() => actions.setPaused(row, true)} disabled={closed} data-testid="action-pause">
              {t("tab.actionPause")}
            </MenuItem>
          )}
          <MenuItem onClick={() => actions.changeMentor(row)} disabled={closed} data-testid="action-change-mentor">
            {t("tab.actionChangeMentor")}
          </MenuItem>
          <MenuItem onClick={() => actions.changeLeader(row)} disabled={closed} data-testid="action-change-leader">
            {t("tab.actionChangeLeader")}
          </MenuItem>
          <MenuItem onClick={() => actions.introduction(row)} disabled={closed} data-testid="action-introduction">
            {t("tab.actionIntroduction")}
          </MenuItem>
          <MenuItem onClick={() => actions.close(row)} disabled={closed || row.phase === "closing"} data-testid="action-close">
            {t("tab.closing.action")}
          </MenuItem>
          {row.awaitingChat && (
            <MenuItem onClick={() => actions.instructions(row)} data-testid="action-instructions">
              {t("tab.actionInstructions")}
            </MenuItem>
          )}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
