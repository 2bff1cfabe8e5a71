import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  FormLayout,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { RouteError } from "../components/route-error";
import { CARRIER_TABS, SectionTabs } from "../components/section-tabs";
import { db } from "../db.server";
import { MODES, PRIORITIES } from "../domain/carriers/catalog";
import type { MerchantSettings } from "../domain/carriers/recommend";
import { adminContext } from "../services/admin-context.server";
import { addRule, removeRule, saveCarrierSettings, settingsPage, type SaveSettingsResult } from "../services/carriers.server";
import { fieldErrorsOf, formToObject } from "../services/form-data";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await adminContext(request);
  return settingsPage(db(), shop);
};

const number = z
  .string()
  .trim()
  .min(1, "Enter a number")
  .refine((value) => Number.isFinite(Number(value)), "Enter a number")
  .transform(Number);

const shippingLine = z.object({
  contains: z.string().trim().default(""),
  days: z.string().trim().default(""),
  priority: z.enum(["", ...PRIORITIES]).default(""),
});
const blank = (line: z.infer<typeof shippingLine>) => line.contains === "" && line.days === "";

const SaveForm = z.object({
  intent: z.literal("save"),
  weights: z.object({ cost: number, onTime: number, reliability: number, damage: number }),
  fragileDamageFactor: number,
  defaultPromiseDays: number,
  reversePromiseDays: number,
  locale: z.string().trim().min(2, "Use a locale such as en-US"),
  shippingLines: z
    .array(shippingLine)
    .default([])
    .superRefine((lines, ctx) =>
      lines.forEach((line, i) => {
        if (blank(line)) return;
        if (line.contains === "")
          ctx.addIssue({ code: "custom", path: [i, "contains"], message: "Say which shipping lines this row is for" });
        if (line.days === "" || !Number.isFinite(Number(line.days)))
          ctx.addIssue({ code: "custom", path: [i, "days"], message: "Enter a number of days" });
      }),
    ),
});

const RuleForm = z
  .object({
    intent: z.literal("add-rule"),
    when: z.enum(["always", "cod", "prepaid", "fragile", "not-fragile", "min-value", "country", "region", "tag"]),
    whenValue: z.string().trim().default(""),
    then: z.enum(["exclude_carrier", "prefer_carrier", "require_mode", "min_priority"]),
    thenValue: z.string().trim().min(1, "Choose what the rule does"),
  })
  .superRefine((form, ctx) => {
    if (["min-value", "country", "region", "tag"].includes(form.when) && form.whenValue === "") {
      ctx.addIssue({ code: "custom", path: ["whenValue"], message: "Fill in the condition" });
    }
  })
  .transform((form) => {
    const value = form.whenValue;
    const when =
      form.when === "cod"
        ? { cod: true }
        : form.when === "prepaid"
        ? { cod: false }
        : form.when === "fragile"
        ? { fragile: true }
        : form.when === "not-fragile"
        ? { fragile: false }
        : form.when === "min-value"
        ? { minOrderValue: Number(value) }
        : form.when === "country"
        ? { country: value.toUpperCase() }
        : form.when === "region"
        ? (([country, region]) => ({ country: country?.toUpperCase(), region: region?.toUpperCase() }))(value.split("-"))
        : form.when === "tag"
        ? { tag: value }
        : {};
    const then =
      form.then === "require_mode"
        ? { kind: form.then, mode: form.thenValue }
        : form.then === "min_priority"
        ? { kind: form.then, priority: form.thenValue }
        : { kind: form.then, carrierId: form.thenValue };
    return { when, then };
  });

const RemoveForm = z.object({ intent: z.literal("remove-rule"), id: z.string().min(1) });

