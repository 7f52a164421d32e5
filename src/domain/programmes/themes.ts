/**
 * The example themes / learning goals the agenda card suggests (seed 002 p. 9: "håndtering af
 * myndighedsrollen, vidensbaseret praksis, håndtering af vanskelige borgere"; seed 004: the
 * quality system's routines and procedures, ethics, priorities among the tasks and organising the
 * working day, "hva som er godt nok"). A coordinator's programme starts from a copy of these.
 */
import type { Localised } from "./policy";

export const KLDS_THEMES: readonly Localised[] = [
  { da: "Håndtering af myndighedsrollen", nb: "Å håndtere myndighetsrollen", en: "Handling the role of public authority" },
  { da: "Vidensbaseret praksis", nb: "Kunnskapsbasert praksis", en: "Knowledge-based practice" },
  { da: "Håndtering af vanskelige borgere", nb: "Å håndtere vanskelige borgere", en: "Handling difficult citizens" },
  { da: "Dilemmaer i en konkret sag", nb: "Dilemmaer i en konkret sak", en: "Dilemmas in a specific case" },
];

export const KRISTIANSAND_THEMES: readonly Localised[] = [
  { da: "Rutiner og procedurer i kvalitetssystemet", nb: "Rutiner og prosedyrer i kvalitetssystemet", en: "Routines and procedures in the quality system" },
  { da: "Etik i plejen", nb: "Etikk i pleien", en: "Ethics in care" },
  { da: "Prioritering af arbejdsopgaver og arbejdsdagen", nb: "Prioritering av arbeidsoppgaver og arbeidsdagen", en: "Prioritising tasks and organising the working day" },
  { da: "Hvad der er \"godt nok\"", nb: "Hva som er \"godt nok\"", en: "What is \"good enough\"" },
];
