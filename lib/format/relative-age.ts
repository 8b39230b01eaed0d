/**
 * Compact relative age as the reference page shows it: "just now", "5m", "3h",
 * "3d", "524d" (days keep counting; readers of news care about days, not months).
 */
export function formatRelativeAge(date: Date, now: Date = new Date()): string {
  const seconds = Math.floor((now.getTime() - date.getTime()) / 1000);
  if (seconds < 60) return "just now";
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}
