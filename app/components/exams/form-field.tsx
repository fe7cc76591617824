/** A labelled form control with its error underneath, tied together for screen readers. */
import type { ReactNode } from "react";

export function fieldId(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

export function FieldError({ name, error }: { name: string; error?: string }) {
  if (!error) return null;
  return (
    <p className="field-error" id={`${fieldId(name)}-error`}>
      {error}
    </p>
  );
}

/** Props for the control inside a Field: its id, and the error it is described by. */
export function controlProps(name: string, error?: string) {
  return {
    id: fieldId(name),
    name,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? `${fieldId(name)}-error` : undefined,
  };
}

export function Field({ name, label, error, hint, children }: { name: string; label: string; error?: string; hint?: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={fieldId(name)}>{label}</label>
      {children}
      {hint ? <p className="muted hint">{hint}</p> : null}
      <FieldError name={name} error={error} />
    </div>
  );
}