type Result = SaveSettingsResult | { ok: false; fieldErrors: Record<string, string> };

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, actor } = await adminContext(request);
  const form = formToObject(await request.formData());
  const answer = (result: Result, intent: string) => data({ ...result, intent }, { status: result.ok ? 200 : 422 });
  if (form.intent === "remove-rule") {
    const parsed = RemoveForm.safeParse(form);
    if (!parsed.success) return answer({ ok: false, fieldErrors: fieldErrorsOf(parsed.error.issues) }, "remove-rule");
    return answer(await removeRule(db(), shop, parsed.data.id, actor), "remove-rule");
  }
  if (form.intent === "add-rule") {
    const parsed = RuleForm.safeParse(form);
    if (!parsed.success) return answer({ ok: false, fieldErrors: fieldErrorsOf(parsed.error.issues) }, "add-rule");
    const saved = await addRule(db(), shop, parsed.data as never, actor);
    return answer(saved.ok ? saved : { ok: false, fieldErrors: ruleErrors(saved.fieldErrors) }, "add-rule");
  }
  const parsed = SaveForm.safeParse(form);
  if (!parsed.success) return answer({ ok: false, fieldErrors: fieldErrorsOf(parsed.error.issues) }, "save");
  // Blank rows are left out; the engine's errors are mapped back to the rows on the page.
  const kept = parsed.data.shippingLines.map((line, i) => ({ line, i })).filter(({ line }) => !blank(line));
  const { settings } = await settingsPage(db(), shop);
  const saved = await saveCarrierSettings(
    db(),
    shop,
    {
      ...settings,
      weights: parsed.data.weights,
      fragileDamageFactor: parsed.data.fragileDamageFactor,
      defaultPromiseDays: parsed.data.defaultPromiseDays,
      reversePromiseDays: parsed.data.reversePromiseDays,
      locale: parsed.data.locale,
      shippingLines: kept.map(({ line }) => ({ contains: line.contains, days: Number(line.days), priority: line.priority || null })),
    },
    actor,
  );
  if (saved.ok) return answer(saved, "save");
  const fieldErrors = Object.fromEntries(
    Object.entries(saved.fieldErrors).map(([path, message]) => {
      const match = /^shippingLines\.(\d+)\.(.*)$/.exec(path);
      return [match ? `shippingLines.${kept[Number(match[1])]?.i ?? match[1]}.${match[2]}` : path, message];
    }),
  );
  return answer({ ok: false, fieldErrors }, "save");
};

/** The engine names a new rule's fields by its place in the list; the add-rule form has one of each. */
function ruleErrors(errors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    const field = /\.then\./.test(path) ? "thenValue" : /\.when\./.test(path) ? "whenValue" : "rule";
    out[field] ??= message;
  }
  return out;
}

const PRIORITY_OPTIONS = [
  { label: "Any", value: "" },
  ...PRIORITIES.map((p) => ({ label: p === "same_day" ? "Same day" : p.charAt(0).toUpperCase() + p.slice(1), value: p })),
];

const WHEN_OPTIONS = [
  { label: "Every shipment", value: "always" },
  { label: "Cash on delivery", value: "cod" },
  { label: "Prepaid", value: "prepaid" },
  { label: "Fragile", value: "fragile" },
  { label: "Not fragile", value: "not-fragile" },
  { label: "Order value at least", value: "min-value" },
  { label: "Country", value: "country" },
  { label: "Region (e.g. US-CA)", value: "region" },
  { label: "Order tag", value: "tag" },
];

const THEN_OPTIONS = [
  { label: "Never use carrier", value: "exclude_carrier" },
  { label: "Prefer carrier", value: "prefer_carrier" },
  { label: "Only mode", value: "require_mode" },
  { label: "At least priority", value: "min_priority" },
];

/** The form's text for stored settings, with two blank shipping-line rows to add to. */
function draftOf(settings: MerchantSettings) {
  return {
    weights: {
      cost: String(settings.weights.cost),
      onTime: String(settings.weights.onTime),
      reliability: String(settings.weights.reliability),
      damage: String(settings.weights.damage),
    },
    fragileDamageFactor: String(settings.fragileDamageFactor),
    defaultPromiseDays: String(settings.defaultPromiseDays),
    reversePromiseDays: String(settings.reversePromiseDays),
    locale: settings.locale,
    shippingLines: [
      ...settings.shippingLines.map((line) => ({ contains: line.contains, days: String(line.days), priority: line.priority ?? "" })),
      { contains: "", days: "", priority: "" },
      { contains: "", days: "", priority: "" },
    ],
  };
}

