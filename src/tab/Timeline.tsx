import { makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { type ActivePhase, PHASES, type Phase, type Timeline as TimelineData } from "./api";
import { formatDate } from "./format";
import { useI18n } from "./context";
import { capitalised } from "./i18n";

const useStyles = makeStyles({
  bar: {
    position: "relative",
    display: "flex",
    width: "100%",
    height: "12px",
    gap: "2px",
    alignItems: "stretch",
  },
  large: { height: "20px" },
  seg: {
    position: "relative",
    flexGrow: 1,
    flexBasis: 0,
    minWidth: "4px",
    backgroundColor: tokens.colorNeutralBackground5,
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusSmall,
    overflow: "hidden",
  },
  done: { border: `1px solid ${tokens.colorBrandStroke1}` },
  // Half-strength brand: light purple in the default theme, grey between black and white in high contrast.
  doneFill: { width: "100%", opacity: 0.4 },
  current: { border: `1px solid ${tokens.colorBrandStroke1}` },
  fill: {
    position: "absolute",
    left: 0,
    top: 0,
    bottom: 0,
    backgroundColor: tokens.colorBrandBackground,
  },
  today: {
    position: "absolute",
    top: "-3px",
    bottom: "-3px",
    width: "2px",
    backgroundColor: tokens.colorPaletteRedBorder2,
    outline: `1px solid ${tokens.colorNeutralBackground1}`,
    zIndex: 1,
  },
  labels: {
    display: "flex",
    gap: "2px",
    marginTop: "4px",
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground2,
  },
  label: { flexGrow: 1, flexBasis: 0, overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" },
  labelCurrent: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground1 },
});

function ms(iso: string | undefined): number {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? NaN : t;
}

/** Where today falls along the bar (0..1, in the bar's weighted segments), or null if the dates are missing. */
function todayPosition(tl: TimelineData, weights: number[], now: number): number | null {
  const total = weights.reduce((a, b) => a + b, 0);
  if (!(total > 0)) return null;
  const first = ms(tl.preparation?.start);
  const last = ms(tl.closing?.end);
  if (Number.isNaN(first) || Number.isNaN(last)) return null;
  if (now <= first) return 0;
  if (now >= last) return 1;
  let acc = 0;
  for (let i = 0; i < PHASES.length; i++) {
    const span = tl[PHASES[i]!];
    const a = ms(span?.start);
    const b = ms(span?.end);
    const w = weights[i] ?? 0;
    if (!Number.isNaN(a) && !Number.isNaN(b) && now >= a && now <= b) {
      return (acc + (b > a ? ((now - a) / (b - a)) * w : 0)) / total;
    }
    if (!Number.isNaN(b) && now > b) acc += w;
  }
  return acc / total;
}

export function Timeline(props: {
  timeline: TimelineData;
  phase: Phase;
  progress: number;
  timeZone: string;
  large?: boolean;
  showLabels?: boolean;
}) {
  const s = useStyles();
  const { t } = useI18n();
  const { timeline, phase } = props;
  const progress = Math.min(1, Math.max(0, props.progress || 0));
  const currentIndex = phase === "closed" ? PHASES.length : PHASES.indexOf(phase as ActivePhase);
  const now = Date.now();
  const range = [formatDate(timeline.preparation?.start ?? "", props.timeZone), formatDate(timeline.closing?.end ?? "", props.timeZone)]
    .filter(Boolean)
    .join(" – ");
  const label =
    phase === "closed"
      ? t("tab.timelineClosedAria", { range })
      : t("tab.timelineAria", { phase: t(`phase.${phase}`), percent: Math.round(progress * 100), range });

  // Segment widths in proportion to each phase's length (equal if the dates are missing).
  const lengths = PHASES.map((p) => {
    const d = ms(timeline[p]?.end) - ms(timeline[p]?.start);
    return Number.isNaN(d) || d <= 0 ? 0 : d;
  });
  const sum = lengths.reduce((a, b) => a + b, 0);
  const weights = lengths.map((d) => (sum > 0 ? Math.max(d / sum, 0.06) : 0.25));
  const pos = todayPosition(timeline, weights, now);

  return (
    <div>
      <div role="img" aria-label={label} title={label} className={mergeClasses(s.bar, props.large && s.large)} data-testid="timeline">
        {PHASES.map((p, i) => (
          <div
            key={p}
            className={mergeClasses(s.seg, i < currentIndex && s.done, i === currentIndex && s.current)}
            style={{ flexGrow: weights[i] }}
          >
            {i < currentIndex && <div className={mergeClasses(s.fill, s.doneFill)} />}
            {i === currentIndex && <div className={s.fill} style={{ width: `${progress * 100}%` }} />}
          </div>
        ))}
        {pos !== null && <div className={s.today} style={{ left: `calc(${pos * 100}% - 1px)` }} aria-hidden="true" />}
      </div>
      {props.showLabels && (
        <div className={s.labels} aria-hidden="true">
          {PHASES.map((p, i) => (
            <span key={p} className={mergeClasses(s.label, i === currentIndex && s.labelCurrent)} style={{ flexGrow: weights[i] }}>
              {capitalised(t(`phase.${p}`))}
            </span>
          ))}
        </div>
      )}
    </div>
  );
}
