import type { InputHTMLAttributes, ReactNode } from "react";

/** The text input of the account forms (log in, sign up, settings, reset). */
export const INPUT = "mt-1 block w-full rounded border border-neutral-300 bg-transparent px-2 py-1 dark:border-neutral-700";

/** A field's errors, named by the input's aria-describedby. */
export function FieldErrors({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <p id={id} className="mt-1 text-sm text-red-700 dark:text-red-400" data-field-error>
      {errors.join(" ")}
    </p>
  );
}

/**
 * A label around its input, then the field's errors, which the input names with
 * aria-describedby so a screen reader reads them with it. `spaced` for every field but a
 * form's first. Other props go on the <input>.
 */
export function LabelledField({
  label,
  errorId,
  errors,
  spaced = false,
  ...input
}: {
  label: ReactNode;
  errorId: string;
  errors?: string[];
  spaced?: boolean;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "className" | "aria-describedby">) {
  return (
    <>
      <label className={spaced ? "mt-3 block text-sm" : "block text-sm"}>
        {label}
        <input {...input} className={INPUT} aria-describedby={errorId} />
      </label>
      <FieldErrors id={errorId} errors={errors} />
    </>
  );
}
