import { createContext, useContext } from "react";
import { type Locale, translator, type Translate } from "./i18n";

export interface I18n {
  locale: Locale;
  t: Translate;
}

export const I18nContext = createContext<I18n>({ locale: "da", t: translator("da") });
export const useI18n = () => useContext(I18nContext);

export interface Session {
  token: string;
  name: string;
  aadObjectId: string;
  isCoordinator: boolean;
  /** Leads at least one mentorship: "My staff" is offered. */
  isLeader?: boolean;
  /** Issue 13: is (or was) a mentee: "My journal" is offered. */
  isMentee?: boolean;
}
