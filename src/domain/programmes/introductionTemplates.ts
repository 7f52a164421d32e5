/**
 * The built-in programmes' introduction schemes (seed 002 pp. 5–9 for KL/DS; seed 004's training
 * shifts, quality system and checklist for Kristiansand). The labels keep the seeds' own words
 * (da from 002, nb from 004) with a plain rendering in the other languages. A mentorship copies
 * the template when its introduction starts, so a later change here reaches only new introductions.
 */
import type { IntroductionTemplate } from "../introduction";

/**
 * KL/DS (seed 002): "Hvilke praktiske forhold skal være på plads (IT, password, kontor osv.)?", the
 * "videnspersoner og tjekliste", the learning activities "følordning, sidemandsoplæring, træning,
 * møder", status meetings of contact person and new hire, and the closing talk of new hire, contact
 * person and leader after "omkring 3 måneder" (week 12), which also agrees the start of the mentor scheme.
 */
export const KLDS_INTRODUCTION: IntroductionTemplate = {
  checklist: [
    { key: "firstDay", label: { da: "Modtagelsen på den første arbejdsdag er planlagt", nb: "Mottakelsen den første arbeidsdagen er planlagt", en: "The welcome on the first working day is planned" } },
    { key: "it", label: { da: "IT: computer, telefon og de systemer, der bruges", nb: "IT: datamaskin, telefon og systemene som brukes", en: "IT: computer, phone and the systems in use" } },
    { key: "password", label: { da: "Password og adgang til systemerne", nb: "Passord og tilgang til systemene", en: "Password and access to the systems" } },
    { key: "office", label: { da: "Kontor og arbejdsplads", nb: "Kontor og arbeidsplass", en: "Office and desk" } },
    { key: "access", label: { da: "Adgangskort", nb: "Adgangskort", en: "Access card" } },
    { key: "keys", label: { da: "Nøgler", nb: "Nøkler", en: "Keys" } },
    { key: "knowledgePersons", label: { da: "Hvem er videnspersonerne (hvem ved hvad)", nb: "Hvem er kunnskapspersonene («videnspersoner»: hvem vet hva)", en: "Who the knowledge persons are (who knows what)" } },
    { key: "learningGoals", label: { da: "Læringsmål for den første tid aftalt med kontaktperson og leder", nb: "Læringsmål for den første tiden avtalt med kontaktperson og leder", en: "Learning goals for the first months agreed with the contact person and the leader" } },
  ],
  schedule: [
    { key: "startMeeting", who: "contact", week: 1, label: { da: "Opstartsmøde og forventningsafstemning", nb: "Oppstartsmøte og avklaring av forventninger", en: "Start-up meeting: agreeing expectations" } },
    { key: "shadowing", who: "colleague", week: 1, label: { da: "Følordning: følg en erfaren kollega i arbejdet", nb: "Følgeordning: følg en erfaren kollega i arbeidet", en: "Shadowing: follow an experienced colleague at work" } },
    { key: "sideBySide", who: "contact", week: 2, label: { da: "Sidemandsoplæring i systemer og værktøjer", nb: "Sidemannsopplæring i systemer og verktøy", en: "Side-by-side training in the systems and tools" } },
    { key: "training", who: "colleague", week: 3, label: { da: "Træning: lovgivning og metoder for dine opgaver", nb: "Trening: lovverk og metoder for dine oppgaver", en: "Training: the law and methods of your tasks" } },
    { key: "status1", who: "contact", week: 4, label: { da: "Statusmøde med kontaktpersonen", nb: "Statusmøte med kontaktpersonen", en: "Status meeting with the contact person" } },
    { key: "status2", who: "contact", week: 8, label: { da: "Statusmøde med kontaktpersonen", nb: "Statusmøte med kontaktpersonen", en: "Status meeting with the contact person" } },
    { key: "closingTalk", who: "leader", week: 12, label: { da: "Afslutningssamtale med kontaktperson og leder: evaluering og evt. opstart af mentorordning", nb: "Avslutningssamtale med kontaktperson og leder: evaluering og ev. oppstart av mentorordning", en: "Closing talk with the contact person and the leader: evaluation and the start of the mentor scheme" } },
  ],
  statusAgenda: [
    { da: "Hvordan går det?", nb: "Hvordan går det?", en: "How is it going?" },
    { da: "Læringsmålene: hvor langt er du?", nb: "Læringsmålene: hvor langt har du kommet?", en: "The learning goals: how far have you come?" },
    { da: "Aktiviteter siden sidst, og de næste", nb: "Aktiviteter siden sist, og de neste", en: "Activities since last time, and the next ones" },
    { da: "Tjeklisten: hvad mangler?", nb: "Sjekklisten: hva mangler?", en: "The checklist: what is missing?" },
    { da: "Hvem skal inddrages (videnspersoner)?", nb: "Hvem skal trekkes inn (kunnskapspersoner)?", en: "Whom to involve (knowledge persons)?" },
    { da: "Aftaler til næste statusmøde", nb: "Avtaler til neste statusmøte", en: "Agreed until the next status meeting" },
  ],
  closingTalkWeek: 12,
};

