import { useEffect, useState } from "react";

/**
 * Below this width the overview's ten columns do not fit (their narrowest widths add up to 1222 px):
 * a phone (390 px), a tablet (768 px) or a narrow Teams window gets the compact list instead, with no
 * sideways scrolling (Teams Store rule: the tab is fully responsive on mobile).
 */
export const COMPACT_QUERY = "(max-width: 1239px)";

/** Whether the media query matches now, following changes (a window resized, a phone turned). */
export function useMedia(query: string = COMPACT_QUERY): boolean {
  const get = () => typeof window !== "undefined" && typeof window.matchMedia === "function" && window.matchMedia(query).matches;
  const [matches, setMatches] = useState(get);
  useEffect(() => {
    if (typeof window.matchMedia !== "function") return;
    const list = window.matchMedia(query);
    const on = () => setMatches(list.matches);
    on();
    list.addEventListener("change", on);
    return () => list.removeEventListener("change", on);
  }, [query]);
  return matches;
}
