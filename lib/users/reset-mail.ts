/**
 * Mails a password reset link through the SMTP server in SMTP_URL (nodemailer: the
 * long-kept SMTP client for Node, with STARTTLS, SMTPS and auth from the URL, and no
 * native parts). Plain text only: the message is a link and two sentences.
 */
import nodemailer from "nodemailer";
import { ConfigError, getEnv, publicUrl } from "../env";

// A mail server that stops answering must not hold a request's after() work for minutes.
const CONNECT_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 30_000;

/** The From address: SMTP_FROM, else readahead at the public host. */
export function mailFrom(): string {
  return getEnv().SMTP_FROM ?? `readahead <no-reply@${new URL(publicUrl()).hostname}>`;
}

/** Sends the reset link for `handle` to `to`; throws on a refused or failed delivery. */
export async function sendResetMail(message: { to: string; url: string; handle: string; expiresAt: Date }): Promise<void> {
  const smtpUrl = getEnv().SMTP_URL;
  if (!smtpUrl) throw new ConfigError("SMTP_URL is not set: reset links can only be issued with `readahead users reset-link`");
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: CONNECT_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
  });
  try {
    await transport.sendMail({
      from: mailFrom(),
      to: message.to,
      subject: "Your readahead password reset link",
      text: [
        `Someone (we hope you) asked to reset the password of ${message.handle} on ${publicUrl()}.`,
        "",
        "Set a new password here (the link works once, for an hour):",
        "",
        message.url,
        "",
        "If you did not ask for this, ignore this mail: your password stays as it is.",
      ].join("\n"),
    });
  } finally {
    transport.close();
  }
}
