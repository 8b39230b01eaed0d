"use client";

import { useEffect } from "react";

/**
 * `j` / `k` move focus to the next / previous article of the page's list (its
 * title link), like a feed reader. Ignored while typing in a field or with a
 * modifier held, so it never steals a shortcut.
 */
export function KeyboardNav() {
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.key !== "j" && e.key !== "k") return;
      if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      const target = e.target as HTMLElement | null;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      const links = Array.from(document.querySelectorAll<HTMLAnchorElement>("[data-article-list] [data-article-link]"));
      if (links.length === 0) return;
      const current = links.findIndex((l) => l === document.activeElement || l.closest("li")?.contains(document.activeElement));
      const next = current === -1 ? (e.key === "j" ? 0 : links.length - 1) : Math.min(links.length - 1, Math.max(0, current + (e.key === "j" ? 1 : -1)));
      e.preventDefault();
      links[next]!.focus();
      links[next]!.closest("li")?.scrollIntoView({ block: "nearest" });
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return null;
}
