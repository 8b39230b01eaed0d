/**
 * Every rate limit in one table, so the numbers are reviewed together.
 *
 * | policy          | key            | limit | window | why                                                        |
 * |-----------------|----------------|-------|--------|------------------------------------------------------------|
 * | login-address   | client address | 20    | 15 min | every password check from one address, successes included: |
 * |                 |                |       |        | spraying many accounts, and the cap on argon2 CPU; above 5 |
 * |                 |                |       |        | so a shared office/NAT address can log several people in   |
 * | login-acct-addr | email+address  | 5     | 15 min | guessing at one account from one address; a stranger's     |
 * |                 |                |       |        | failures never lock the owner out from the owner's address |
 * | login-account   | email, from    | 20    | 1 h    | guessing at one account from many addresses (a botnet);    |
 * |                 | new addresses  |       |        | addresses the account logged in or signed up from in the   |
 * |                 |                |       |        | last 30 days (login-known) are neither counted nor refused |
 * | signup-address  | client address | 5     | 1 h    | account farming for vote rings; a household signs up fewer |
 * | comment         | member         | 60    | 1 h    | flooding threads; one a minute is far above real use       |
 * | comment-new     | member < 3 d   | 10    | 1 h    | fresh accounts are where spam comes from                   |
 * | comment-edit    | member         | 60    | 1 h    | each edit re-renders a thread and is counted even when     |
 * |                 |                |       |        | refused, so a loop of edits is cut off; typo fixes are few |
 * | comment-delete  | member         | 30    | 1 h    | the same for deletes; a member deletes far fewer than this |
 * | vote            | member         | 120   | 10 min | scripted voting; reading a whole front page is ~30 votes   |
 * | vote-new        | member < 3 d   | 30    | 10 min | fresh accounts are how vote rings are built                |
 * | search-address  | client address | 30    | 1 min  | each search the page store cannot answer runs a ranked     |
 * |                 |                |       |        | full-text query (up to WEB_STATEMENT_TIMEOUT_MS); a reader |
 * |                 |                |       |        | types and pages far fewer than one every two seconds       |
 * | password-check  | member         | 5     | 15 min | the current password asked on /me/settings (to change it   |
 * |                 |                |       |        | or delete the account): a stolen session must not become a |
 * |                 |                |       |        | password oracle; like login-acct-addr, a success refunds   |
 * | reset-address   | client address | 5     | 1 h    | "email me a reset link" posts: mail bombing and probing     |
 * | reset-account   | email typed    | 3     | 1 h    | links mailed to one address, whether or not it has an       |
 * |                 |                |       |        | account (so the limit itself reveals nothing); past it the  |
 * |                 |                |       |        | form answers as always and sends nothing                    |
 *
 * Login attempts are charged before the password is checked (so concurrent guesses
 * all count). A successful login refunds only the account's own charges
 * (login-acct-addr, login-account), never login-address: an attacker who logs into
 * their own account between guesses would otherwise check passwords without limit.
 * So the per-account limits count failures (members who log in often are never
 * locked out by them) and login-address counts every attempt. A stranger who fills
 * login-account locks the owner out only from addresses the account has not used.
 *
 * Windows are fixed (they reset at `resetAt`), counted in rate_limit_buckets so
 * every app process shares them.
 */

export interface RatePolicy {
  /** Key prefix in rate_limit_buckets. */
  name: string;
  limit: number;
  windowSec: number;
}

/** Accounts younger than this get the "-new" policies. */
export const NEW_ACCOUNT_AGE_MS = 3 * 24 * 3_600_000;

export const LOGIN_PER_ACCOUNT_ADDRESS: RatePolicy = { name: "login-acct-addr", limit: 5, windowSec: 15 * 60 };
export const LOGIN_PER_ACCOUNT: RatePolicy = { name: "login-account", limit: 20, windowSec: 60 * 60 };
/** Not a limit: a bucket that exists while an address is known for an account (see verifyLogin). */
export const LOGIN_KNOWN_ADDRESS: RatePolicy = { name: "login-known", limit: 1, windowSec: 30 * 24 * 3600 };
export const LOGIN_PER_ADDRESS: RatePolicy = { name: "login-address", limit: 20, windowSec: 15 * 60 };
export const SIGNUP_PER_ADDRESS: RatePolicy = { name: "signup-address", limit: 5, windowSec: 60 * 60 };
export const COMMENTS_PER_MEMBER: RatePolicy = { name: "comment", limit: 60, windowSec: 60 * 60 };
export const COMMENTS_PER_NEW_MEMBER: RatePolicy = { name: "comment-new", limit: 10, windowSec: 60 * 60 };
export const COMMENT_EDITS_PER_MEMBER: RatePolicy = { name: "comment-edit", limit: 60, windowSec: 60 * 60 };
export const COMMENT_DELETES_PER_MEMBER: RatePolicy = { name: "comment-delete", limit: 30, windowSec: 60 * 60 };
export const VOTES_PER_MEMBER: RatePolicy = { name: "vote", limit: 120, windowSec: 10 * 60 };
export const VOTES_PER_NEW_MEMBER: RatePolicy = { name: "vote-new", limit: 30, windowSec: 10 * 60 };
export const PASSWORD_CHECKS_PER_MEMBER: RatePolicy = { name: "password-check", limit: 5, windowSec: 15 * 60 };
export const RESET_REQUESTS_PER_ADDRESS: RatePolicy = { name: "reset-address", limit: 5, windowSec: 60 * 60 };
export const RESET_REQUESTS_PER_ACCOUNT: RatePolicy = { name: "reset-account", limit: 3, windowSec: 60 * 60 };
export const SEARCH_PER_ADDRESS: RatePolicy = { name: "search-address", limit: 30, windowSec: 60 };

/** Whether an account created at `createdAt` still counts as new at `now`. */
export function isNewAccount(createdAt: Date, now: Date = new Date()): boolean {
  return now.getTime() - createdAt.getTime() < NEW_ACCOUNT_AGE_MS;
}

/** The comment policy for a member. */
export function commentPolicyFor(user: { createdAt: Date }, now?: Date): RatePolicy {
  return isNewAccount(user.createdAt, now) ? COMMENTS_PER_NEW_MEMBER : COMMENTS_PER_MEMBER;
}

/** The vote policy for a member. */
export function votePolicyFor(user: { createdAt: Date }, now?: Date): RatePolicy {
  return isNewAccount(user.createdAt, now) ? VOTES_PER_NEW_MEMBER : VOTES_PER_MEMBER;
}
