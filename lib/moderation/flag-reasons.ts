/**
 * Flag reasons, as form values and as words. If you change a list, change the CHECK
 * "flags_reason_known" in the migrations too.
 */
export const COMMENT_FLAG_REASONS = ["off-topic", "unkind", "spam", "other"] as const;
export const ARTICLE_FLAG_REASONS = ["off-topic", "duplicate", "broken-link", "spam"] as const;

export type CommentFlagReason = (typeof COMMENT_FLAG_REASONS)[number];
export type ArticleFlagReason = (typeof ARTICLE_FLAG_REASONS)[number];
export type FlagReason = CommentFlagReason | ArticleFlagReason;

const LABELS: Record<FlagReason, string> = {
  "off-topic": "off-topic",
  unkind: "unkind",
  spam: "spam",
  other: "other",
  duplicate: "duplicate",
  "broken-link": "broken link",
};

/** The reason as people read it ("broken link"). */
export function flagReasonLabel(reason: string): string {
  return LABELS[reason as FlagReason] ?? reason;
}
