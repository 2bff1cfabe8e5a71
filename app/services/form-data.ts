// HTML forms send flat names; the pages name their fields by path ("weights.cost",
// "shippingLines.0.days") so that zod's error paths point back at the field that caused them.

type Tree = { [key: string]: Tree | string } | Array<Tree | string>;

/** Form fields with dotted names as nested objects; numeric segments make arrays. Files are left out. */
export function formToObject(form: FormData): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value !== "string") continue;
    const path = name.split(".");
    let node: Record<string, unknown> | unknown[] = root;
    path.forEach((segment, i) => {
      const last = i === path.length - 1;
      const key: string | number = Array.isArray(node) ? Number(segment) : segment;
      const container = node as Record<string | number, unknown>;
      if (last) {
        container[key] = value;
        return;
      }
      container[key] ??= /^\d+$/.test(path[i + 1]) ? [] : {};
      node = container[key] as Tree;
    });
  }
  return root;
}

/** zod issue paths as the form's field names. */
export function fieldErrorsOf(issues: readonly { path: (string | number)[]; message: string }[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) errors[issue.path.join(".")] ??= issue.message;
  return errors;
}