/**
 * Kristiansand (seed 004): before the start the information about the unit and the follow-up plan
 * ("plan for oppfølging utfyllt med personalia, datoer for opplæringsvakter"); the first day with the
 * mentor; the training shifts with the quality system's routines and the checklist/training plan; the
 * needs to follow up after the training shifts; the first regular shift. The seed names no closing talk
 * of its own: the introduction closes at week 6, the end of the weekly talks (weeks 3–6).
 */
export const KRISTIANSAND_INTRODUCTION: IntroductionTemplate = {
  checklist: [
    { key: "unitInfo", label: { da: "Information om enheden er sendt", nb: "Informasjon om enheten er sendt", en: "Information about the unit has been sent" } },
    { key: "followUpPlan", label: { da: "Plan for opfølgning udfyldt: personalia, datoer for oplæringsvagter, første mentorsamtale", nb: "Plan for oppfølging utfylt: personalia, datoer for opplæringsvakter, første mentorsamtale", en: "Follow-up plan filled in: personal details, dates of the training shifts, the first mentor talk" } },
    { key: "qualitySystem", label: { da: "Virksomhedens rutiner og procedurer i kvalitetssystemet gennemgået", nb: "Virksomhetens rutiner/prosedyrer i kvalitetssystemet gjennomgått", en: "The unit's routines and procedures in the quality system gone through" } },
    { key: "trainingPlan", label: { da: "Tjekliste/oplæringsplan for nyansatte gennemgået", nb: "Sjekkliste/opplæringsplan for nyansatte gjennomgått", en: "The checklist / training plan for new staff gone through" } },
    { key: "needs", label: { da: "Dit behov kortlagt: hvad skal følges op efter oplæringsvagterne", nb: "Ditt behov kartlagt: hva må følges opp videre etter opplæringsvaktene", en: "Your needs mapped: what to follow up after the training shifts" } },
  ],
  schedule: [
    { key: "firstDay", who: "mentor", week: 1, label: { da: "Første dag: deltag i opgaver sammen med mentor", nb: "Første dag: delta i oppgaver sammen med mentor", en: "First day: take part in tasks with the mentor" } },
    { key: "trainingShifts", who: "contact", week: 1, label: { da: "Oplæringsvagter", nb: "Opplæringsvakter", en: "Training shifts" } },
    { key: "qualityRoutines", who: "contact", week: 1, label: { da: "Bliv kendt med rutiner og procedurer i kvalitetssystemet", nb: "Bli kjent med virksomhetens rutiner/prosedyrer i kvalitetssystemet", en: "Get to know the routines and procedures in the quality system" } },
    { key: "mapNeeds", who: "contact", week: 2, label: { da: "Kortlæg sammen dit behov for videre opfølgning", nb: "Samarbeid om å kartlegge ditt behov for videre oppfølging", en: "Map together what needs following up" } },
    { key: "firstRegularShift", who: "colleague", week: 2, label: { da: "Første ordinære vagt: tryghed og oplæring i opgaverne for din rolle, og 7-vagten", nb: "Første ordinære vakt: trygging og opplæring i oppgaver for din rolle på omsorgssenteret, og 7-vakta", en: "First regular shift: confidence and training in the tasks of your role, and the 7 o'clock shift" } },
    { key: "status", who: "contact", week: 4, label: { da: "Statusmøde med kontaktpersonen", nb: "Statusmøte med kontaktpersonen", en: "Status meeting with the contact person" } },
  ],
  statusAgenda: [
    { da: "Hvordan gik oplæringsvagterne?", nb: "Hvordan gikk opplæringsvaktene?", en: "How did the training shifts go?" },
    { da: "Rutinerne i kvalitetssystemet: hvad er gennemgået, hvad mangler?", nb: "Rutinene i kvalitetssystemet: hva er gjennomgått, hva gjenstår?", en: "The quality system's routines: what is done, what is left?" },
    { da: "Tjeklisten/oplæringsplanen: hvad mangler?", nb: "Sjekklisten/opplæringsplanen: hva mangler?", en: "The checklist / training plan: what is missing?" },
    { da: "Hvad skal følges op videre?", nb: "Hva må følges opp videre?", en: "What needs following up?" },
  ],
  closingTalkWeek: 6,
};