export default function CarrierSettings() {
  const { settings, rules, carriers, hasCatalog } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = result && !result.ok ? result.fieldErrors : {};
  const saving = navigation.state === "submitting";

  const [draft, setDraft] = useState(() => draftOf(settings));
  const [rule, setRule] = useState({ when: "always", whenValue: "", then: "exclude_carrier", thenValue: carriers[0]?.id ?? "" });
  // A successful save shows what is stored now, with fresh blank rows.
  useEffect(() => {
    if (result?.ok) setDraft(draftOf(settings));
  }, [result, settings]);

  const thenChoices =
    rule.then === "require_mode"
      ? MODES.map((mode) => ({ label: mode, value: mode }))
      : rule.then === "min_priority"
      ? PRIORITIES.map((priority) => ({ label: priority.replace("_", " "), value: priority }))
      : carriers.map((carrier) => ({ label: carrier.name, value: carrier.id }));

  return (
    <Page>
      <TitleBar title="Carriers" />
      <BlockStack gap="400">
        <SectionTabs tabs={CARRIER_TABS} />
        {result?.ok ? <Banner tone="success" title="Settings saved" /> : null}
        {result && !result.ok ? (
          <Banner tone="critical" title="Nothing was saved">
            <p>Fix the fields marked below.</p>
          </Banner>
        ) : null}
        <Form method="post">
          <input type="hidden" name="intent" value="save" />
          <Layout>
            <Layout.AnnotatedSection
              title="Scoring"
              description="Every option that can take a parcel is scored from its chance of arriving on time, its reliability, its damage risk and what it costs over the cheapest. A weight of 3 on on-time says one point of on-time probability is worth 3 % more shipping cost."
            >
              <Card>
                <FormLayout>
                  <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
                    {(
                      [
                        ["cost", "Cost"],
                        ["onTime", "On time"],
                        ["reliability", "Reliability"],
                        ["damage", "Damage"],
                      ] as const
                    ).map(([key, label]) => (
                      <TextField
                        key={key}
                        label={label}
                        name={`weights.${key}`}
                        type="number"
                        min={0}
                        step={0.5}
                        autoComplete="off"
                        value={draft.weights[key]}
                        onChange={(value) => setDraft({ ...draft, weights: { ...draft.weights, [key]: value } })}
                        error={errors[`weights.${key}`]}
                      />
                    ))}
                  </InlineGrid>
                  <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
                    <TextField
                      label="Fragile parcels weigh damage this many times"
                      name="fragileDamageFactor"
                      type="number"
                      min={1}
                      autoComplete="off"
                      value={draft.fragileDamageFactor}
                      onChange={(value) => setDraft({ ...draft, fragileDamageFactor: value })}
                      error={errors.fragileDamageFactor}
                    />
                    <TextField
                      label="Locale for money in reasons"
                      name="locale"
                      autoComplete="off"
                      value={draft.locale}
                      onChange={(value) => setDraft({ ...draft, locale: value })}
                      error={errors.locale}
                    />
                  </InlineGrid>
                </FormLayout>
              </Card>
            </Layout.AnnotatedSection>
            <Layout.AnnotatedSection
              title="Promises"
              description="The shipping line the customer paid for sets the promise: the first row whose text its title contains wins, and may ask for a priority. Orders without one get the default."
            >
              <Card>
                <FormLayout>
                  <InlineGrid columns={2} gap="300">
                    <TextField
                      label="Default promise (days)"
                      name="defaultPromiseDays"
                      type="number"
                      min={0}
                      autoComplete="off"
                      value={draft.defaultPromiseDays}
                      onChange={(value) => setDraft({ ...draft, defaultPromiseDays: value })}
                      error={errors.defaultPromiseDays}
                    />
                    <TextField
                      label="Return pickups take (days)"
                      name="reversePromiseDays"
                      type="number"
                      min={0}
                      autoComplete="off"
                      value={draft.reversePromiseDays}
                      onChange={(value) => setDraft({ ...draft, reversePromiseDays: value })}
                      error={errors.reversePromiseDays}
                    />
                  </InlineGrid>
                  <Text as="h3" variant="headingSm">
                    Shipping lines
                  </Text>
                  {draft.shippingLines.map((line, i) => {
                    const set = (patch: Partial<typeof line>) =>
                      setDraft({ ...draft, shippingLines: draft.shippingLines.map((l, j) => (j === i ? { ...l, ...patch } : l)) });
                    return (
                      <InlineGrid key={i} columns={["twoThirds", "oneThird", "oneThird"]} gap="200">
                        <TextField
                          label="Title contains"
                          labelHidden={i > 0}
                          name={`shippingLines.${i}.contains`}
                          autoComplete="off"
                          placeholder={i >= settings.shippingLines.length ? "Add a shipping line, e.g. Overnight" : undefined}
                          value={line.contains}
                          onChange={(value) => set({ contains: value })}
                          error={errors[`shippingLines.${i}.contains`]}
                        />
                        <TextField
                          label="Promise (days)"
                          labelHidden={i > 0}
                          name={`shippingLines.${i}.days`}
                          type="number"
                          min={0}
                          autoComplete="off"
                          value={line.days}
                          onChange={(value) => set({ days: value })}
                          error={errors[`shippingLines.${i}.days`]}
                        />
                        <Select
                          label="Priority"
                          labelHidden={i > 0}
                          name={`shippingLines.${i}.priority`}
                          options={PRIORITY_OPTIONS}
                          value={line.priority}
                          onChange={(value) => set({ priority: value })}
                          error={errors[`shippingLines.${i}.priority`]}
                        />
                      </InlineGrid>
                    );
                  })}
                  <InlineStack align="end">
                    <Button submit variant="primary" loading={saving && navigation.formData?.get("intent") === "save"}>
                      Save
                    </Button>
                  </InlineStack>
                </FormLayout>
              </Card>
            </Layout.AnnotatedSection>
          </Layout>
        </Form>
        <Layout>
          <Layout.AnnotatedSection
            title="Rules"
            description="Rules outrank the scores: an excluded carrier or mode is never recommended, a preferred carrier wins whenever it can take the parcel, and a minimum priority leaves slower services out."
          >
            <Card>
              <BlockStack gap="300">
                {!hasCatalog ? (
                  <Text as="p" tone="subdued">
                    Import a catalogue first: rules name its carriers.
                  </Text>
                ) : null}
                {rules.length === 0 ? (
                  <Text as="p" tone="subdued">
                    No rules yet.
                  </Text>
                ) : (
                  rules.map((saved) => (
                    <Form method="post" key={saved.id}>
                      <input type="hidden" name="intent" value="remove-rule" />
                      <input type="hidden" name="id" value={saved.id} />
                      <InlineStack align="space-between" blockAlign="center">
                        <Text as="span">{saved.label}</Text>
                        <Button submit variant="plain" tone="critical" accessibilityLabel={`Remove rule ${saved.label}`}>
                          Remove
                        </Button>
                      </InlineStack>
                    </Form>
                  ))
                )}
                {hasCatalog ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="add-rule" />
                    <BlockStack gap="200">
                      <InlineGrid columns={{ xs: 1, md: 4 }} gap="200">
                        <Select
                          label="When"
                          name="when"
                          options={WHEN_OPTIONS}
                          value={rule.when}
                          onChange={(when) => setRule({ ...rule, when, whenValue: "" })}
                        />
                        <TextField
                          label="Value"
                          name="whenValue"
                          autoComplete="off"
                          disabled={!["min-value", "country", "region", "tag"].includes(rule.when)}
                          value={rule.whenValue}
                          onChange={(whenValue) => setRule({ ...rule, whenValue })}
                          error={errors.whenValue}
                        />
                        <Select
                          label="Then"
                          name="then"
                          options={THEN_OPTIONS}
                          value={rule.then}
                          onChange={(then) =>
                            setRule({
                              ...rule,
                              then,
                              thenValue: then === "require_mode" ? "air" : then === "min_priority" ? "express" : carriers[0]?.id ?? "",
                            })
                          }
                        />
                        <Select
                          label="Which"
                          name="thenValue"
                          options={thenChoices}
                          value={rule.thenValue}
                          onChange={(thenValue) => setRule({ ...rule, thenValue })}
                          error={errors.thenValue}
                        />
                      </InlineGrid>
                      {errors.rule ? (
                        <Text as="p" tone="critical">
                          {errors.rule}
                        </Text>
                      ) : null}
                      <InlineStack align="end">
                        <Button submit>Add rule</Button>
                      </InlineStack>
                    </BlockStack>
                  </Form>
                ) : null}
              </BlockStack>
            </Card>
          </Layout.AnnotatedSection>
        </Layout>
      </BlockStack>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteError title="Carriers" />;
}
